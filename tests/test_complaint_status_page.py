"""An SME follows a report through its private link; nobody else can find it."""

import hashlib
import secrets

import pytest
from django.core import mail

from barriers.services import barriers as barrier_services
from barriers.services import complaints as services

from .factories import submit_complaint

pytestmark = pytest.mark.django_db


def status_page(client, token, language="en"):
    return client.get(f"/complaints/status/{token}/", HTTP_ACCEPT_LANGUAGE=language)


def test_only_the_hash_of_the_token_is_stored(customs):
    complaint, token = submit_complaint(customs)
    assert complaint.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert len(token) >= 40


def test_guessing_tokens_finds_nothing_and_a_wrong_token_looks_like_a_missing_one(client, customs):
    complaint, token = submit_complaint(customs)
    wrong = [secrets.token_urlsafe(32) for _ in range(25)] + [
        token[:-1],
        token.upper(),
        complaint.reference,
        complaint.token_hash,
        "x" * 300,
    ]
    answers = {(r.status_code, r.content) for r in (status_page(client, t) for t in wrong)}
    assert len(answers) == 1 and next(iter(answers))[0] == 404
    assert status_page(client, token).status_code == 200


def test_the_page_shows_status_reply_linked_barrier_and_timeline_but_nothing_of_others(
    client, customs, barrier, kcs_officer, django_capture_on_commit_callbacks
):
    mine, token = submit_complaint(customs, description="My own parcel story")
    other, _ = submit_complaint(
        customs, description="SECRET story of another firm", company_name="Other Firm", email="other@firm.example"
    )
    services.start_review(kcs_officer, mine)
    services.link_to_barrier(kcs_officer, mine, barrier, reply="We know this one; see CN progress.")
    services.link_to_barrier(kcs_officer, other, barrier, reply="Reply meant for the other firm only")
    barrier_services.add_progress_update(kcs_officer, barrier, text="Draft notice sent to MOEF", rag="on_track")
    with django_capture_on_commit_callbacks(execute=True):
        barrier_services.change_status(
            kcs_officer, barrier, status="confirmed", reason="internal: checked with Kim", version=barrier.version
        )

    html = status_page(client, token).content.decode()
    assert mine.reference in html and "Linked to a barrier" in html
    assert "We know this one; see CN progress." in html
    # the internal title is not for complainants; an unpublished barrier shows its reference
    assert barrier.reference in html and barrier.title not in html and "United States" in html
    assert "Confirmed" in html and "On track" in html  # when progress was reported and how it stands
    for secret in (
        "SECRET story",
        "Other Firm",
        "other@firm.example",
        "Reply meant for the other firm",
        "internal: checked with Kim",
        "Draft notice sent to MOEF",
        other.reference,
    ):
        assert secret not in html
    # the timeline: received, under review, linked (with reply), barrier confirmed; and the reply,
    # in full, with its date
    assert html.count("<time") == 6

    # every status change of the linked barrier is e-mailed to each linked complainant
    to = sorted(m.to[0] for m in mail.outbox if barrier.reference in m.subject and "tracker.example" not in m.to[0])
    assert to == ["minji@hanbit.example", "other@firm.example"]


def test_every_change_on_the_complaint_is_emailed_in_the_complainants_language(
    customs, kcs_officer, django_capture_on_commit_callbacks
):
    complaint, _ = submit_complaint(customs)
    with django_capture_on_commit_callbacks(execute=True):
        services.start_review(kcs_officer, complaint)
        services.reply_to_complaint(kcs_officer, complaint, text="We are checking with customs.")
        services.answer_complaint(
            kcs_officer, complaint, text="Possible today with form B.", outcome="already_possible"
        )
    assert [m.to for m in mail.outbox] == [["minji@hanbit.example"]] * 3
    assert "검토 중" in mail.outbox[0].subject
    assert "Possible today with form B." in mail.outbox[2].body


def test_the_confirmation_page_shows_the_reference_and_the_status_link_to_the_submitter_only(client, customs):
    from .complaint_support import form_data

    response = client.post("/complaints/new/", form_data(customs))
    page = client.get(response["Location"]).content.decode()
    assert "C-" in page and "/complaints/status/" in page
    from django.test import Client

    stranger = Client().get(response["Location"]).content.decode()
    assert "C-" in stranger and "/complaints/status/" not in stranger


def test_the_status_page_costs_a_fixed_number_of_queries(
    client, customs, barrier, kcs_officer, django_assert_num_queries
):
    complaint, token = submit_complaint(customs)
    services.start_review(kcs_officer, complaint)
    services.reply_to_complaint(kcs_officer, complaint, text="Checking.")
    services.link_to_barrier(kcs_officer, complaint, barrier)
    barrier_services.change_status(kcs_officer, barrier, status="confirmed", reason="ok", version=barrier.version)
    # complaint, its evidence files, its history, its clock pauses, the closure days (for the days
    # left), the barrier's history, the latest progress update, the barrier's public version
    with django_assert_num_queries(8):
        assert status_page(client, token).status_code == 200
