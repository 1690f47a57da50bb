"""The escalation ladder: `manage.py escalate` sends every due step once, whoever runs it how often."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from barriers import deadlines
from barriers.models import Complaint, Escalation
from barriers.services import complaints as complaint_services
from barriers.services import escalation

from .complaint_support import submit_complaint
from .factories import BarrierFactory, officer

pytestmark = pytest.mark.django_db

# Wednesday 18 November 2026, 09:00 in Seoul: no holiday within two weeks either side.
RUN = timezone.make_aware(dt.datetime(2026, 11, 18, 9, 0))
TODAY = RUN.date()


def complaint_due_on(category, first_reply_due, **overrides):
    """A complaint whose first reply falls due on `first_reply_due` (set-up only: dates moved in SQL)."""
    complaint, _ = submit_complaint(category, **overrides)
    Complaint.objects.filter(pk=complaint.pk).update(
        received_at=RUN - dt.timedelta(days=30),
        first_reply_due=deadlines.end_of_day(first_reply_due),
        final_answer_due=deadlines.end_of_day(TODAY + dt.timedelta(days=80)),
    )
    complaint.refresh_from_db()
    return complaint


def working_days_from_today(n):
    return deadlines.Calendar.load().shift(TODAY, n)


def build_world(customs, kcs, n=1):
    """n complaints at each rung, and n barriers that are overdue and stale, all with KCS."""
    world = {"soon": [], "missed": [], "long_missed": [], "quiet": [], "barriers": []}
    for _ in range(n):
        world["soon"].append(complaint_due_on(customs, working_days_from_today(2)))
        world["missed"].append(complaint_due_on(customs, working_days_from_today(-1)))
        world["long_missed"].append(complaint_due_on(customs, working_days_from_today(-10)))
        world["quiet"].append(complaint_due_on(customs, working_days_from_today(8)))
        world["barriers"].append(
            BarrierFactory(lead_ministry=kcs, category=customs, target_on=dt.date(2026, 10, 1), status="in_progress")
        )
    return world


def run(capture, now=RUN):
    with capture(execute=True):
        return escalation.run(now)


def outbox_by_person():
    out = {}
    for message in mail.outbox:
        assert len(message.to) == 1, "one mail per person"
        out.setdefault(message.to[0], []).append(message)
    return out


def test_each_step_goes_once_to_the_right_people(
    customs, kcs, kcs_officer, coord, reader, django_capture_on_commit_callbacks
):
    world = build_world(customs, kcs)
    soon, missed, long_missed, quiet = (world[k][0] for k in ("soon", "missed", "long_missed", "quiet"))
    barrier = world["barriers"][0]

    report = run(django_capture_on_commit_callbacks)

    assert report.mails == 4
    mails = outbox_by_person()
    assert set(mails) == {kcs_officer.email, kcs.email, coord.email, reader.email}
    assert all(len(m) == 1 for m in mails.values()), "one mail per person per run"
    officer_mail, contact_mail = mails[kcs_officer.email][0].body, mails[kcs.email][0].body
    coord_mail, reader_mail = mails[coord.email][0].body, mails[reader.email][0].body
    # a reminder to the officers of the ministry holding it (no answering officer yet)
    assert soon.reference in officer_mail and soon.reference not in coord_mail + contact_mail + reader_mail
    assert "근무일 2일 남음" in officer_mail  # the days left, counted as every page counts them
    # missed: the ministry's contact and the coordinators
    for c in (missed, long_missed):
        assert c.reference in contact_mail and c.reference in coord_mail
    # oversight only for the one missed long enough
    assert long_missed.reference in reader_mail and missed.reference not in reader_mail
    assert quiet.reference not in "".join(m.body for m in mail.outbox)
    # the barrier reaches the lead ministry's officers, not only its contact address
    assert barrier.reference in officer_mail and barrier.reference in contact_mail
    assert barrier.reference not in coord_mail
    # facts only: no complainant's person in any escalation mail
    assert "한빛화장품" not in "".join(m.body for m in mail.outbox)

    steps = set(Escalation.objects.values_list("complaint__reference", "barrier__reference", "step", "barrier_kind"))
    assert steps == {
        (soon.reference, None, "reminder", ""),
        (missed.reference, None, "missed", ""),
        (long_missed.reference, None, "missed", ""),
        (long_missed.reference, None, "oversight", ""),
        (None, barrier.reference, "", "overdue"),
        (None, barrier.reference, "", "stale"),
    }
    reasons = list(long_missed.history.order_by("history_id").values_list("history_change_reason"))
    assert reasons[-2:] == [
        ("Escalated to the ministry and the coordinators: first reply overdue",),
        ("Escalated to oversight: first reply still overdue",),
    ]
    missed.refresh_from_db()
    assert missed.escalated_at == RUN

    # run again, at once and later the same day: nothing new
    mail.outbox.clear()
    assert run(django_capture_on_commit_callbacks).mails == 0
    assert run(django_capture_on_commit_callbacks, RUN + dt.timedelta(hours=6)).mails == 0
    assert mail.outbox == [] and Escalation.objects.count() == 6
    assert long_missed.history.count() == len(reasons)


def test_the_answering_officer_gets_the_reminder_and_a_reply_ends_the_first_reply_ladder(
    customs, kcs, kcs_officer, coord, django_capture_on_commit_callbacks
):
    colleague = officer(kcs, username="colleague")
    complaint = complaint_due_on(customs, working_days_from_today(3))
    complaint_services.start_review(kcs_officer, complaint)
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[kcs_officer.email]]
    assert colleague.email not in {m.to[0] for m in mail.outbox}

    complaint_services.reply_to_complaint(kcs_officer, complaint, text="Looking into it.")
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, RUN + dt.timedelta(days=7))  # the first reply would be missed now
    assert mail.outbox == []


def test_a_moved_deadline_is_a_new_deadline_with_its_own_ladder(
    customs, kcs, kcs_officer, coord, django_capture_on_commit_callbacks
):
    complaint = complaint_due_on(customs, working_days_from_today(1))
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    # the clock was paused and restarted, which moved the due date: the reminder is for the new date
    Complaint.objects.filter(pk=complaint.pk).update(first_reply_due=deadlines.end_of_day(working_days_from_today(2)))
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    assert list(Escalation.objects.order_by("id").values_list("step", "due")) == [
        ("reminder", working_days_from_today(1)),
        ("reminder", working_days_from_today(2)),
    ]


def test_no_reminder_while_the_clock_is_paused(customs, kcs, kcs_officer, django_capture_on_commit_callbacks):
    complaint = complaint_due_on(customs, working_days_from_today(1))
    Complaint.objects.filter(pk=complaint.pk).update(paused_at=RUN - dt.timedelta(days=1))
    run(django_capture_on_commit_callbacks)
    assert mail.outbox == [] and not Escalation.objects.exists()


def test_barriers_go_once_a_week(customs, kcs, kcs_officer, django_capture_on_commit_callbacks):
    barrier = BarrierFactory(lead_ministry=kcs, category=customs, target_on=dt.date(2026, 10, 1))
    monday = dt.date(2026, 11, 16)
    for day in range(7):  # a daily cron, Monday to Sunday
        run(
            django_capture_on_commit_callbacks,
            timezone.make_aware(dt.datetime.combine(monday, dt.time(8))) + dt.timedelta(days=day),
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted([kcs.email, kcs_officer.email])
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks, timezone.make_aware(dt.datetime(2026, 11, 23, 8)))  # next Monday
    assert len(mail.outbox) == 2 and barrier.reference in mail.outbox[0].body
    assert set(Escalation.objects.values_list("week", flat=True)) == {monday, dt.date(2026, 11, 23)}


@pytest.mark.parametrize("n", [1, 5])
def test_a_run_costs_a_fixed_number_of_queries(
    n, customs, kcs, kcs_officer, coord, reader, django_capture_on_commit_callbacks, django_assert_num_queries
):
    build_world(customs, kcs, n)
    mail.outbox.clear()
    with django_assert_num_queries(11), django_capture_on_commit_callbacks(execute=True):
        report = escalation.run(RUN)
    assert len(report.steps) == 6 * n and report.mails == 4
    with CaptureQueriesContext(connection) as again:
        escalation.run(RUN)
    assert len(again) <= 8  # nothing to send: the reads only


def test_the_command_and_its_aliases(
    customs, kcs, kcs_officer, coord, reader, capsys, django_capture_on_commit_callbacks
):
    world = build_world(customs, kcs)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("complaint_deadlines")  # the complaint half only, as before
    out = capsys.readouterr().out
    assert f"missed    {world['missed'][0].reference}" in out
    assert not Escalation.objects.filter(barrier__isnull=False).exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("barrier_deadlines", "--email")
    assert world["barriers"][0].reference in capsys.readouterr().out
    with django_capture_on_commit_callbacks(execute=True):
        call_command("escalate")
    assert capsys.readouterr().out.strip().endswith("0 steps sent in 0 mails.")


def test_an_extension_starts_the_final_answer_ladder_for_its_new_date(
    customs, kcs, kcs_officer, coord, django_capture_on_commit_callbacks
):
    from barriers.services import complaint_clock

    complaint = complaint_due_on(customs, working_days_from_today(1))
    complaint_services.start_review(kcs_officer, complaint)
    complaint_clock.extend_review(
        kcs_officer, complaint, grounds="Needs the other ministry.", new_due=dt.date(2027, 3, 10)
    )
    complaint.refresh_from_db()
    assert deadlines.local_date(complaint.final_answer_due) == dt.date(2027, 3, 10)
    mail.outbox.clear()
    run(django_capture_on_commit_callbacks)  # the extension answered the complainant: no first-reply step
    assert mail.outbox == []
    monday = timezone.make_aware(dt.datetime(2027, 3, 8, 9))
    run(django_capture_on_commit_callbacks, monday)
    run(django_capture_on_commit_callbacks, monday + dt.timedelta(hours=1))
    assert [m.to for m in mail.outbox] == [[kcs_officer.email]]
    assert "최종 답변 기한" in mail.outbox[0].body and "근무일 2일 남음" in mail.outbox[0].body
    assert list(Escalation.objects.values_list("deadline", "due", "step")) == [
        ("final_answer", dt.date(2027, 3, 10), "reminder")
    ]
    assert complaint.history.order_by("-history_id").first().history_change_reason == (
        "Reminder sent to the officers: final answer due soon"
    )
