"""What changed for each follower since their last digest: new barriers in their saved views,
status changes, progress updates and newly linked complaints in what they follow.

`build_digests(period, until)` reads every change once for all followers of that period (from the
barrier and complaint history tables and the progress updates), then matches them to each person's
follows in memory; a saved view costs one query (its filters applied to the changed barriers only).
A change counts for a follow only if it happened after the follow began and after the person's
last digest (`DigestSubscription.covered_until`), and no later than `until`.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Min
from django.http import QueryDict

from .. import permissions
from ..choices import BarrierStatus
from ..filters import BarrierFilterSet
from ..models import Barrier, Complaint, DigestSubscription, Follow, ProgressUpdate


@dataclass
class Event:
    when: object
    kind: str  # "new", "status", "progress", "complaint"
    barrier_id: int
    old: str = ""
    new: str = ""
    progress: object = None
    complaint_reference: str = ""

    def old_label(self):
        return BarrierStatus(self.old).label if self.old else ""

    def new_label(self):
        return BarrierStatus(self.new).label if self.new else ""


@dataclass
class BarrierChanges:
    barrier: Barrier
    views: list = field(default_factory=list)  # names of the followed saved views it is in
    events: list = field(default_factory=list)


@dataclass
class Digest:
    subscription: DigestSubscription
    since: object
    until: object
    barriers: list = field(default_factory=list)

    @property
    def user(self):
        return self.subscription.user

    def __bool__(self):
        return any(changes.events for changes in self.barriers)

    @property
    def count(self):
        return sum(len(changes.events) for changes in self.barriers)


def _start(subscription):
    return subscription.covered_until or subscription.created_at


def _events(since, until):
    """Every change to any barrier in (since, until], oldest first (four queries)."""
    events = []
    rows = (
        Barrier.history.filter(history_date__gt=since, history_date__lte=until)
        .order_by("history_date", "history_id")
        .values_list("id", "history_date", "history_type", "status", "prev_status")
    )
    for barrier_id, when, kind, status, previous in rows:
        if kind == "+":
            events.append(Event(when, "new", barrier_id, new=status))
        elif kind == "~" and previous and previous != status:
            events.append(Event(when, "status", barrier_id, old=previous, new=status))
    for update in ProgressUpdate.objects.filter(created_at__gt=since, created_at__lte=until).order_by("created_at"):
        events.append(Event(update.created_at, "progress", update.barrier_id, progress=update))
    # A complaint is newly linked to a barrier when its first history row naming that barrier is in the window.
    linked = (
        Complaint.history.filter(barrier_id__isnull=False)
        .values("id", "barrier_id", "reference")
        .annotate(first=Min("history_date"))
        .filter(first__gt=since, first__lte=until)
    )
    for row in linked:
        events.append(Event(row["first"], "complaint", row["barrier_id"], complaint_reference=row["reference"]))
    events.sort(key=lambda e: (e.when, e.barrier_id))
    return events


def _in_view(user, view, barrier_ids):
    params = QueryDict(view.query or "")
    filterset = BarrierFilterSet(params, queryset=Barrier.objects.visible_to(user).filter(pk__in=barrier_ids))
    if not filterset.is_valid():
        return set()
    return set(filterset.qs.values_list("pk", flat=True))


def build_digests(period, until):
    """One Digest per active member whose digest has this period and who follows something
    (empty ones included: the sender records that nothing changed up to `until`)."""
    subscriptions = [
        s
        for s in DigestSubscription.objects.filter(period=period, user__is_active=True).select_related(
            "user__membership"
        )
        if permissions.can_follow(s.user) and _start(s) < until
    ]
    if not subscriptions:
        return []
    follows = defaultdict(list)
    for follow in Follow.objects.filter(user__in=[s.user_id for s in subscriptions]).select_related("saved_view"):
        follows[follow.user_id].append(follow)
    subscriptions = [s for s in subscriptions if follows[s.user_id]]
    if not subscriptions:
        return []
    since = min(_start(s) for s in subscriptions)
    events = _events(since, until)
    changed = {e.barrier_id for e in events}

    digests, wanted = [], set()
    for subscription in subscriptions:
        start = _start(subscription)
        # barrier id -> (the earliest moment a follow of it began, names of the views it is in)
        covered = {}
        for follow in follows[subscription.user_id]:
            begin = max(start, follow.created_at)
            if follow.barrier_id:
                ids, name = {follow.barrier_id} & changed, None
            else:
                ids, name = (
                    (_in_view(subscription.user, follow.saved_view, changed) if changed else set()),
                    (follow.saved_view.name),
                )
            for barrier_id in ids:
                earliest, names = covered.get(barrier_id, (begin, []))
                covered[barrier_id] = (min(earliest, begin), names + ([name] if name else []))
        per_barrier = {}
        for event in events:
            entry = covered.get(event.barrier_id)
            if entry is None or event.when <= entry[0]:
                continue
            if event.kind == "new" and not entry[1]:
                continue  # "new in a view" only: a barrier followed by itself existed before the follow
            changes = per_barrier.get(event.barrier_id)
            if changes is None:
                changes = per_barrier[event.barrier_id] = BarrierChanges(None, views=sorted(entry[1]))
            changes.events.append(event)
        wanted.update(per_barrier)
        digest = Digest(subscription, start, until, list(per_barrier.items()))
        digests.append(digest)
    barriers = Barrier.objects.in_bulk(wanted) if wanted else {}
    for digest in digests:
        rows = []
        for barrier_id, changes in digest.barriers:
            changes.barrier = barriers[barrier_id]
            rows.append(changes)
        digest.barriers = sorted(rows, key=lambda c: c.barrier.reference)
    return digests
