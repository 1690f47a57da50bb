"""The escalation ladder: nothing stalls silently. `manage.py escalate` (cron) calls `run()`.

Complaints, per deadline that still binds (the first reply until one is sent; the final answer,
or the date an extension stated), counted by barriers/deadlines.py in the same rule as every page:
1. reminder: ESCALATION_REMINDER_DAYS (3) counted days or fewer before it falls due, to the
   officers handling it: the answering officer, else the officers of the ministry holding it
   (answering, else routed; coordinators when no ministry holds it). Not while the clock is paused.
2. missed: the day after it fell due, to the holding ministry's contact address and the coordinators.
3. oversight: once it is overdue by more than ESCALATION_OVERSIGHT_AFTER_DAYS counted days, to the
   oversight readers.
Barriers: open barriers that are overdue or stale reach their lead ministry's officers and contact
address once a week (the week starting on ESCALATION_BARRIER_WEEKDAY; the first run in it sends).

Each step is sent once: an Escalation row per step (unique constraints on the deadline and its due
date, or on the barrier and the week) and, for a complaint, a row in its history with the step as
the change reason. A run costs a fixed number of SQL statements whatever the number of complaints
and barriers (one fetch of candidates, one of the steps already sent, one of the people to mail,
bulk inserts), and mails each person once per run with everything that concerns them, queued
after commit through the task backend.
"""

import copy
import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .. import deadlines, notifications
from ..change_reasons import SYSTEM_REASONS
from ..choices import BarrierEscalationKind, ComplaintDeadline, EscalationStep, Role
from ..models import Barrier, Complaint, Escalation
from ..models.barrier import BarrierQuerySet
from ..models.complaint import ComplaintQuerySet
from ..permissions import complaint_owner_id

REASONS = {
    (EscalationStep.REMINDER, ComplaintDeadline.FIRST_REPLY): SYSTEM_REASONS.REMINDED_FIRST_REPLY,
    (EscalationStep.REMINDER, ComplaintDeadline.FINAL_ANSWER): SYSTEM_REASONS.REMINDED_FINAL_ANSWER,
    (EscalationStep.MISSED, ComplaintDeadline.FIRST_REPLY): SYSTEM_REASONS.ESCALATED_FIRST_REPLY,
    (EscalationStep.MISSED, ComplaintDeadline.FINAL_ANSWER): SYSTEM_REASONS.ESCALATED_FINAL_ANSWER,
    (EscalationStep.OVERSIGHT, ComplaintDeadline.FIRST_REPLY): SYSTEM_REASONS.OVERSIGHT_FIRST_REPLY,
    (EscalationStep.OVERSIGHT, ComplaintDeadline.FINAL_ANSWER): SYSTEM_REASONS.OVERSIGHT_FINAL_ANSWER,
}


def _setting(name):
    return settings.TRACKER[name]


@dataclass
class Step:
    """One step due now: what it is about, for whom, and the Escalation row that records it."""

    row: Escalation
    recipients: list
    complaint: Complaint | None = None
    deadline: deadlines.Deadline | None = None
    barrier: Barrier | None = None

    @property
    def kind(self):
        return self.row.step or self.row.barrier_kind


@dataclass
class Report:
    steps: list = field(default_factory=list)
    mails: int = 0


# --- complaints ---------------------------------------------------------------------------------


def steps_due(complaint, today, calendar):
    """(deadline, step) pairs the ladder calls for on `today`, earliest step first."""
    reminder = _setting("ESCALATION_REMINDER_DAYS")
    oversight_after = _setting("ESCALATION_OVERSIGHT_AFTER_DAYS")
    for deadline in deadlines.complaint_deadlines(complaint, calendar, today):
        left = deadline.left
        if left.overdue:
            yield deadline, EscalationStep.MISSED
            if left.days > oversight_after:
                yield deadline, EscalationStep.OVERSIGHT
        elif not left.paused and left.days <= reminder:
            yield deadline, EscalationStep.REMINDER


class People:
    """The addresses the ladder mails, read in one query: officers of the ministries concerned,
    every coordinator, every oversight reader (active users with an address)."""

    def __init__(self, ministry_ids):
        self.officers = defaultdict(list)
        self.by_role = defaultdict(list)
        rows = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(email="")
            .filter(
                Q(membership__role__in=(Role.COORDINATOR, Role.OVERSIGHT))
                | Q(membership__role=Role.OFFICER, membership__ministry_id__in=sorted(ministry_ids))
            )
            .order_by("email")
            .values_list("email", "membership__role", "membership__ministry_id")
        )
        for email, role, ministry_id in rows:
            if role == Role.OFFICER:
                self.officers[ministry_id].append(email)
            else:
                self.by_role[role].append(email)

    def coordinators(self):
        return self.by_role[Role.COORDINATOR]

    def oversight(self):
        return self.by_role[Role.OVERSIGHT]


def _owner(complaint):
    if complaint.answering_ministry_id:
        return complaint.answering_ministry
    return complaint.routed_ministry


def _complaint_recipients(complaint, step, people):
    if step == EscalationStep.REMINDER:
        officer = complaint.answering_officer
        if officer is not None and officer.is_active and officer.email:
            return [officer.email]
        owner_id = complaint_owner_id(complaint)
        return people.officers[owner_id] if owner_id else people.coordinators()
    if step == EscalationStep.MISSED:
        owner = _owner(complaint)
        contact = [owner.email] if owner is not None and owner.email else []
        return contact + people.coordinators()
    return people.oversight()


