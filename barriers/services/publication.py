"""The public register: an owning officer proposes a public version, a coordinator approves it
(or sends it back), and it can be taken off the register with a reason.

States (choices.PublicationState): not published -> ready for approval -> published ->
unpublished (-> ready again when a new wording is proposed). A published barrier whose owners
propose a new wording stays published with the old wording until the new one is approved.
Every proposed wording is kept as a PublicVersion; each change of state is a history row of
Publication with who and why. The search index's public scope follows what is published.
"""

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from .. import notifications, permissions
from ..change_reasons import SYSTEM_REASONS, system_reason
from ..choices import PublicationState
from ..errors import Conflict, ErrorDetail, Invalid, InvalidTransition
from ..matching.index import index_barrier
from ..models import Barrier, Publication, PublicVersion
from . import barriers as barrier_services
from .common import now_or_backdated, require, stamp

TITLE_MAX = 200
SUMMARY_MAX = 2000
PUBLIC_FIELDS = ("title_ko", "title_en", "summary_ko", "summary_en")
INDEXED_FIELDS = ("title", "description", "sectors")  # the barrier's texts the officers' matching reads


def _barrier(barrier):
    reference = barrier.reference if isinstance(barrier, Barrier) else barrier
    return barrier_services.get_barrier(reference)


def _locked_publication(barrier):
    Publication.objects.get_or_create(barrier=barrier)
    return Publication.objects.select_for_update(of=("self",)).select_related("live", "pending").get(barrier=barrier)


def _check_texts(texts):
    errors = []
    limits = {"title_ko": TITLE_MAX, "title_en": TITLE_MAX, "summary_ko": SUMMARY_MAX, "summary_en": SUMMARY_MAX}
    labels = {
        "title_ko": _("The public title in Korean"),
        "title_en": _("The public title in English"),
        "summary_ko": _("The public summary in Korean"),
        "summary_en": _("The public summary in English"),
    }
    cleaned = {}
    for name in PUBLIC_FIELDS:
        value = (
            " ".join((texts.get(name) or "").split()) if name.startswith("title") else (texts.get(name) or "").strip()
        )
        if not value:
            errors.append(ErrorDetail(name, "required", _("%(what)s is required.") % {"what": labels[name]}))
        elif len(value) > limits[name]:
            errors.append(
                ErrorDetail(
                    name,
                    "invalid",
                    _("%(what)s has %(n)d characters; at most %(max)d are allowed.")
                    % {"what": labels[name], "n": len(value), "max": limits[name]},
                )
            )
        cleaned[name] = value
    if errors:
        raise Invalid(errors=errors)
    return cleaned


def _save(publication, actor, reason):
    publication.version += 1
    stamp(publication, actor, reason)
    publication.full_clean()
    publication.save()
    return publication


@transaction.atomic
def propose_public_version(actor, barrier, *, title_ko, title_en, summary_ko, summary_en, reason=""):
    """Write the barrier's public wording (both languages) and put it up for approval."""
    barrier = _barrier(barrier)
    require(
        permissions.can_propose_publication(actor, barrier),
        _("Only an officer of a ministry that owns this barrier, or a coordinator, proposes its public version."),
    )
    texts = _check_texts(
        {"title_ko": title_ko, "title_en": title_en, "summary_ko": summary_ko, "summary_en": summary_en}
    )
    publication = _locked_publication(barrier)
    number = (PublicVersion.objects.filter(barrier=barrier).aggregate(n=Max("number"))["n"] or 0) + 1
    version = PublicVersion.objects.create(
        barrier=barrier,
        number=number,
        proposed_by=actor if actor is not None and actor.is_authenticated else None,
        proposed_at=now_or_backdated(),
        **texts,
    )
    publication.pending = version
    if publication.state != PublicationState.PUBLISHED:
        publication.state = PublicationState.READY
    _save(
        publication,
        actor,
        (reason or "").strip() or system_reason(SYSTEM_REASONS.PUBLIC_VERSION_PROPOSED, number=number),
    )
    index_barrier(barrier)
    notifications.publication_proposed(barrier, version)
    return publication


@transaction.atomic
def approve_publication(actor, barrier, *, number=None):
    """Publish the wording awaiting approval. `number` is the version the coordinator read: if
    another wording was proposed since, nothing is published (Conflict)."""
    barrier = _barrier(barrier)
    require(permissions.can_approve_publication(actor, barrier), _("Only a coordinator approves publication."))
    publication = _locked_publication(barrier)
    pending = publication.pending
    if pending is None:
        raise InvalidTransition(_("No public version of %(ref)s awaits approval.") % {"ref": barrier.reference})
    if number is not None and int(number) != pending.number:
        raise Conflict(
            _("A newer public version (%(n)d) was proposed since you read version %(read)s. Read it, then approve it.")
            % {"n": pending.number, "read": number},
            field="number",
        )
    now = now_or_backdated()
    pending.approved_by = actor if actor is not None and actor.is_authenticated else None
    pending.approved_at = now
    pending.save(update_fields=["approved_by", "approved_at"])
    publication.live = pending
    publication.pending = None
    publication.state = PublicationState.PUBLISHED
    publication.first_published_at = publication.first_published_at or now
    publication.public_updated_at = now
    publication.unpublished_at = None
    publication.note = ""
    _save(publication, actor, system_reason(SYSTEM_REASONS.PUBLISHED, number=pending.number))
    index_barrier(barrier)
    return publication


@transaction.atomic
def return_proposal(actor, barrier, *, reason):
    """A coordinator sends a proposed wording back with a reason; what was public stays public."""
    barrier = _barrier(barrier)
    require(permissions.can_approve_publication(actor, barrier), _("Only a coordinator approves publication."))
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the proposal goes back."), field="reason", code="required")
    publication = _locked_publication(barrier)
    if publication.pending is None:
        raise InvalidTransition(_("No public version of %(ref)s awaits approval.") % {"ref": barrier.reference})
    publication.pending = None
    if publication.state == PublicationState.READY:
        publication.state = (
            PublicationState.UNPUBLISHED if publication.first_published_at else PublicationState.NOT_PUBLISHED
        )
    publication.note = reason
    _save(publication, actor, reason)
    index_barrier(barrier)
    return publication


@transaction.atomic
def unpublish(actor, barrier, *, reason):
    """Take a barrier off the public register, with a reason (kept internal)."""
    barrier = _barrier(barrier)
    require(
        permissions.can_unpublish(actor, barrier),
        _("Only an officer of a ministry that owns this barrier, or a coordinator, unpublishes it."),
    )
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("Say why the barrier leaves the public register."), field="reason", code="required")
    publication = _locked_publication(barrier)
    if publication.state != PublicationState.PUBLISHED:
        raise InvalidTransition(_("%(ref)s is not published.") % {"ref": barrier.reference}, field="state")
    publication.state = PublicationState.UNPUBLISHED
    publication.pending = None
    publication.unpublished_at = now_or_backdated()
    publication.note = reason
    _save(publication, actor, reason)
    index_barrier(barrier)
    return publication


def barrier_status_changed(barrier):
    """Called by the barrier services after a change of status: the public page says when it
    was last updated. Inside the caller's transaction. A plain UPDATE (no history row): the
    date is derived from the barrier's own history row, which records the change."""
    updated = Publication.objects.filter(barrier_id=barrier.pk, state=PublicationState.PUBLISHED).update(
        public_updated_at=now_or_backdated()
    )
    return bool(updated)


def barrier_text_changed(barrier):
    """Called by the barrier services when a barrier is filed or its texts change."""
    index_barrier(barrier)
