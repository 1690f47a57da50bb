"""Officers triage complaints: review, link to a barrier or file one, answer, reject, deadlines."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.db.models import Count
from django.test import Client
from django.utils import timezone

from barriers import deadlines
from barriers.errors import Forbidden, Invalid, InvalidTransition
from barriers.filters import ComplaintFilterSet
from barriers.models import Barrier, Complaint, EvidenceFile
from barriers.selectors.barriers import barrier_page_queryset
from barriers.services import complaint_clock as clock
from barriers.services import complaints as services

from .complaint_support import PDF, form_data, upload
from .factories import submit_complaint

pytestmark = pytest.mark.django_db


def history_reasons(complaint):
    return list(
        complaint.history.order_by("history_date", "history_id").values_list(
            "status", "history_change_reason", "history_user__username"
        )
    )


def test_review_then_link_to_an_existing_barrier_with_history_and_a_count(customs, barrier, kcs_officer):
    complaint, _ = submit_complaint(customs)
    services.start_review(kcs_officer, complaint)
    services.link_to_barrier(kcs_officer, complaint, barrier.reference, reply="Known barrier.")
    complaint.refresh_from_db()
    assert complaint.status == "linked" and complaint.barrier == barrier and complaint.closed_at
    assert complaint.answering_ministry.code == "KCS" and complaint.answering_officer == kcs_officer
    assert complaint.replied_at is not None
    assert history_reasons(complaint) == [
        ("received", "Submitted through the public form", None),
        ("under_review", "Review started", "kcs_officer"),
        ("linked", f"Linked to {barrier.reference}", "kcs_officer"),
    ]
    second, _ = submit_complaint(customs)
    services.link_to_barrier(kcs_officer, second, barrier)
    assert barrier.complaints.count() == 2
    assert barrier_page_queryset(kcs_officer, {"complaint_count"}).get(pk=barrier.pk).complaint_count == 2


def test_create_a_barrier_from_a_complaint(customs, kcs, kcs_officer, django_capture_on_commit_callbacks):
    complaint, _ = submit_complaint(customs, country="JP", product="HS 3304", description="Labels must be Japanese.")
    with django_capture_on_commit_callbacks(execute=True):
        barrier = services.create_barrier_from_complaint(
            kcs_officer, complaint, lead_ministry=kcs, title="Japanese labelling for cosmetics", scope="market"
        )
    assert barrier.source == "sme_complaint" and barrier.country == "JP" and barrier.category == customs
    assert barrier.description == "Labels must be Japanese." and barrier.sectors == "HS 3304"
    assert barrier.reference == "JP-0001"
    row = barrier.history.get()
    assert row.history_user == kcs_officer and complaint.reference in row.history_change_reason
    complaint.refresh_from_db()
    assert complaint.status == "linked" and complaint.barrier == barrier
    assert history_reasons(complaint)[-1] == ("linked", f"New barrier {barrier.reference} filed from it", "kcs_officer")
    assert any(m.to == ["minji@hanbit.example"] and "JP-0001" in m.body for m in mail.outbox)


def test_a_refusal_needs_written_grounds(customs, kcs_officer):
    complaint, _ = submit_complaint(customs)
    with pytest.raises(Invalid) as exc:
        services.reject_complaint(kcs_officer, complaint, grounds="  ")
    assert exc.value.first.code == "required" and exc.value.first.field == "grounds"
    complaint.refresh_from_db()
    assert complaint.status == "received" and complaint.history.count() == 1
    services.reject_complaint(kcs_officer, complaint, grounds="Already allowed under rule 12; see form B.")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("rejected", "not_accepted")
    assert complaint.reply.startswith("Already allowed")


def test_answer_records_the_outcome_and_closed_complaints_stay_closed(customs, kcs_officer):
    complaint, _ = submit_complaint(customs)
    services.answer_complaint(kcs_officer, complaint, text="Accepted; rule changes in March.", outcome="accepted")
    complaint.refresh_from_db()
    assert (complaint.status, complaint.outcome) == ("answered", "accepted")
    with pytest.raises(InvalidTransition):
        services.reject_complaint(kcs_officer, complaint, grounds="changed mind")
    with pytest.raises(InvalidTransition):
        services.start_review(kcs_officer, complaint)


def test_extended_review_moves_the_final_answer_to_the_limit_by_default(customs, kcs_officer, settings):
    complaint, _ = submit_complaint(customs)
    calendar = deadlines.Calendar.load()
    received = timezone.localdate(complaint.received_at)
    assert complaint.final_answer_due == deadlines.end_of_day(
        calendar.nth_day(received, settings.TRACKER["COMPLAINT_REFUSAL_GROUNDS_DAYS"])
    )
    clock.extend_review(kcs_officer, complaint, grounds="Needs consultation with the US side.")
    complaint.refresh_from_db()
    assert complaint.extended_review and complaint.status == "under_review"
    limit = calendar.nth_day(received, settings.TRACKER["COMPLAINT_FINAL_ANSWER_DAYS"])
    assert complaint.extension_due == limit and complaint.final_answer_due == deadlines.end_of_day(limit)


@pytest.mark.parametrize(
    "actor_name,allowed",
    [
        ("anonymous", False),
        ("reader", False),
        ("fsc_officer", False),  # customs complaints are routed to KCS
        ("kcs_officer", True),
        ("coord", True),
    ],
)
def test_actor_matrix_for_triage(request, customs, barrier, actor_name, allowed):
    from django.contrib.auth.models import AnonymousUser

    actor = AnonymousUser() if actor_name == "anonymous" else request.getfixturevalue(actor_name)
    complaint, _ = submit_complaint(customs)
    attempts = [
        lambda: services.start_review(actor, complaint),
        lambda: services.link_to_barrier(actor, complaint, barrier),
        lambda: services.reject_complaint(actor, complaint, grounds="No."),
    ]
    if not allowed:
        for attempt in attempts:
            with pytest.raises(Forbidden):
                attempt()
        complaint.refresh_from_db()
        assert complaint.status == "received" and complaint.history.count() == 1
        assert barrier.complaints.count() == 0
    else:
        attempts[0]()
        attempts[1]()
        complaint.refresh_from_db()
        assert complaint.status == "linked" and complaint.history.count() == 3


def test_any_officer_may_pick_up_a_complaint_that_no_ministry_holds(fsc_officer, fsc):
    from .factories import CategoryFactory

    complaint, _ = submit_complaint(CategoryFactory(code="other"))  # no default ministry: not routed
    assert complaint.routed_ministry is None
    services.start_review(fsc_officer, complaint)
    complaint.refresh_from_db()
    assert complaint.answering_ministry == fsc


def test_once_a_ministry_answers_a_complaint_other_ministries_cannot_act_on_it(
    customs, kcs, kcs_officer, fsc_officer, coord
):
    complaint, _ = submit_complaint(customs)
    services.start_review(kcs_officer, complaint, answering_ministry=kcs)
    complaint.refresh_from_db()
    before = (complaint.status, complaint.reply, complaint.history.count())
    for attempt in (
        lambda: services.reject_complaint(fsc_officer, complaint, grounds="Not ours."),
        lambda: services.answer_complaint(fsc_officer, complaint, text="Done.", outcome="accepted"),
        lambda: clock.extend_review(fsc_officer, complaint, grounds="Busy."),
    ):
        with pytest.raises(Forbidden):
            attempt()
    complaint.refresh_from_db()
    assert (complaint.status, complaint.reply, complaint.history.count()) == before
    services.answer_complaint(kcs_officer, complaint, text="Fixed by notice.", outcome="accepted")
    other, _ = submit_complaint(customs)
    services.start_review(kcs_officer, other, answering_ministry=kcs)
    services.reject_complaint(coord, other, grounds="Already possible: see notice 2026-3.")  # coordinators may


def test_overdue_complaints_are_flagged_and_filterable(customs, kcs_officer):
    late, _ = submit_complaint(customs)
    fresh, _ = submit_complaint(customs)
    answered, _ = submit_complaint(customs)
    services.reply_to_complaint(kcs_officer, answered, text="Looking into it.")
    now = timezone.now() + timedelta(days=40)  # past the 14 working days
    Complaint.objects.filter(pk=fresh.pk).update(first_reply_due=now + timedelta(days=1))  # test set-up only

    assert set(Complaint.objects.overdue(now)) == {late}
    Complaint.objects.filter(pk=late.pk).update(first_reply_due=timezone.now() - timedelta(days=1))  # set-up only
    assert list(ComplaintFilterSet({"overdue": True}, queryset=Complaint.objects.all()).qs) == [late]
    # escalating them is the ladder's: tests/test_escalation.py


def test_anonymise_blanks_personal_data_in_rows_and_history_and_keeps_the_facts(
    customs, kcs_officer, settings, django_capture_on_commit_callbacks
):
    old, _ = submit_complaint(customs, phone="+821012345678")
    recent, _ = submit_complaint(customs)
    services.start_review(kcs_officer, old)
    cutoff = timezone.now() - timedelta(days=settings.TRACKER["COMPLAINT_RETENTION_DAYS"] + 1)
    Complaint.objects.filter(pk=old.pk).update(received_at=cutoff)  # set-up only: make it old
    EvidenceFile.objects.create(
        complaint=old,
        file="aa/old.pdf",
        original_name="old.pdf",
        content_type="application/pdf",
        size=3,
        sha256="0" * 64,
    )
    with django_capture_on_commit_callbacks(execute=True):
        call_command("anonymise_complaints")
    old.refresh_from_db()
    assert (old.company_name, old.business_number, old.contact_name, old.email, str(old.phone or "")) == ("",) * 5
    assert old.anonymised_at and old.country == "CN" and old.category == customs and old.status == "under_review"
    assert not old.evidence.exists()
    for row in old.history.all():
        assert (row.company_name, row.business_number, row.contact_name, row.email, str(row.phone or "")) == ("",) * 5
    assert old.history.latest("history_date").history_change_reason == "Anonymised after the retention period"
    recent.refresh_from_db()
    assert recent.email == "minji@hanbit.example"
    assert recent.history.filter(email="minji@hanbit.example").exists()


# --- the admin -----------------------------------------------------------------------------------


def test_admin_shows_personal_data_to_the_superuser_only_and_evidence_through_the_guarded_view(
    client_for, customs, kcs_officer, reader, superuser
):
    Client().post("/complaints/new/", form_data(customs, evidence=[upload("invoice.pdf", PDF)]))
    complaint = Complaint.objects.get()
    item = complaint.evidence.get()
    url = f"/admin/barriers/complaint/{complaint.pk}/change/"

    admin_page = client_for(superuser).get(url).content.decode()
    assert "한빛화장품" in admin_page and "1234567891" in admin_page
    assert f"/complaints/evidence/{item.pk}/" in admin_page

    for member in (kcs_officer, reader):  # they read complaints on the workspace and dashboard pages
        refused = client_for(member).get(url)
        assert refused.status_code == 302 and "/admin/login/" in refused["Location"]
        assert "한빛화장품" not in refused.content.decode()

    download = client_for(kcs_officer).get(f"/complaints/evidence/{item.pk}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    assert "attachment" in download["Content-Disposition"]
    assert client_for(reader).get(f"/complaints/evidence/{item.pk}/").status_code == 403
    anonymous = Client().get(f"/complaints/evidence/{item.pk}/")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]


def test_admin_list_filters_overdue_and_triage_page_calls_the_services(
    client_for, customs, kcs, kcs_officer, reader, superuser
):
    late, _ = submit_complaint(customs)
    on_time, _ = submit_complaint(customs)
    Complaint.objects.filter(pk=late.pk).update(first_reply_due=timezone.now() - timedelta(days=1))  # set-up only
    officer = client_for(superuser)  # officers triage on /workspace/complaints/<ref>/
    listing = officer.get("/admin/barriers/complaint/?overdue=1").content.decode()
    assert late.reference in listing and on_time.reference not in listing

    triage = f"/admin/barriers/complaint/{late.pk}/triage/"
    response = officer.post(
        triage,
        {
            "action": "create_barrier",
            "title": "Per-parcel declarations",
            "scope": "korea",
            "lead_ministry": kcs.pk,
            "text": "Filed as a barrier.",
        },
    )
    assert response.status_code == 302
    late.refresh_from_db()
    assert late.status == "linked" and late.barrier.source == "sme_complaint"
    refused = officer.post(
        f"/admin/barriers/complaint/{on_time.pk}/triage/", {"action": "reject", "text": ""}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert refused.status_code == 200 and "grounds" in refused.content.decode()
    for member in (reader, kcs_officer):
        refused = client_for(member).post(f"/admin/barriers/complaint/{on_time.pk}/triage/", {"action": "start_review"})
        assert refused.status_code == 302 and "/admin/login/" in refused["Location"]
    on_time.refresh_from_db()
    assert on_time.status == "received" and on_time.history.count() == 1
    assert Barrier.objects.annotate(n=Count("complaints")).get(pk=late.barrier_id).n == 1


def test_complaints_filter_by_category_and_answering_ministry_codes(customs, kcs, kcs_officer):
    from .factories import CategoryFactory

    payment = CategoryFactory(code="payment")
    customs_case, _ = submit_complaint(customs)
    payment_case, _ = submit_complaint(payment)
    services.start_review(kcs_officer, customs_case, answering_ministry=kcs)

    def refs(params):
        fs = ComplaintFilterSet(params, queryset=Complaint.objects.all())
        assert fs.is_valid(), fs.errors
        return sorted(c.reference for c in fs.qs)

    assert refs({"category": ["customs"]}) == [customs_case.reference]
    assert refs({"category": ["customs", "payment"]}) == sorted([customs_case.reference, payment_case.reference])
    assert refs({"answering_ministry": ["KCS"]}) == [customs_case.reference]
