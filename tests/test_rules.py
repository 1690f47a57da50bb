"""Each rule has one home: the complaint workflow table is what the services enforce, the
per-row deadline rule agrees with the overdue query, system change reasons are stored in English
and shown translated, and periods mean the same everywhere."""

from datetime import date, timedelta

import pytest
from django.utils import timezone, translation

from barriers import change_reasons
from barriers.change_reasons import SYSTEM_REASONS, display_reason, system_reason
from barriers.choices import BARRIER_CLOSED_STATUSES, BARRIER_OPEN_STATUSES, BarrierStatus, ComplaintStatus
from barriers.complaint_workflow import COMPLAINT_OPEN_STATUSES, WORKFLOW, Action, allowed_actions, is_allowed
from barriers.errors import Invalid, InvalidTransition
from barriers.models import Barrier, Complaint
from barriers.periods import add_months, parse_period, period_choices, periods, quarter_key, quarter_of
from barriers.selectors.history import timeline
from barriers.services import complaint_clock as clock
from barriers.services import complaints as services

from .factories import submit_complaint

pytestmark = pytest.mark.django_db


# --- the complaint workflow table -----------------------------------------------------------------


def complaint_in(status, category, actor, barrier):
    complaint, _ = submit_complaint(category)
    if status == ComplaintStatus.UNDER_REVIEW:
        services.start_review(actor, complaint)
    elif status == ComplaintStatus.LINKED:
        services.link_to_barrier(actor, complaint, barrier)
    elif status == ComplaintStatus.ANSWERED:
        services.answer_complaint(actor, complaint, text="Done.", outcome="accepted")
    elif status == ComplaintStatus.REJECTED:
        services.reject_complaint(actor, complaint, grounds="Out of scope.")
    complaint.refresh_from_db()
    assert complaint.status == status
    return complaint


def run(action, actor, complaint, barrier, kcs):
    """Each action with every input it needs."""
    if action == Action.START_REVIEW:
        return services.start_review(actor, complaint)
    if action == Action.REPLY:
        return services.reply_to_complaint(actor, complaint, text="We are looking into it.")
    if action == Action.EXTEND:
        return clock.extend_review(actor, complaint, grounds="Needs the other ministry.")
    if action == Action.REQUEST_INFORMATION:
        return clock.request_information(actor, complaint, question="Which carrier?")
    if action == Action.RESUME_CLOCK:
        return clock.resume_clock(actor, complaint, reason="Answered by phone.")
    if action == Action.LINK:
        return services.link_to_barrier(actor, complaint, barrier)
    if action == Action.CREATE_BARRIER:
        return services.create_barrier_from_complaint(actor, complaint, lead_ministry=kcs, title="New", scope="korea")
    if action == Action.ANSWER:
        return services.answer_complaint(actor, complaint, text="Answered.", outcome="accepted")
    if action == Action.REJECT:
        return services.reject_complaint(actor, complaint, grounds="Not a barrier.")
    raise AssertionError(action)


@pytest.mark.parametrize("status", list(ComplaintStatus))
def test_the_services_allow_exactly_what_the_workflow_table_allows(status, customs, kcs, kcs_officer, barrier):
    for action in Action:
        complaint = complaint_in(status, customs, kcs_officer, barrier)
        rows = complaint.history.count()
        if is_allowed(status, action):
            run(action, kcs_officer, complaint, barrier, kcs)
            complaint.refresh_from_db()
            assert complaint.status == WORKFLOW[action].target, action
            assert (complaint.closed_at is not None) == WORKFLOW[action].closes, action
        else:
            with pytest.raises(InvalidTransition):
                run(action, kcs_officer, complaint, barrier, kcs)
            complaint.refresh_from_db()
            assert (complaint.status, complaint.history.count()) == (status, rows), action


