"""A complaint's clock: extending its review, pausing it while the complainant is asked for more
information, restarting it, and rebuilding its due dates (after a closure day changes).

The arithmetic is barriers/deadlines.py; these functions decide when the inputs change, store the
due dates it computes (so lists and "overdue" stay SQL), write history and queue the mail.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, notifications
from ..change_reasons import SYSTEM_REASONS
from ..complaint_workflow import WORKFLOW, Action
from ..errors import Invalid, InvalidTransition
from ..models import Complaint, ComplaintPause
from .common import stamp
from .complaints import _assign, _locked, _require_allowed, _require_text, _save_triage

MAX_TEXT = 5000


def _text(value, action, field):
    value = _require_text(value, action, field)
    if len(value) > MAX_TEXT:
        raise Invalid(_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}, field=field)
    return value


# --- extension ----------------------------------------------------------------------------------


@transaction.atomic
def extend_review(actor, complaint, *, grounds, new_due=None):
    """Extend the review once, with written grounds and a new final-answer date (at most
    deadlines.extension_limit; that limit when none is given). The complainant is
    mailed both; from then on the new date is the deadline, moved on only by later pauses."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.EXTEND)
    if current.extended_at is not None:
        raise InvalidTransition(
            _("The review was already extended once (to %(due)s); it cannot be extended again.")
            % {"due": current.extension_due},
            field="new_due",
        )
    grounds = _text(grounds, Action.EXTEND, "grounds")
    calendar = deadlines.Calendar.load()
    clock = deadlines.clock_of(current)
    limit = deadlines.extension_limit(clock, calendar)
    current_due = deadlines.local_date(current.final_answer_due)
    new_due = new_due or limit
    if new_due <= current_due:
        raise Invalid(
            _("The new deadline must come after the current one (%(due)s).") % {"due": current_due}, field="new_due"
        )
    if new_due > limit:
        raise Invalid(_("The new deadline can be %(limit)s at the latest.") % {"limit": limit}, field="new_due")
    closed = calendar.closed_because(new_due) if calendar.rule == deadlines.WORKING else None
    if closed:
        raise Invalid(
            _("%(day)s is not a working day (%(why)s); choose a working day.") % {"day": new_due, "why": closed},
            field="new_due",
        )
    now = timezone.now()
    current.extended_review = True
    current.extended_at = now
    current.extension_due = new_due
    current.extension_grounds = grounds
    current.status = WORKFLOW[Action.EXTEND].target
    current.replied_at = current.replied_at or now  # the notice of extension answers the complainant
    deadlines.rebuild_due_dates(current, calendar)
    _assign(current, actor)
    _save_triage(current, actor, SYSTEM_REASONS.REVIEW_EXTENDED)
    notifications.complaint_updated(current, calendar)
    return current


# --- pauses -------------------------------------------------------------------------------------


@transaction.atomic
def request_information(actor, complaint, *, question):
    """Ask the complainant for more information: the clock stops until they answer (on their
    status page) or an officer restarts it."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.REQUEST_INFORMATION)
    question = _text(question, Action.REQUEST_INFORMATION, "question")
    now = timezone.now()
    pause = ComplaintPause(complaint=current, paused_at=now, asked_by=actor, question=question)
    stamp(pause, actor, SYSTEM_REASONS.CLOCK_PAUSED)
    pause.save()
    current.paused_at = now
    current.status = WORKFLOW[Action.REQUEST_INFORMATION].target
    _assign(current, actor)
    _save_triage(current, actor, SYSTEM_REASONS.CLOCK_PAUSED)
    notifications.information_requested(current, question)
    return current


def _resume(current, *, by, answer, reason):
    pause = ComplaintPause.objects.select_for_update().get(complaint=current, resumed_at__isnull=True)
    now = timezone.now()
    pause.resumed_at = now
    pause.resumed_by = by
    pause.answer = answer
    stamp(pause, by, reason)
    pause.save()
    current.paused_at = None
    deadlines.rebuild_due_dates(current, deadlines.Calendar.load())
    return pause


@transaction.atomic
def answer_information_request(complaint, *, text):
    """The complainant answers on their status page (the caller has checked the private token).
    The clock restarts today; the officers handling it are told."""
    current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    if current.paused_at is None or current.closed_at is not None:
        raise InvalidTransition(_("Nothing is waiting for your answer."), field="answer")
    text = (text or "").strip()
    if not text:
        raise Invalid(_("Write your answer."), field="answer", code="required")
    if len(text) > MAX_TEXT:
        raise Invalid(_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}, field="answer")
    pause = _resume(current, by=None, answer=text, reason=SYSTEM_REASONS.CLOCK_RESUMED_BY_COMPLAINANT)
    _save_triage(current, None, SYSTEM_REASONS.CLOCK_RESUMED_BY_COMPLAINANT)
    notifications.information_received(current, pause)
    return current


@transaction.atomic
def resume_clock(actor, complaint, *, reason):
    """An officer restarts the clock without an answer on the page (it came by phone or post)."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.RESUME_CLOCK)
    reason = _text(reason, Action.RESUME_CLOCK, "reason")
    _resume(current, by=actor, answer="", reason=reason)
    current.status = WORKFLOW[Action.RESUME_CLOCK].target
    _save_triage(current, actor, reason)
    notifications.complaint_updated(current)
    return current


# --- rebuilding -----------------------------------------------------------------------------------


def recount_open_complaints(actor, around, calendar=None):
    """Rebuild the due dates of open complaints whose periods may span the day `around` (a closure
    day added, changed or removed). Writes a history row for each complaint whose dates moved.
    Call inside the caller's transaction."""
    calendar = calendar or deadlines.Calendar.load()
    candidates = list(
        Complaint.objects.open()
        .filter(received_at__lte=deadlines.end_of_day(around))
        .select_for_update(of=("self",))
        .prefetch_related("pauses")
    )
    changed = []
    for complaint in candidates:
        if deadlines.rebuild_due_dates(complaint, calendar, list(complaint.pauses.all())):
            stamp(complaint, actor, SYSTEM_REASONS.DEADLINES_RECOUNTED)
            changed.append(complaint)
    if changed:
        Complaint.objects.bulk_update(changed, ["first_reply_due", "final_answer_due"])
        Complaint.history.bulk_history_create(changed, update=True)
    return changed
