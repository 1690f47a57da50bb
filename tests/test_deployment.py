"""Production settings: `check --deploy` is clean, the WSGI entry point is safe by default, and a
500 in a web view leaves its traceback in the log with DEBUG off."""

import io
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "k3y-for-the-deploy-check-" + "Zq8#Lm2!Vx9$Rt4%Wp7^Bn1&Hc6*Jd5",
    "ALLOWED_HOSTS": "tracker.example.go.kr",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
}


def clean_env(**extra):
    """The machine's environment without what the test run set (DEBUG, TRACKER_TESTING, ...)."""
    keep = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "TMPDIR", "DATABASE_URL")}
    keep.update(DJANGO_SETTINGS_MODULE="tracker.settings", **extra)
    return keep


def python(code, **env):
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=clean_env(**env), capture_output=True, text=True, timeout=120
    )


def test_check_deploy_has_no_warnings_with_production_settings():
    run = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean_env(**PRODUCTION),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "System check identified no issues" in run.stdout, run.stdout + run.stderr


SHOW = "from django.conf import settings as s; print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.SECURE_HSTS_SECONDS, s.SECURE_PROXY_SSL_HEADER)"


def test_the_wsgi_entry_point_defaults_to_debug_off_and_https():
    run = python("import tracker.wsgi; " + SHOW, SECRET_KEY=PRODUCTION["SECRET_KEY"])
    assert run.returncode == 0, run.stderr
    assert run.stdout.split() == ["False", "True", "True", "31536000", "None"]


def test_the_wsgi_entry_point_refuses_to_start_without_a_secret_key():
    run = python("import tracker.wsgi")
    assert run.returncode != 0 and "SECRET_KEY must be set" in run.stderr


def test_a_bare_manage_py_keeps_debug_on_as_the_contract_says():
    run = python("import django; django.setup(); " + SHOW)
    assert run.returncode == 0, run.stderr
    assert run.stdout.split()[:3] == ["True", "False", "False"]


def test_https_settings_come_from_the_environment():
    run = python(
        "import tracker.wsgi; " + SHOW,
        **PRODUCTION,
        SECURE_SSL_REDIRECT="0",
        SECURE_HSTS_SECONDS="600",
        SECURE_COOKIES="1",
    )
    assert run.stdout.split() == ["False", "False", "True", "600", "('HTTP_X_FORWARDED_PROTO',", "'https')"]


@pytest.mark.django_db
def test_a_500_in_a_web_view_is_logged_with_its_traceback(reader, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("the dashboard selector broke")

    monkeypatch.setattr("barriers.web.oversight.views.build_dashboard", broken)
    handler = next(h for h in logging.getLogger("django.request").handlers if isinstance(h, logging.StreamHandler))
    stream = io.StringIO()
    monkeypatch.setattr(handler, "stream", stream)
    client = Client(raise_request_exception=False)
    client.force_login(reader)
    assert client.get("/dashboard/").status_code == 500
    logged = stream.getvalue()
    assert "Internal Server Error: /dashboard/" in logged
    assert "Traceback" in logged and "RuntimeError: the dashboard selector broke" in logged
