"""Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT wrong passwords from one address for
one user, even the right password is refused for a while, with a clear message; another address
is not locked; an administrator unlocks with `axes_reset_username`. The state is in the database,
so every worker sees it. (Other tests run with AXES_ENABLED = False.)"""

import io

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.test import Client, override_settings

from .factories import officer

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def person(kcs):
    return officer(kcs, username="kim")  # password "pw" (tests/factories.py)


def attempt(password, address="203.0.113.7", language="ko", username="kim"):
    return Client().post(
        LOGIN,
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        HTTP_ACCEPT_LANGUAGE=language,
    )


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_five_wrong_passwords_lock_the_user_at_that_address(person):
    for _ in range(4):
        assert attempt("wrong").status_code == 200  # the form again, "didn't match"
    assert attempt("wrong").status_code == 429  # the fifth failure locks
    locked = attempt("pw")  # the right password, too late
    assert locked.status_code == 429
    html = locked.content.decode()
    assert "로그인 실패가 너무 많습니다" in html and "30분" in html and 'name="username"' in html
    assert "_auth_user_id" not in locked.client.session
    english = attempt("pw", language="en")
    assert english.status_code == 429 and "Too many failed sign-in attempts" in english.content.decode()
    assert AccessAttempt.objects.filter(username="kim").exists()  # shared by every worker

    assert attempt("pw", address="198.51.100.9").status_code == 302  # another address is not locked

    call_command("axes_reset_username", "kim", stdout=io.StringIO())
    assert attempt("pw").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_a_success_resets_the_count(person):
    for _ in range(4):
        attempt("wrong")
    assert attempt("pw").status_code == 302
    for _ in range(4):
        attempt("wrong")
    assert attempt("pw").status_code == 302


@override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=5)
def test_the_admin_login_is_throttled_too(person):
    for _ in range(5):
        Client().post("/admin/login/", {"username": "kim", "password": "x"}, REMOTE_ADDR="203.0.113.7")
    response = Client().post("/admin/login/", {"username": "kim", "password": "pw"}, REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 429
