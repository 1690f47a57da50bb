"""The private status link's token is never stored in clear on the server: the complaint keeps its
SHA-256, the session table nothing. The confirmation page still offers the link, from a short-lived
cookie scoped to that page."""

import re

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from barriers.models import Complaint

from .complaint_support import form_data

pytestmark = pytest.mark.django_db


def test_the_raw_token_is_in_no_session_and_the_confirmation_page_still_links_it(
    customs, django_capture_on_commit_callbacks
):
    client = Client()
    client.get("/complaints/new/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaints/new/", form_data(customs))
    assert response.status_code == 303
    token = re.search(r"/complaints/status/([^/\s]+)/", mail.outbox[0].body)[1]
    for session in Session.objects.all():
        assert token not in str(session.get_decoded()) and token not in session.session_data
    assert token not in str(Complaint.objects.values().get())

    confirmation = client.get(response["Location"])
    assert confirmation.status_code == 200
    assert f"/complaints/status/{token}/" in confirmation.content.decode()
    assert client.get(f"/complaints/status/{token}/").status_code == 200

    cookie = next(
        c for c in client.cookies.values() if token in c.value or c["path"].startswith("/complaints/received/")
    )
    assert cookie["httponly"] and cookie["path"] == response["Location"] and int(cookie["max-age"]) <= 3600


def test_another_browser_gets_the_confirmation_without_the_link(customs):
    response = Client().post("/complaints/new/", form_data(customs))
    other = Client().get(response["Location"])
    assert other.status_code == 200 and "/complaints/status/" not in other.content.decode()
    assert Complaint.objects.get().reference in other.content.decode()
