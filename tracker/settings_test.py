"""Test settings: the real settings plus what makes tests fast and deterministic."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TRACKER_TESTING", "1")
# Decided before settings load: graphene-django adds its debug middleware (around every resolver)
# when DEBUG is on at import time, and tests run with DEBUG off as production does.
os.environ["DEBUG"] = "0"

from .settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
RATELIMIT_ENABLE = False
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Each test gets a MEDIA_ROOT of its own (tests/conftest.py, `media_root`); this is only for code run
# with these settings outside a test, and keeps even that out of the checkout's var/media.
MEDIA_ROOT = Path(tempfile.gettempdir()) / "tracker-test-media"
# Templates resolve {% static %} without a collectstatic manifest; WhiteNoise serves from the apps.
# (tests/test_static_files.py runs collectstatic with the production storage.)
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# The test client speaks plain HTTP (production redirects it to HTTPS; tests/test_deployment.py
# checks that in a subprocess), and sign-in throttling is on only in tests about it.
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
AXES_ENABLED = False