def _complaint_steps(now, calendar):
    today = timezone.localdate(now)
    horizon = deadlines.end_of_day(calendar.shift(today, _setting("ESCALATION_REMINDER_DAYS")))
    candidates = Complaint.objects.filter(ComplaintQuerySet.due_by_q(horizon))
    rows = list(
        candidates.select_related("answering_officer", "answering_ministry", "routed_ministry", "category")
        .select_for_update(of=("self",))
        .order_by("received_at", "pk")
    )
    if not rows:
        return []
    sent = set(
        Escalation.objects.filter(complaint__in=candidates.values("pk")).values_list(
            "complaint_id", "deadline", "due", "step"
        )
    )
    due = []
    for complaint in rows:
        for deadline, step in steps_due(complaint, today, calendar):
            if (complaint.pk, deadline.kind, deadline.due, step) not in sent:
                due.append((complaint, deadline, step))
    if not due:
        return []
    people = People({complaint_owner_id(c) for c, _d, _s in due} - {None})
    steps = []
    for complaint, deadline, step in due:
        recipients = sorted(set(_complaint_recipients(complaint, step, people)))
        if not recipients:
            continue  # nobody to tell yet (no oversight reader, say): the next run tries again
        row = Escalation(
            complaint=complaint,
            deadline=deadline.kind,
            due=deadline.due,
            step=step,
            ministry_id=complaint_owner_id(complaint),
            sent_at=now,
            recipients="\n".join(recipients),
        )
        steps.append(Step(row=row, recipients=recipients, complaint=complaint, deadline=deadline))
    return steps


def _record_complaint_steps(steps, now):
    """The steps on each complaint's history (one row per step, the step as the reason), and the
    time of the latest missed-deadline escalation in `escalated_at`. Bulk: a fixed number of
    statements. The history rows are written explicitly, as simple-history's bulk helpers do."""
    missed = {s.complaint.pk for s in steps if s.row.step == EscalationStep.MISSED}
    if missed:
        Complaint.objects.filter(pk__in=sorted(missed)).update(escalated_at=now)
    versions = []
    for s in steps:
        if s.complaint.pk in missed:
            s.complaint.escalated_at = now
        version = copy.copy(s.complaint)
        version._history_user = None
        version._change_reason = REASONS[(s.row.step, s.row.deadline)]
        version._history_date = now
        versions.append(version)
    Complaint.history.bulk_history_create(versions, update=True)


# --- barriers -----------------------------------------------------------------------------------


def week_of(today):
    """The first day of the ladder's week that `today` falls in (ESCALATION_BARRIER_WEEKDAY)."""
    return today - dt.timedelta(days=(today.weekday() - _setting("ESCALATION_BARRIER_WEEKDAY")) % 7)


def _barrier_steps(now, ministry_codes=None):
    today = timezone.localdate(now)
    week = week_of(today)
    already = Escalation.objects.filter(barrier=OuterRef("pk"), week=week)
    candidates = (
        Barrier.objects.filter(BarrierQuerySet.overdue_q(today) | BarrierQuerySet.stale_q(today))
        .exclude(Exists(already))
        .with_flags(today)
        .select_related("lead_ministry")
        .order_by("lead_ministry__code", "reference")
    )
    if ministry_codes:
        candidates = candidates.filter(lead_ministry__code__in=[c.upper() for c in ministry_codes])
    rows = list(candidates)
    if not rows:
        return []
    people = People({b.lead_ministry_id for b in rows})
    steps = []
    for barrier in rows:
        contact = [barrier.lead_ministry.email] if barrier.lead_ministry.email else []
        recipients = sorted(set(contact + people.officers[barrier.lead_ministry_id]))
        if not recipients:
            continue
        for kind, flagged in (
            (BarrierEscalationKind.OVERDUE, barrier.is_overdue),
            (BarrierEscalationKind.STALE, barrier.is_stale),
        ):
            if flagged:
                row = Escalation(
                    barrier=barrier,
                    barrier_kind=kind,
                    week=week,
                    ministry_id=barrier.lead_ministry_id,
                    sent_at=now,
                    recipients="\n".join(recipients),
                )
                steps.append(Step(row=row, recipients=recipients, barrier=barrier))
    return steps


# --- the run ------------------------------------------------------------------------------------


def _mail(steps, now):
    """One mail per person per run, listing every step that concerns them."""
    per_person = defaultdict(list)
    for s in steps:
        for email in s.recipients:
            per_person[email].append(s)
    today = timezone.localdate(now)
    for email, items in sorted(per_person.items()):
        notifications.escalation_digest(email, items, today)
    return len(per_person)


def run(now=None, *, complaints=True, barriers=True, ministry_codes=None):
    """Send every step of the ladder that is due and not yet sent; returns what was sent.

    Idempotent: a second run (or a concurrent one, which waits on the candidates' row locks on
    PostgreSQL and then finds the steps recorded) sends nothing new.
    """
    now = now or timezone.now()
    with transaction.atomic():
        complaint_steps = _complaint_steps(now, deadlines.Calendar.load()) if complaints else []
        steps = list(complaint_steps)
        if barriers:
            steps += _barrier_steps(now, ministry_codes)
        if not steps:
            return Report()
        Escalation.objects.bulk_create([s.row for s in steps])
        if complaint_steps:
            _record_complaint_steps(complaint_steps, now)
        mails = _mail(steps, now)
    return Report(steps=steps, mails=mails)
