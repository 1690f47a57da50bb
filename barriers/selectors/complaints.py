"""Complaint reads: the public status page's view of one complaint, and officer lists."""

from dataclasses import dataclass
from datetime import datetime

from .. import deadlines
from ..choices import BarrierStatus, ComplaintStatus
from ..models import Complaint, ProgressUpdate


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
        "public_barrier": public_barrier(barrier),
        "events": events,
        "replies": [e for e in events if e.kind == "reply"],
        "files": [f.original_name for f in complaint.evidence.all()],
        "latest_progress": latest_progress,
        "deadlines": deadlines.complaint_deadlines(complaint, calendar),
        "open_pause": next((p for p in pauses if p.resumed_at is None), None) if complaint.paused_at else None,
        "deadline_rule": calendar.rule,
    }


def public_barrier(barrier):
    """What a complainant may read of the barrier their report is linked to: its reference,
    market and status, and, when it is on the public register, its public title and page. The
    internal title and texts are never shown to complainants. One query."""
    if barrier is None:
        return None
    from ..models import Publication

    publication = Publication.objects.published().select_related("live").filter(barrier_id=barrier.pk).first()
    return {
        "reference": barrier.reference,
        "country": barrier.country,
        "status": barrier.status,
        "status_label": barrier.get_status_display(),
        "title": publication.live.title if publication else "",
        "published": publication is not None,
    }


def unsolved_reports(barrier):
    """How many complainants linked to a resolved barrier answered 'no' to "did this solve it?"
    (None when the barrier is not resolved: the question does not arise)."""
    from ..choices import ComplaintFeedback

    if barrier.status != BarrierStatus.RESOLVED:
        return None
    return Complaint.objects.filter(barrier_id=barrier.pk, feedback=ComplaintFeedback.NO).count()


def complaints_linked_to(barrier, user):
    """The complaints that raised a barrier, newest first, for its page: their facts only (the
    person behind each stays on the triage page, for those allowed). One query."""
    return list(
        Complaint.objects.visible_to(user)
        .filter(barrier=barrier)
        .select_related("category")
        .order_by("-received_at", "-id")
    )
