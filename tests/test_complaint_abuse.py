"""The public form under abuse: CSRF, rate limit, honeypot, double submits, oversized requests."""

import threading
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client, override_settings

from barriers.models import Complaint

from .complaint_support import form_data

URL = "/complaints/new/"


@pytest.mark.django_db
def test_csrf_is_enforced(customs):
    client = Client(enforce_csrf_checks=True)
    assert client.post(URL, form_data(customs)).status_code == 403
    assert Complaint.objects.count() == 0


@pytest.mark.django_db
def test_a_limited_submission_gets_the_form_back_with_everything_typed_and_when_to_retry(customs, settings):
    tracker = {**settings.TRACKER, "COMPLAINT_RATE": "2/m"}
    cache.clear()
    with override_settings(RATELIMIT_ENABLE=True, TRACKER=tracker):
        client = Client(REMOTE_ADDR="203.0.113.7")
        codes = [client.post(URL, form_data(customs), HTTP_ACCEPT_LANGUAGE="en").status_code for _ in range(3)]
        refused = client.post(URL, form_data(customs, description="Fourth report, kept."), HTTP_ACCEPT_LANGUAGE="en")
        other_address = Client(REMOTE_ADDR="198.51.100.9").post(URL, form_data(customs))
        assert client.get(URL).status_code == 200  # reading the form is never limited
    cache.clear()
    assert codes == [303, 303, 429]
    page = refused.content.decode()
    assert refused.status_code == 429 and 'id="limit-notice"' in page
    assert "Please send it again in" in page and int(refused["Retry-After"]) > 0
    assert "Fourth report, kept." in page and "minji@hanbit.example" in page  # nothing typed is lost
    assert other_address.status_code == 303
    assert Complaint.objects.count() == 3


@pytest.mark.django_db
def test_corrections_do_not_count_against_the_submission_limit(customs, settings):
    """Refused submissions have their own, higher limit: an SME fixing mistakes is not locked out."""
    tracker = {**settings.TRACKER, "COMPLAINT_RATE": "2/m", "COMPLAINT_REFUSED_RATE": "8/m"}
    cache.clear()
    with override_settings(RATELIMIT_ENABLE=True, TRACKER=tracker):
        client = Client(REMOTE_ADDR="203.0.113.8")
        wrong = [client.post(URL, form_data(customs, email="not-an-address")).status_code for _ in range(6)]
        checks = [client.post(URL, {**form_data(customs), "check": "1"}).status_code for _ in range(2)]
        accepted = client.post(URL, form_data(customs))
        blocked = client.post(URL, form_data(customs, email="still-wrong"))
    cache.clear()
    assert wrong == [200] * 6 and checks == [200, 200]
    assert accepted.status_code == 303  # eight refusals did not use up the two submissions
    assert blocked.status_code == 429 and "still-wrong" in blocked.content.decode()
    assert Complaint.objects.count() == 1


@pytest.mark.django_db
def test_a_filled_honeypot_is_refused_plainly_and_saves_nothing(client, customs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(customs, website="http://spam.example"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400 and "nothing was saved" in response.content.decode()
    assert Complaint.objects.count() == 0 and mail.outbox == []


@pytest.mark.django_db
def test_a_double_submit_creates_one_complaint_and_answers_both_with_it(
    client, customs, django_capture_on_commit_callbacks
):
    data = form_data(customs)
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(URL, data)
        second = client.post(URL, data)
    assert first.status_code == second.status_code == 303
    assert first["Location"] == second["Location"]
    # one confirmation to the complainant (and one notice of arrival to the routed ministry)
    assert Complaint.objects.count() == 1 and len(mail.outbox) == 2
    assert [m.to for m in mail.outbox].count(["minji@hanbit.example"]) == 1


@pytest.mark.django_db
def test_an_oversized_request_is_refused_before_reading_it(client, customs, settings):
    settings.TRACKER = {**settings.TRACKER, "EVIDENCE_MAX_BYTES": 1000, "EVIDENCE_MAX_FILES": 1}
    response = client.post(
        URL, form_data(customs, description="x" * 4000, padding="y" * (1024 * 1024 + 2000)), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 413 and "Nothing was saved" in response.content.decode()
    assert Complaint.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_twins_with_one_submission_id_make_one_complaint_on_postgres(customs):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: SQLite serialises writers, so there is no race to test")
    data = form_data(customs, submission_id=str(uuid.uuid4()))
    barrier = threading.Barrier(4)
    results = []

    def submit():
        barrier.wait()
        try:
            results.append(Client().post(URL, data)["Location"])
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(results) == 4 and len(set(results)) == 1
    assert Complaint.objects.filter(submission_id=data["submission_id"]).count() == 1
