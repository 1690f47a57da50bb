"""The SME journey around the form: a lost link found again, every mail with a working link, a
status page that restates everything, a confirmation that says what happens next, and "did this
solve it?"."""

import re

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.utils import timezone

from barriers.models import Complaint, EvidenceFile
from barriers.services import barriers as barrier_services
from barriers.services import complaints as services

from .factories import publish, submit_complaint

LINK = re.compile(r"http://\S+/complaints/status/(\S+)/")


def links(message):
    return [f"/complaints/status/{token}/" for token in LINK.findall(message.body)]


@pytest.fixture
def complaint(customs):
    complaint, token = submit_complaint(
        customs, product="HS 3304 lipstick", description="세관이 건별 신고를 요구합니다."
    )
    EvidenceFile.objects.create(
        complaint=complaint,
        file="x/y.pdf",
        original_name="invoice-march.pdf",
        content_type="application/pdf",
        size=10,
        sha256="0",
    )
    complaint.first_token = token
    return complaint


def test_find_my_report_mails_a_new_link_and_retires_the_old_one(client, complaint, django_capture_on_commit_callbacks):
    old = f"/complaints/status/{complaint.first_token}/"
    assert client.get(old).status_code == 200
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/complaints/find/", {"reference": complaint.reference.lower(), "email": "MINJI@hanbit.example"}
        )
    assert response.status_code == 200
    matched_page = response.content.decode()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["minji@hanbit.example"]
    [new] = links(mail.outbox[0])
    assert client.get(new).status_code == 200
    assert client.get(old).status_code == 404

    # The same answer, and no mail, when they do not match.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/complaints/find/", {"reference": complaint.reference, "email": "someone@else.example"})
    other_page = response.content.decode()
    assert mail.outbox == []
    csrf = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')
    assert csrf.sub("", other_page.replace("someone@else.example", "X")) == csrf.sub(
        "", matched_page.replace("MINJI@hanbit.example", "X")
    )


def test_find_my_report_checks_its_input_and_is_rate_limited(client, complaint, settings):
    response = client.post("/complaints/find/", {"reference": "12345", "email": "x"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "C-2026-000123" in response.content.decode()
    tracker = {**settings.TRACKER, "COMPLAINT_FIND_RATE": "2/m"}
    cache.clear()
    with override_settings(RATELIMIT_ENABLE=True, TRACKER=tracker):
        codes = [
            client.post("/complaints/find/", {"reference": complaint.reference, "email": "a@b.example"}).status_code
            for _ in range(3)
        ]
    cache.clear()
    assert codes == [200, 200, 429]


def test_every_follow_up_mail_carries_a_working_link(
    client, complaint, kcs_officer, kcs, customs, coord, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_to_complaint(kcs_officer, complaint, text="첫 번째 답변입니다.")
    [link] = links(mail.outbox[-1])
    assert "첫 번째 답변입니다." in client.get(link).content.decode()

    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Internal title never shown to complainants",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.link_to_barrier(kcs_officer, complaint, barrier)
        barrier.refresh_from_db()
        barrier_services.change_status(kcs_officer, barrier, status="confirmed", reason="r", version=barrier.version)
    to_complainant = [m for m in mail.outbox if m.to == ["minji@hanbit.example"]]
    assert len(to_complainant) >= 3  # the reply, the link, the barrier's change
    for message in to_complainant:
        assert "Internal title" not in message.body
        [link] = links(message)
        assert client.get(link).status_code == 200


def test_the_status_page_restates_everything(client, complaint, kcs_officer, kcs, customs, coord):
    kcs.email = "parcels@customs.example"
    kcs.save()
    services.reply_to_complaint(kcs_officer, complaint, text="첫 번째 답변: 검토 중입니다.")
    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Internal title never shown to complainants",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )
    publish(kcs_officer, coord, barrier, title_en="Parcel declarations", summary_ko="요약", summary_en="S")
    services.link_to_barrier(kcs_officer, complaint, barrier, reply="두 번째 답변: 알려진 장벽에 연결했습니다.")
    page = client.get(f"/complaints/status/{complaint.first_token}/").content.decode()
    for text in (
        "HS 3304 lipstick",
        "세관이 건별 신고를 요구합니다.",
        "invoice-march.pdf",
        "중국",  # the market
        "통관",  # the category
        "관세청",  # the answering ministry
        "parcels@customs.example",
        "첫 번째 답변: 검토 중입니다.",
        "두 번째 답변: 알려진 장벽에 연결했습니다.",
        "소액 물품 수출신고 부담",  # the linked barrier's public title
        f"/public/barriers/{barrier.reference}/",
    ):
        assert text in page, text
    assert "Internal title" not in page
    received = timezone.localtime(complaint.received_at)
    assert f"{received.year}. {received.month}. {received.day}." in page  # the Korean way of writing dates
    english = client.get(f"/complaints/status/{complaint.first_token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert str(received.year) in english and "Parcel declarations" in english


def test_the_confirmation_page_says_what_happens_next(client, customs):
    from .complaint_support import form_data

    response = client.post("/complaints/new/", form_data(customs))
    page = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    complaint = Complaint.objects.get()
    assert complaint.reference in page
    assert "What happens next" in page and "reviews your complaint" in page
    assert "/complaints/find/" in page
    due = complaint.first_reply_due
    assert str(due.year) in page


def test_did_this_solve_it(client, complaint, kcs_officer, kcs, customs, client_for):
    status = f"/complaints/status/{complaint.first_token}/"
    assert 'name="feedback"' not in client.get(status).content.decode()  # nothing to judge yet
    response = client.post(f"{status}feedback/", {"feedback": "no"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.feedback == ""

    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Parcel declarations",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )
    services.link_to_barrier(kcs_officer, complaint, barrier)
    for target in ("confirmed", "in_progress", "resolved"):
        barrier.refresh_from_db()
        barrier_services.change_status(
            kcs_officer, barrier, status=target, reason="r", version=barrier.version, resolution_summary="Done."
        )
    assert 'name="feedback"' in client.get(status).content.decode()
    client.post(f"{status}feedback/", {"feedback": "no"})
    complaint.refresh_from_db()
    assert complaint.feedback == "no" and complaint.feedback_at is not None
    assert client.post(f"{status}feedback/", {"feedback": "maybe"}).status_code == 302  # refused, kept
    complaint.refresh_from_db()
    assert complaint.feedback == "no"
    barrier_page = client_for(kcs_officer).get(f"/barriers/{barrier.reference}/", HTTP_ACCEPT_LANGUAGE="en")
    assert "1 complainant says this resolution did not solve their problem" in barrier_page.content.decode()
    assert client.post("/complaints/status/not-a-token/feedback/", {"feedback": "yes"}).status_code == 404
