"""Barrier writes: create, edit, change status, assign ministries, post progress."""

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications, permissions, transitions
from ..change_reasons import SYSTEM_REASONS
from ..choices import BarrierStatus, NextActor
from ..errors import Conflict, ErrorDetail, Invalid, InvalidTransition, NotFound
from ..formatting import moment
from ..models import Barrier, Ministry, ProgressUpdate, barrier_history
from . import publication as publication_services
from .common import display_name, next_reference_number, now_or_backdated, require, stamp, validate

EDITABLE_FIELDS = (
    "title",
    "description",
    "country",
    "scope",
    "category",
    "sectors",
    "priority",
    "trade_impact_krw",
    "source",
    "identified_on",
    "target_on",
    "next_actor",
    "strategy_area",
)


def get_barrier(reference):
    try:
        return Barrier.objects.select_related("lead_ministry").get(reference=reference)
    except Barrier.DoesNotExist:
        raise NotFound(_("No barrier with reference %(ref)s.") % {"ref": reference}, field="reference")


def _fresh(barrier):
    """The row as stored: permission is judged on it, never on an instance a form has modified."""
    try:
        return Barrier.objects.select_related("lead_ministry").get(pk=barrier.pk)
    except Barrier.DoesNotExist:
        raise NotFound(_("This barrier no longer exists."), field="reference")


def _claim(barrier, version):
    """Atomically move the row from `version` to version + 1, or raise Conflict.

    The conditional UPDATE is the lock: on PostgreSQL a concurrent writer waits on the row and
    then finds the version moved; on SQLite the write lock serialises the two. The save() that
    follows in the same transaction writes the history row, so the audit trail stays complete.
    """
    if version is None:
        raise Invalid(_("The version you read is required."), field="version", code="required")
    claimed = Barrier.objects.filter(pk=barrier.pk, version=version).update(version=F("version") + 1)
    if not claimed:
        raise Conflict(_conflict_message(barrier.pk, version), field="version")
    current = Barrier.objects.select_related("lead_ministry").get(pk=barrier.pk)
    return current


def _conflict_message(pk, version):
    from ..selectors.history import changes_since

    changes = changes_since(pk, version)
    if not changes:
        return _("This barrier was changed or removed since you read it. Reload it and try again.")
    parts = [
        _("%(who)s changed %(fields)s at %(when)s")
        % {
            "who": c["who"],
            "fields": ", ".join(c["fields"]) or _("it"),
            "when": moment(c["when"]),
        }
        for c in changes
    ]
    return _(
        "This barrier changed since you read version %(v)s: %(changes)s. Nothing was saved; reload it and apply your change again."
    ) % {
        "v": version,
        "changes": "; ".join(parts),
    }


def _save_edit(barrier, actor, reason, supporting=None):
    """Save one edit as one history row (the m2m snapshot included)."""
    if supporting is not None:
        barrier.skip_history_when_saving = True
        try:
            barrier.supporting_ministries.set(supporting)
        finally:
            del barrier.skip_history_when_saving
    stamp(barrier, actor, reason)
    barrier.save()


@transaction.atomic
def create_barrier(actor, *, lead_ministry, supporting_ministries=(), reason="", **fields):
    supporting = list(supporting_ministries)
    lead_id = getattr(lead_ministry, "pk", lead_ministry)
    require(
        permissions.can_create_barrier(actor, lead_id, [getattr(m, "pk", m) for m in supporting]),
        _("You may only file barriers that your ministry leads or supports."),
    )
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:  # status included: a barrier starts as reported and moves only through change_status
        raise Invalid(_("Unknown fields: %s") % ", ".join(sorted(unknown)), field=sorted(unknown)[0])
    barrier = Barrier(
        lead_ministry_id=lead_id, created_by=actor if actor and actor.is_authenticated else None, **fields
    )
    barrier.reference = "pending"
    validate(barrier, exclude=["reference"])
    country = str(barrier.country)
    barrier.reference = f"{country}-{next_reference_number(country):04d}"
    barrier.skip_history_when_saving = True
    try:
        barrier.save()
        barrier.supporting_ministries.set(supporting)
    finally:
        del barrier.skip_history_when_saving
    stamp(barrier, actor, reason or SYSTEM_REASONS.FILED)
    barrier_history.create_historical_record(barrier, "+")
    publication_services.barrier_text_changed(barrier)
    notifications.barrier_assigned(barrier, barrier.lead_ministry_id)
    return barrier


