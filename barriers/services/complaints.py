"""Complaint writes: submission by an SME, triage by officers, deadline sweeps, anonymisation.

Every function is one use case in one transaction. Mail to the complainant and to coordinators is
queued after commit through barriers.notifications; nothing here knows about HTTP.
"""

import hashlib
import logging
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import deadlines, notifications, permissions
from ..change_reasons import SYSTEM_REASONS, system_reason
from ..choices import (
    BARRIER_CLOSED_STATUSES,
    BarrierStatus,
    ComplaintFeedback,
    ComplaintOutcome,
    ComplaintStatus,
    Source,
)
from ..complaint_workflow import ANSWER_OUTCOMES, WORKFLOW, Action, is_allowed, is_open
from ..errors import Invalid, InvalidTransition, NotFound
from ..models import Barrier, Complaint, ComplaintPause, EvidenceFile, Ministry
from ..models.complaint import PERSONAL_FIELDS, RandomName, private_storage
from . import barriers as barrier_services
from .common import display_name, next_reference_number, require, stamp, validate

log = logging.getLogger(__name__)

SUBMITTED_FIELDS = (
    "company_name",
    "business_number",
    "contact_name",
    "email",
    "phone",
    "country",
    "category",
    "product",
    "description",
    "desired_fix",
)