def test_pages_can_ask_which_actions_a_status_allows():
    assert allowed_actions(ComplaintStatus.RECEIVED) == [a for a in Action if a != Action.RESUME_CLOCK]
    assert Action.START_REVIEW not in allowed_actions(ComplaintStatus.UNDER_REVIEW)
    for status in set(ComplaintStatus) - set(COMPLAINT_OPEN_STATUSES):
        assert allowed_actions(status) == [] == allowed_actions(status, paused=True)


def test_a_paused_clock_allows_restarting_it_and_closing_but_not_extending(customs, kcs_officer, barrier):
    paused = allowed_actions(ComplaintStatus.UNDER_REVIEW, paused=True)
    assert Action.RESUME_CLOCK in paused and Action.ANSWER in paused and Action.REJECT in paused
    assert Action.EXTEND not in paused and Action.REQUEST_INFORMATION not in paused
    complaint, _ = submit_complaint(customs)
    clock.request_information(kcs_officer, complaint, question="Which carrier?")
    rows = complaint.history.count()
    for action in Action:
        complaint.refresh_from_db()
        if action not in paused:
            with pytest.raises(InvalidTransition):
                run(action, kcs_officer, complaint, barrier, None)
            complaint.refresh_from_db()
            assert complaint.history.count() == rows and complaint.paused_at is not None


@pytest.mark.parametrize(
    ("action", "kwargs", "field"),
    [
        (Action.REPLY, {"text": " "}, "reply"),
        (Action.EXTEND, {"grounds": ""}, "grounds"),
        (Action.REQUEST_INFORMATION, {"question": " "}, "question"),
        (Action.ANSWER, {"text": "Fine.", "outcome": ""}, "outcome"),
        (Action.ANSWER, {"text": "", "outcome": "accepted"}, "reply"),
        (Action.REJECT, {"grounds": "  "}, "grounds"),
    ],
)
def test_a_missing_input_is_refused_with_the_tables_message(action, kwargs, field, customs, kcs_officer, english):
    complaint, _ = submit_complaint(customs)
    call = {
        Action.REPLY: services.reply_to_complaint,
        Action.EXTEND: clock.extend_review,
        Action.REQUEST_INFORMATION: clock.request_information,
        Action.ANSWER: services.answer_complaint,
        Action.REJECT: services.reject_complaint,
    }[action]
    with pytest.raises(Invalid) as exc:
        call(kcs_officer, complaint, **kwargs)
    assert (exc.value.first.field, exc.value.first.code) == (field, "required")
    assert exc.value.first.message == str(WORKFLOW[action].needs[field])
    assert complaint.history.count() == 1


# --- complaint deadlines: the row rule and the query rule agree ----------------------------------


def test_the_missed_deadline_of_a_row_agrees_with_the_overdue_query(customs, barrier):
    now = timezone.now()
    past, future = now - timedelta(days=1), now + timedelta(days=1)
    cases = []
    for status in ComplaintStatus:
        for replied in (None, now - timedelta(days=3)):
            for first_due in (past, future):
                for final_due in (past, future):
                    complaint, _ = submit_complaint(customs)
                    Complaint.objects.filter(pk=complaint.pk).update(
                        status=status,
                        barrier=barrier,
                        replied_at=replied,
                        first_reply_due=first_due,
                        final_answer_due=final_due,
                    )
                    cases.append(complaint.pk)
    overdue = set(Complaint.objects.overdue(now).values_list("pk", flat=True))
    flagged = {c.pk: c.is_overdue for c in Complaint.objects.with_overdue(now)}
    for complaint in Complaint.objects.filter(pk__in=cases):
        missed = complaint.missed_deadline(now)
        assert (missed is not None) == (complaint.pk in overdue) == flagged[complaint.pk], complaint.__dict__
        if missed is not None:
            assert missed < now
    assert overdue and len(overdue) < len(cases)


def test_open_complaints_are_the_workflows_open_statuses(customs, kcs_officer, barrier):
    statuses = {}
    for status in ComplaintStatus:
        statuses[complaint_in(status, customs, kcs_officer, barrier).pk] = status
    open_ones = set(Complaint.objects.open().values_list("pk", flat=True))
    assert {statuses[pk] for pk in open_ones} == set(COMPLAINT_OPEN_STATUSES)
    # A closed complaint carries closed_at, an open one none: the status and the stamp agree.
    for complaint in Complaint.objects.all():
        assert (complaint.closed_at is None) == (complaint.status in COMPLAINT_OPEN_STATUSES)