@transaction.atomic
def update_barrier(actor, barrier, *, version, reason="", **changes):
    barrier = _fresh(barrier)
    require(permissions.can_change_barrier(actor, barrier), _("Your ministry does not own this barrier."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise Invalid(
            _("These fields are not edited here: %s") % ", ".join(sorted(unknown)),
            field=sorted(unknown)[0],
        )
    current = _claim(barrier, version)
    changed = [name for name, value in changes.items() if _value(current, name) != _value_of(value)]
    for name, value in changes.items():
        setattr(current, name, value)
    validate(current)
    _save_edit(current, actor, reason or (SYSTEM_REASONS.EDITED if changed else SYSTEM_REASONS.UNCHANGED))
    if set(changed) & set(publication_services.INDEXED_FIELDS):
        publication_services.barrier_text_changed(current)
    return current


def _value(obj, name):
    field = obj._meta.get_field(name)
    return getattr(obj, field.attname)


def _value_of(value):
    return getattr(value, "pk", value)


@transaction.atomic
def change_status(actor, barrier, *, status, reason, version, resolution_summary=""):
    """Checks in the contract's order: permission, version, transition, required fields."""
    if status not in BarrierStatus.values:
        raise Invalid(_("Unknown status %(s)s.") % {"s": status}, field="status")
    target = BarrierStatus(status)
    barrier = _fresh(barrier)
    require(permissions.can_change_barrier(actor, barrier), _("Your ministry does not own this barrier."))
    if transitions.is_reopening(barrier.status, target):
        require(permissions.can_reopen(actor, barrier), _("Only a coordinator may reopen a closed barrier."))
    current = _claim(barrier, version)
    if not transitions.is_allowed(current.status, target):
        allowed = ", ".join(str(BarrierStatus(s).label) for s in transitions.allowed_targets(current.status))
        raise InvalidTransition(
            _("A barrier cannot go from %(src)s to %(dst)s. Allowed: %(allowed)s.")
            % {
                "src": current.get_status_display(),
                "dst": target.label,
                "allowed": allowed or _("none"),
            },
            field="status",
        )
    missing = []
    if not (reason or "").strip():
        missing.append(ErrorDetail("reason", "required", _("A change of status needs a reason.")))
    if target in transitions.NEEDS_SUMMARY and not (resolution_summary or "").strip():
        missing.append(
            ErrorDetail(
                "resolution_summary",
                "required",
                _("Resolving needs a resolution summary.")
                if target == BarrierStatus.RESOLVED
                else _("Rejecting needs the grounds for rejection."),
            )
        )
    if missing:
        raise Invalid(errors=missing)

    previous = current.status
    current.status = target
    if transitions.is_reopening(previous, target):
        # The old resolution (or grounds) stays in the history row this save writes; the barrier
        # itself is open again, so nobody's "no one acts next" or summary may stay on it.
        current.resolution_summary = ""
        if current.next_actor == NextActor.NONE:
            current.next_actor = NextActor.KOREAN_GOVERNMENT
    if target == BarrierStatus.RESOLVED:
        current.resolved_on = timezone.localdate(now_or_backdated())
    else:
        current.resolved_on = None
    if target in transitions.NEEDS_SUMMARY:
        current.resolution_summary = resolution_summary.strip()
        current.next_actor = NextActor.NONE
    validate(current)
    _save_edit(current, actor, reason.strip())
    publication_services.barrier_status_changed(current)
    notifications.barrier_status_changed(current, previous, reason.strip(), display_name(actor))
    return current


def resolve_barrier(actor, barrier, *, summary, reason, version):
    return change_status(
        actor, barrier, status=BarrierStatus.RESOLVED, reason=reason, version=version, resolution_summary=summary
    )


def reopen_barrier(actor, barrier, *, reason, version):
    """A coordinator reopens a resolved or rejected barrier (to confirmed): change_status's rules."""
    return change_status(actor, barrier, status=BarrierStatus.CONFIRMED, reason=reason, version=version)


def reject_barrier(actor, barrier, *, grounds, reason, version):
    return change_status(
        actor, barrier, status=BarrierStatus.REJECTED, reason=reason, version=version, resolution_summary=grounds
    )


@transaction.atomic
def assign_ministries(actor, barrier, *, lead_ministry, supporting_ministries, version, reason=""):
    barrier = _fresh(barrier)
    require(permissions.can_assign_ministries(actor, barrier), _("Only a coordinator may reassign ministries."))
    current = _claim(barrier, version)
    lead = lead_ministry if isinstance(lead_ministry, Ministry) else Ministry.objects.filter(pk=lead_ministry).first()
    if lead is None or not lead.is_active:
        raise Invalid(_("Choose an active lead ministry."), field="lead_ministry")
    supporting = [m for m in supporting_ministries if getattr(m, "pk", m) != lead.pk]
    previous_lead = current.lead_ministry_id
    current.lead_ministry = lead
    _save_edit(current, actor, reason or SYSTEM_REASONS.REASSIGNED, supporting=supporting)
    if previous_lead != lead.pk:
        notifications.barrier_assigned(current, lead.pk)
    return current


@transaction.atomic
def add_progress_update(actor, barrier, *, text, rag, date=None):
    barrier = _fresh(barrier)
    require(permissions.can_add_progress(actor, barrier), _("Your ministry does not own this barrier."))
    membership = getattr(actor, "membership", None)
    update = ProgressUpdate(
        barrier=barrier,
        author=actor,
        ministry_id=membership.ministry_id if membership else None,
        date=date or timezone.localdate(),
        status=barrier.status,
        rag=rag,
        text=(text or "").strip(),
        created_at=now_or_backdated(),
    )
    validate(update)
    stamp(update, actor, SYSTEM_REASONS.PROGRESS)
    update.save()
    return update
