"""Complaint reads: the public status page's view of one complaint, and officer lists."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count

from .. import deadlines
from ..choices import BarrierStatus, ComplaintStatus
from ..models import Barrier, Complaint, ProgressUpdate


@dataclass
class StatusEvent:
    when: datetime
    kind: str  # "complaint" | "reply" | "barrier" | "asked" | "answered" | "resumed" | "extended"
    status: str  # a label
    text: str = ""


def complaint_list_queryset(user):
    return (
        Complaint.objects.visible_to(user)
        .select_related("category", "barrier", "answering_ministry", "routed_ministry")
        .with_overdue()
    )


def barriers_with_complaint_counts(queryset=None):
    """Barriers annotated with how many complaints raised them (Barrier.complaints)."""
    return (queryset if queryset is not None else Barrier.objects.all()).annotate(complaint_count=Count("complaints"))


def public_status(complaint):
    """What the complainant may see: own status and replies, and the linked barrier's public
    fields. Never another complainant's text, never internal reasons or officers' names.
    Five queries: complaint history, pauses, closure days, barrier history, latest progress update."""
    events = []
    pauses = list(complaint.pauses.all())
    previous = None
    for row in complaint.history.order_by("history_date", "history_id").only(
        "history_date", "status", "reply", "extended_review", "final_answer_due"
    ):
        if previous is None or row.status != previous.status:
            events.append(StatusEvent(row.history_date, "complaint", str(ComplaintStatus(row.status).label)))
        if row.reply and (previous is None or row.reply != previous.reply):
            events.append(StatusEvent(row.history_date, "reply", str(ComplaintStatus(row.status).label), row.reply))
        previous = row
    barrier = complaint.barrier
    latest_progress = None
    if barrier is not None:
        linked_at = next((e.when for e in events if e.status == str(ComplaintStatus.LINKED.label)), None)
        last = None
        for row in barrier.history.order_by("history_date", "history_id").only("history_date", "status"):
            if last is not None and row.status != last and (linked_at is None or row.history_date >= linked_at):
                events.append(StatusEvent(row.history_date, "barrier", str(BarrierStatus(row.status).label)))
            last = row.status
        latest_progress = ProgressUpdate.objects.filter(barrier=barrier).order_by("-date", "-id").first()
    for pause in pauses:
        events.append(StatusEvent(pause.paused_at, "asked", "", pause.question))
        if pause.resumed_at is not None and pause.resumed_by_id is None and pause.answer:
            events.append(StatusEvent(pause.resumed_at, "answered", "", pause.answer))
        elif pause.resumed_at is not None and complaint.closed_at != pause.resumed_at:
            events.append(StatusEvent(pause.resumed_at, "resumed", ""))
    if complaint.extended_at is not None:
        events.append(StatusEvent(complaint.extended_at, "extended", "", complaint.extension_grounds))
    events.sort(key=lambda e: e.when)
    calendar = deadlines.Calendar.load()
    return {
        "complaint": complaint,
        "barrier": barrier,
        "events": events,
        "latest_progress": latest_progress,
        "deadlines": deadlines.complaint_deadlines(complaint, calendar),
        "open_pause": next((p for p in pauses if p.resumed_at is None), None) if complaint.paused_at else None,
        "deadline_rule": calendar.rule,
    }