# --- barriers: open, closed, overdue ---------------------------------------------------------------


def test_open_and_closed_barrier_statuses_cover_every_status_once():
    assert set(BARRIER_OPEN_STATUSES) | set(BARRIER_CLOSED_STATUSES) == set(BarrierStatus)
    assert not set(BARRIER_OPEN_STATUSES) & set(BARRIER_CLOSED_STATUSES)


def test_the_api_reads_overdue_from_the_queryset_rule(barrier, gql, reader):
    Barrier.objects.filter(pk=barrier.pk).update(target_on=date(2020, 1, 1), identified_on=date(2019, 1, 1))
    query = "query($r: String!) { barrier(reference: $r) { isOverdue } }"
    assert gql(query, {"r": barrier.reference}, user=reader)[1]["data"]["barrier"]["isOverdue"] is True
    Barrier.objects.filter(pk=barrier.pk).update(status=BarrierStatus.REJECTED)
    assert gql(query, {"r": barrier.reference}, user=reader)[1]["data"]["barrier"]["isOverdue"] is False


# --- system change reasons ------------------------------------------------------------------------


def test_system_reasons_are_stored_in_english_and_shown_in_the_readers_language(customs, kcs, kcs_officer):
    complaint, _ = submit_complaint(customs)
    with translation.override("ko"):
        barrier = services.create_barrier_from_complaint(
            kcs_officer, complaint, lead_ministry=kcs, title="Labels", scope="market"
        )
    stored = barrier.history.get().history_change_reason
    assert stored == f"Filed from complaint {complaint.reference}"
    with translation.override("ko"):
        assert timeline(barrier)[0].reason == f"건의 {complaint.reference}에서 등록"
    with translation.override("en"):
        assert timeline(barrier)[0].reason == stored
    linked = complaint.history.latest("history_date").history_change_reason
    assert linked == f"New barrier {barrier.reference} filed from it"
    with translation.override("ko"):
        assert display_reason(linked) == f"이 건의로 새 장벽 {barrier.reference} 등록"
        assert display_reason("Found in the strategy study") == "Found in the strategy study"  # a person's words
        assert display_reason(None) == ""


def test_every_system_reason_has_a_korean_translation():
    with translation.override("ko"):
        for msgid in change_reasons.ALL:
            assert translation.gettext(msgid) != msgid, msgid


def test_only_registered_reasons_are_stored_as_system_reasons():
    assert system_reason(SYSTEM_REASONS.LINKED, reference="CN-0001") == "Linked to CN-0001"
    with pytest.raises(ValueError):
        system_reason("Something new")


# --- periods ---------------------------------------------------------------------------------------


def test_periods_mean_the_same_everywhere():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -2) == date(2025, 11, 15)
    assert quarter_of(date(2026, 5, 17)) == (date(2026, 4, 1), date(2026, 6, 30))
    assert quarter_key(date(2026, 12, 31)) == "2026-Q4"
    assert parse_period(" 2026-q2 ").key == "2026-Q2"
    year = parse_period("2025")
    assert (year.first, year.last) == (date(2025, 1, 1), date(2025, 12, 31))
    assert parse_period("2026-Q5", today=date(2026, 2, 1)).key == "2026-Q1"
    assert period_choices(today=date(2026, 2, 1), quarters=3, years=2) == [
        "2026-Q1",
        "2025-Q4",
        "2025-Q3",
        "2026",
        "2025",
    ]
    assert periods(date(2026, 2, 10), date(2026, 7, 1), "quarter") == [
        (date(2026, 1, 1), date(2026, 3, 31)),
        (date(2026, 4, 1), date(2026, 6, 30)),
        (date(2026, 7, 1), date(2026, 9, 30)),
    ]