def hash_token(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


@dataclass
class Submission:
    complaint: Complaint
    token: str | None  # the private status token; None when this was a repeat of an earlier POST
    created: bool


@dataclass
class Evidence:
    """One checked upload: the file object, its original name and the type found in its content."""

    upload: object
    name: str
    content_type: str
    extension: str
    size: int


def _tracker(name):
    return settings.TRACKER[name]


def submit_complaint(*, submission_id, data, evidence=(), language="ko", status_url=None, follow=None):
    """Save a complaint and its files in one transaction; idempotent on submission_id.

    A repeat of the same submission_id (double click, resubmitted POST, a concurrent twin) returns
    the first submission's complaint with created=False. Files written to storage are removed if
    the transaction does not commit. `status_url(token)` builds the private link for the e-mail.

    `follow`: the reference of a published barrier the SME recognised as theirs at intake ("this
    is my problem: follow it"). The complaint is then a report of that barrier: linked to it at
    once (the barrier counts it, the SME hears of its changes), answered by its lead ministry.
    """
    existing = Complaint.objects.filter(submission_id=submission_id).first()
    if existing is not None:
        return Submission(existing, None, False)
    unknown = set(data) - set(SUBMITTED_FIELDS)
    if unknown:
        raise Invalid(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    followed = _followed_barrier(follow)
    written = []
    try:
        with transaction.atomic():
            stored = [_store(item, written) for item in evidence]
            token = secrets.token_urlsafe(32)
            now = timezone.now()
            calendar = deadlines.Calendar.load()
            first_reply_due, final_answer_due = deadlines.initial_due_dates(now, calendar)
            complaint = Complaint(
                submission_id=submission_id,
                token_hash=hash_token(token),
                language=language[:8],
                consent_at=now,
                received_at=now,
                first_reply_due=first_reply_due,
                final_answer_due=final_answer_due,
                **data,
            )
            complaint.routed_ministry_id = route(data.get("category"))
            complaint.reference = "pending"
            validate(complaint, exclude=["reference", "submission_id", "token_hash"])
            complaint.reference = f"C-{now.year}-{next_reference_number(f'C-{now.year}'):06d}"
            reason = SYSTEM_REASONS.SUBMITTED
            if followed is not None:
                _link_at_intake(complaint, followed, now)
                reason = system_reason(SYSTEM_REASONS.FOLLOWED_AT_INTAKE, reference=followed.reference)
            stamp(complaint, None, reason)
            complaint.save()
            for item, name, digest in stored:
                EvidenceFile.objects.create(
                    complaint=complaint,
                    file=name,
                    original_name=item.name[:255],
                    content_type=item.content_type,
                    size=item.size,
                    sha256=digest,
                )
            notifications.complaint_received(complaint, status_url(token) if status_url else "", calendar)
            if followed is None and complaint.routed_ministry_id:
                notifications.complaint_arrived(complaint, calendar)
    except IntegrityError:
        _delete_files(written)
        twin = Complaint.objects.filter(submission_id=submission_id).first()
        if twin is None:
            raise
        return Submission(twin, None, False)
    except BaseException:
        _delete_files(written)
        raise
    return Submission(complaint, token, True)


def route(category):
    """The ministry a new complaint goes to on arrival: its category's default ministry (or none,
    and then coordinators hold it)."""
    return getattr(category, "default_ministry_id", None)


def _followed_barrier(reference):
    """The published barrier an SME chose to follow, or None; an unknown or unpublished one is
    refused (the SME only ever saw published ones)."""
    if not reference:
        return None
    barrier = (
        permissions.public_barriers(Barrier.objects.all())
        .select_related("lead_ministry")
        .filter(reference=str(reference).strip())
        .first()
    )
    if barrier is None:
        raise Invalid(
            _(
                "The barrier %(ref)s is not on the public register. Choose another one, or send your complaint on its own."
            )
            % {"ref": str(reference)[:20]},
            field="follow",
        )
    return barrier


def _link_at_intake(complaint, barrier, now):
    """A report of a known barrier: linked and answered at once by what the register says; the
    lead ministry holds it. The complainant follows the barrier's status from here."""
    complaint.barrier = barrier
    complaint.status = ComplaintStatus.LINKED
    complaint.answering_ministry_id = barrier.lead_ministry_id
    complaint.reply = _default_link_reply(barrier, complaint.language)
    complaint.replied_at = now
    complaint.closed_at = now


def _store(item, written):
    """Write one upload to private storage under a random name; remember it for cleanup."""
    digest = hashlib.sha256()
    item.upload.seek(0)
    for chunk in item.upload.chunks():
        digest.update(chunk)
    item.upload.seek(0)
    name = private_storage.save(RandomName()(None, f"x{item.extension}"), item.upload)
    written.append(name)
    return item, name, digest.hexdigest()


def _delete_files(names):
    for name in names:
        try:
            private_storage.delete(name)
        except OSError:  # the cause of the rollback matters more; leave a trace of this one
            log.warning("could not remove evidence file %s after a rollback", name, exc_info=True)


STATUS_LINK_SALT = "barriers.complaints.status-link"


def status_token(complaint):
    """A private status token for the mails after the first one.

    Only the SHA-256 of the token mailed at submission is stored, so later mails cannot repeat
    it; they carry this signed token instead: the complaint's id and the start of its token hash,
    signed with SECRET_KEY. Issuing a new link ("find my report") replaces the hash, which retires
    the first link and every signed one made before it.
    """
    return signing.dumps([complaint.pk, complaint.token_hash[:16]], salt=STATUS_LINK_SALT)


def get_by_token(token):
    """The complaint a private status link points at (the first mail's token or a signed one).
    A wrong token and a missing one look alike."""
    if not token or len(token) > 100:
        raise NotFound(_("Not found."))
    complaints = Complaint.objects.select_related(
        "barrier", "category", "answering_ministry", "routed_ministry", "answering_officer"
    ).prefetch_related("evidence")
    complaint = complaints.filter(token_hash=hash_token(token)).first()
    if complaint is None and ":" in token:
        try:
            pk, prefix = signing.loads(token, salt=STATUS_LINK_SALT)
            complaint = complaints.filter(pk=int(pk), token_hash__startswith=str(prefix)).first() if prefix else None
        except (signing.BadSignature, ValueError, TypeError):
            complaint = None
    if complaint is None:
        raise NotFound(_("Not found."))
    return complaint


def request_new_link(*, reference, email, status_url):
    """'Find my complaint': if `reference` and `email` belong to one report (not yet anonymised), a
    new private link replaces the old ones and is mailed to that address. Returns nothing, so
    that the caller answers the same whether or not they matched."""
    reference = (reference or "").strip().upper()[:20]
    email = (email or "").strip()
    if not reference or not email:
        return
    with transaction.atomic():
        complaint = (
            Complaint.objects.select_for_update()
            .filter(reference=reference, email__iexact=email, anonymised_at__isnull=True)
            .first()
        )
        if complaint is None:
            log.info("find my report: no match for %s", reference)
            return
        token = secrets.token_urlsafe(32)
        complaint.token_hash = hash_token(token)
        stamp(complaint, None, SYSTEM_REASONS.NEW_LINK)
        complaint.save(update_fields=["token_hash"])
        notifications.complaint_new_link(complaint, status_url(token))


# --- triage -------------------------------------------------------------------------------------


def _locked(complaint, actor):
    """The complaint's row, locked; permission is judged on it, not on the caller's copy."""
    require(permissions.can_triage_complaint(actor), _("Only officers and coordinators triage complaints."))
    try:
        current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    except Complaint.DoesNotExist:
        raise NotFound(_("This complaint no longer exists."), field="reference")
    require(
        permissions.can_triage_complaint(actor, current),
        _("Another ministry answers this complaint: its officers or a coordinator act on it."),
    )
    return current


def _require_allowed(current, action):
    """The workflow table (complaint_workflow.WORKFLOW) decides; the message names both statuses,
    or the clock when that is what stands in the way."""
    paused = current.paused_at is not None
    if is_allowed(current.status, action, paused):
        return
    if is_allowed(current.status, action, not paused):
        if paused:
            raise InvalidTransition(
                _("The clock is paused until the complainant answers; restart it first."), field="status"
            )
        raise InvalidTransition(_("The clock is not paused."), field="status")
    if action == Action.START_REVIEW and current.status == ComplaintStatus.UNDER_REVIEW:
        raise InvalidTransition(_("This complaint is already under review."), field="status")
    raise InvalidTransition(
        _("A complaint that is %(src)s cannot become %(dst)s.")
        % {
            "src": current.get_status_display(),
            "dst": ComplaintStatus(WORKFLOW[action].target).label,
        },
        field="status",
    )


def _require_text(value, action, field):
    """A text input the action needs (WORKFLOW[action].needs), stripped; missing -> `required`."""
    if not (value or "").strip():
        raise Invalid(WORKFLOW[action].needs[field], field=field, code="required")
    return value.strip()


def _assign(current, actor):
    membership = getattr(actor, "membership", None)
    if current.answering_ministry_id is None and membership is not None and membership.ministry_id:
        current.answering_ministry_id = membership.ministry_id
    if current.answering_officer_id is None and actor is not None and actor.is_authenticated:
        current.answering_officer = actor


def _save_triage(current, actor, reason):
    validate(current)
    stamp(current, actor, reason)
    current.save()
    return current


@transaction.atomic
def start_review(actor, complaint, *, answering_ministry=None, reason=""):
    current = _locked(complaint, actor)
    _require_allowed(current, Action.START_REVIEW)
    if answering_ministry is not None:
        current.answering_ministry_id = getattr(answering_ministry, "pk", answering_ministry)
    _assign(current, actor)
    current.status = WORKFLOW[Action.START_REVIEW].target
    _save_triage(current, actor, reason or SYSTEM_REASONS.REVIEW_STARTED)
    notifications.complaint_updated(current)
    return current


@transaction.atomic
def reply_to_complaint(actor, complaint, *, text):
    """A first (interim) reply: the complaint stays open and the 14-day deadline is met."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.REPLY)
    now = timezone.now()
    current.reply = _require_text(text, Action.REPLY, "reply")
    current.replied_at = current.replied_at or now
    current.status = WORKFLOW[Action.REPLY].target
    _assign(current, actor)
    _save_triage(current, actor, SYSTEM_REASONS.REPLIED)
    notifications.complaint_updated(current)
    return current


def _close(current, actor, action, reply, outcome, reason):
    now = timezone.now()
    _end_open_pause(current, actor, now)
    current.status = WORKFLOW[action].target
    current.reply = reply
    current.outcome = outcome
    current.replied_at = current.replied_at or now
    current.closed_at = now
    _assign(current, actor)
    _save_triage(current, actor, reason)
    notifications.complaint_updated(current)
    return current


def _end_open_pause(current, actor, now):
    """A complaint closed while waiting on the complainant: its pause ends with it."""
    if current.paused_at is None:
        return
    pause = ComplaintPause.objects.select_for_update().filter(complaint=current, resumed_at__isnull=True).first()
    if pause is not None:
        pause.resumed_at = now
        pause.resumed_by = actor if actor is not None and actor.is_authenticated else None
        stamp(pause, actor, SYSTEM_REASONS.PAUSE_ENDED_BY_CLOSING)
        pause.save()
    current.paused_at = None


@transaction.atomic
def link_to_barrier(actor, complaint, barrier, *, reply=""):
    """The complaint repeats a known barrier: link it; the barrier counts it and the SME follows it."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.LINK)
    barrier = barrier if isinstance(barrier, Barrier) else barrier_services.get_barrier(barrier)
    current.barrier = barrier
    # What the ministry already wrote to the SME stays what the SME reads: a link adds no new reply
    # unless the officer writes one.
    text = (reply or "").strip() or current.reply or _default_link_reply(barrier, current.language)
    reason = system_reason(SYSTEM_REASONS.LINKED, reference=barrier.reference)
    closed = _close(current, actor, Action.LINK, text, "", reason)
    notifications.complaint_linked(current, barrier)
    return closed


def _default_link_reply(barrier, language):
    from django.utils import translation

    with translation.override(language):
        return _(
            "Your complaint concerns barrier %(ref)s, which the ministries are working on. "
            "You will be told of every change of its status."
        ) % {"ref": barrier.reference}


@transaction.atomic
def create_barrier_from_complaint(
    actor, complaint, *, lead_ministry, title, scope, reply="", supporting_ministries=(), reason="", **fields
):
    """File a new barrier prefilled from the complaint (source: SME complaint) and link the two."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.CREATE_BARRIER)
    prefilled = {
        "description": current.description,
        "country": current.country,
        "category": current.category,
        "sectors": current.product[:300],
        "source": Source.SME_COMPLAINT,
    }
    prefilled.update(fields)
    barrier = barrier_services.create_barrier(
        actor,
        lead_ministry=lead_ministry,
        supporting_ministries=supporting_ministries,
        title=title,
        scope=scope,
        reason=reason or system_reason(SYSTEM_REASONS.FILED_FROM_COMPLAINT, reference=current.reference),
        **prefilled,
    )
    current.barrier = barrier
    text = (reply or "").strip() or current.reply or _default_link_reply(barrier, current.language)
    _close(
        current,
        actor,
        Action.CREATE_BARRIER,
        text,
        "",
        system_reason(SYSTEM_REASONS.NEW_BARRIER_FROM_IT, reference=barrier.reference),
    )
    return barrier


@transaction.atomic
def answer_complaint(actor, complaint, *, text, outcome):
    """The ministry's final answer, with one of the practice's outcomes."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.ANSWER)
    if outcome not in ComplaintOutcome.values:
        raise Invalid(WORKFLOW[Action.ANSWER].needs["outcome"], field="outcome", code="required")
    if outcome not in ANSWER_OUTCOMES:
        raise Invalid(_("A refusal is recorded with its grounds: use reject."), field="outcome")
    text = _require_text(text, Action.ANSWER, "reply")
    return _close(current, actor, Action.ANSWER, text, outcome, SYSTEM_REASONS.ANSWERED)


@transaction.atomic
def reject_complaint(actor, complaint, *, grounds):
    """A refusal carries written grounds: the ministry bears the burden of proof."""
    current = _locked(complaint, actor)
    _require_allowed(current, Action.REJECT)
    grounds = _require_text(grounds, Action.REJECT, "grounds")
    return _close(current, actor, Action.REJECT, grounds, ComplaintOutcome.NOT_ACCEPTED, SYSTEM_REASONS.REJECTED)


# --- routing: who holds a complaint -------------------------------------------------------------


def _send_on(actor, complaint, *, ministry, reason, allowed, refusal, default_reason=None):
    """Move an open complaint to another ministry: it is routed there and no longer answered by
    anyone (the new ministry takes it up); one history row, and the new ministry is mailed.
    Checks in order: permission (on the locked row), state, reason, target."""
    require(allowed(actor, None), refusal)
    try:
        current = Complaint.objects.select_for_update().get(pk=complaint.pk)
    except Complaint.DoesNotExist:
        raise NotFound(_("This complaint no longer exists."), field="reference")
    require(allowed(actor, current), refusal)
    if not is_open(current.status):
        raise InvalidTransition(
            _("A complaint that is %(status)s cannot be sent to another ministry.")
            % {"status": current.get_status_display()},
            field="status",
        )
    reason = (reason or "").strip() or default_reason
    if not reason:
        raise Invalid(_("Say why you hand it on."), field="reason", code="required")
    target_id = getattr(ministry, "pk", ministry)
    target = Ministry.objects.filter(pk=target_id, is_active=True).first() if target_id else None
    if target is None:
        raise Invalid(_("Choose the ministry to send it to."), field="ministry", code="required")
    previous_id = permissions.complaint_owner_id(current)
    if target.pk == previous_id:
        raise Invalid(_("This complaint is already with that ministry."), field="ministry")
    previous = Ministry.objects.filter(pk=previous_id).first() if previous_id else None
    current.routed_ministry = target
    current.answering_ministry = None
    current.answering_officer = None
    _save_triage(current, actor, reason)
    notifications.complaint_handed_on(current, previous=previous, reason=reason, by=display_name(actor))
    return current


@transaction.atomic
def reroute_complaint(actor, complaint, *, ministry, reason=""):
    """A coordinator sends an open complaint to another ministry (its reason optional)."""
    return _send_on(
        actor,
        complaint,
        ministry=ministry,
        reason=reason,
        allowed=permissions.can_reroute_complaint,
        refusal=_("Only coordinators re-route complaints."),
        default_reason=SYSTEM_REASONS.REROUTED,
    )


def _may_hand_on(user, complaint):
    return (
        permissions.can_triage_complaint(user)
        if complaint is None
        else permissions.can_hand_on_complaint(user, complaint)
    )


@transaction.atomic
def hand_on_complaint(actor, complaint, *, ministry, reason):
    """The ministry holding an open complaint hands it on to another one, saying why."""
    return _send_on(
        actor,
        complaint,
        ministry=ministry,
        reason=reason,
        allowed=_may_hand_on,
        refusal=_("Only the officers of the ministry holding this complaint may hand it on; coordinators re-route it."),
    )


# --- sweeps (management commands, run by cron) ---------------------------------------------------


def anonymise_old_complaints(now=None):
    """Blank the personal fields of complaints older than the retention period, in the history
    table too (it holds copies), and delete their evidence files. Facts (country, category,
    status, outcome, dates, barrier) stay for statistics. Returns how many were anonymised."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=_tracker("COMPLAINT_RETENTION_DAYS"))
    blank = {name: "" for name in PERSONAL_FIELDS}
    count = 0
    for pk in Complaint.objects.filter(received_at__lt=cutoff, anonymised_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            complaint = Complaint.objects.select_for_update().get(pk=pk)
            for name, value in blank.items():
                setattr(complaint, name, value)
            complaint.anonymised_at = now
            stamp(complaint, None, SYSTEM_REASONS.ANONYMISED)
            complaint.save()
            Complaint.history.filter(id=pk).update(**blank)
            files = list(complaint.evidence.values_list("file", flat=True))
            complaint.evidence.all().delete()
            transaction.on_commit(lambda names=files: _delete_files(names))
        count += 1
    return count


# --- the complainant's feedback -------------------------------------------------------------------


def feedback_allowed(complaint):
    """'Did this solve it?' is asked once there is something to judge: an answer or a refusal,
    or, for a complaint linked to a barrier, once that barrier is (partly) resolved or rejected."""
    if complaint.status in (ComplaintStatus.ANSWERED, ComplaintStatus.REJECTED):
        return True
    barrier = complaint.barrier
    return (
        complaint.status == ComplaintStatus.LINKED
        and barrier is not None
        and (barrier.status in BARRIER_CLOSED_STATUSES or barrier.status == BarrierStatus.PARTIALLY_RESOLVED)
    )


@transaction.atomic
def give_feedback(complaint, *, answer):
    """The complainant's answer (yes / partly / no), from the private status page; it may change
    its mind. A 'no' on a resolved barrier is shown to its lead ministry and on the dashboard."""
    current = Complaint.objects.select_for_update(of=("self",)).select_related("barrier").get(pk=complaint.pk)
    if answer not in ComplaintFeedback.values:
        raise Invalid(_("Choose yes, partly or no."), field="feedback", code="required")
    if not feedback_allowed(current):
        raise InvalidTransition(_("Your complaint has no answer to judge yet."), field="feedback")
    current.feedback = answer
    current.feedback_at = timezone.now()
    stamp(current, None, SYSTEM_REASONS.FEEDBACK)
    current.save(update_fields=["feedback", "feedback_at"])
    return current
