"""Reads for the public register: published barriers with their public version, and the public
events (publications, status changes). Only public fields leave here: the internal title,
description, progress texts, reasons and complainants' data are never selected for these pages.

Every function costs a fixed number of queries whatever the number of rows.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import F, OuterRef, Q, Subquery

from .. import permissions
from ..choices import BarrierStatus, PublicationState
from ..models import Barrier, Publication, PublicVersion
from .barriers import complaint_count

PUBLIC_BARRIER_FIELDS = (
    "id",
    "reference",
    "country",
    "status",
    "category__code",
    "category__name_ko",
    "category__name_en",
    "lead_ministry__code",
    "lead_ministry__name_ko",
    "lead_ministry__name_en",
    "lead_ministry__email",
    "publication__state",
    "publication__first_published_at",
    "publication__public_updated_at",
    "publication__live__number",
    "publication__live__title_ko",
    "publication__live__title_en",
    "publication__live__summary_ko",
    "publication__live__summary_en",
    "publication__live__approved_at",
)


def published_barriers():
    """Published barriers with their public version, market, category, lead ministry and report
    count, in one query. `.only()` keeps internal columns out of what is even fetched."""
    return (
        permissions.public_barriers(Barrier.objects.all())
        .select_related("publication__live", "category", "lead_ministry")
        .only(*[f for f in PUBLIC_BARRIER_FIELDS if f != "id"])
        .annotate(report_count=complaint_count())
        .order_by(F("publication__public_updated_at").desc(nulls_last=True), "reference")
    )


def published_barrier(reference):
    """One published barrier, or None (unpublished and unknown look alike)."""
    return published_barriers().filter(reference=reference).first()


@dataclass(frozen=True)
class PublicStatusChange:
    when: datetime
    status: str  # code
    previous: str | None

    @property
    def label(self):
        return BarrierStatus(self.status).label


def status_changes(barrier_ids, since=None):
    """Each barrier's status changes (filing included), oldest first: {barrier_id: [changes]}.
    One query over the history rows that change the status (prev_status column); reasons and
    who made the change are not selected."""
    H = Barrier.history.model
    rows = (
        H.objects.filter(id__in=list(barrier_ids))
        .filter(Q(prev_status__isnull=True) | ~Q(prev_status=F("status")))
        .exclude(history_type="-")
    )
    if since is not None:
        rows = rows.filter(history_date__gte=since)
    changes = {}
    for barrier_id, when, status, previous in rows.order_by("history_date", "history_id").values_list(
        "id", "history_date", "status", "prev_status"
    ):
        changes.setdefault(barrier_id, []).append(PublicStatusChange(when, status, previous))
    return changes


@dataclass(frozen=True)
class PublicEvent:
    """An entry of the Atom feed: a barrier published (or its public wording revised), or a
    published barrier's status changed."""

    kind: str  # "published" | "revised" | "status"
    when: datetime
    barrier: Barrier
    status: str | None = None
    previous: str | None = None

    @property
    def key(self):
        return f"{self.barrier.reference}-{self.kind}-{self.when.isoformat()}"


def public_events(*, country=None, limit=50):
    """The latest publications and public status changes, newest first, in three queries: the
    approvals of the public versions of published barriers, and the status changes of published
    barriers since they were first published."""
    approvals = PublicVersion.objects.filter(
        approved_at__isnull=False, barrier__publication__state=PublicationState.PUBLISHED
    )
    if country:
        approvals = approvals.filter(barrier__country=country)
    approvals = list(
        approvals.order_by("-approved_at", "-pk").values_list("barrier_id", "approved_at", "number")[:limit]
    )

    first_published = Publication.objects.filter(barrier_id=OuterRef("id"), state=PublicationState.PUBLISHED).values(
        "first_published_at"
    )[:1]
    changes = (
        Barrier.history.model.objects.filter(prev_status__isnull=False)
        .exclude(prev_status=F("status"))
        .exclude(history_type="-")
        .annotate(first_published=Subquery(first_published))
        .filter(first_published__isnull=False, history_date__gte=F("first_published"))
    )
    if country:
        changes = changes.filter(country=country)
    changes = list(
        changes.order_by("-history_date", "-history_id").values_list("id", "history_date", "status", "prev_status")[
            :limit
        ]
    )
    ids = {row[0] for row in approvals} | {row[0] for row in changes}
    by_id = {b.pk: b for b in published_barriers().filter(pk__in=ids)}
    events = [
        PublicEvent("published" if number == 1 else "revised", when, by_id[pk])
        for pk, when, number in approvals
        if pk in by_id
    ]
    events += [
        PublicEvent("status", when, by_id[pk], status, previous)
        for pk, when, status, previous in changes
        if pk in by_id
    ]
    events.sort(key=lambda e: (e.when, e.kind), reverse=True)
    return events[:limit]
