"""The officers' workspace (/workspace/): what waits for a ministry, and what changed since the last
visit. Reads only; every list a fixed number of queries whatever its length.

Who holds a complaint is permissions.complaint_owner_id (answering ministry, else routed ministry);
its SQL twin is `held_by_q` here, used by the ComplaintFilterSet's `ministry` filter. Open, overdue
and stale are the querysets' (ComplaintQuerySet, BarrierQuerySet).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db.models import Case, F, Q, When
from django.db.models.fields import DateTimeField

from .. import deadlines, permissions
from ..change_reasons import display_reason
from ..choices import BarrierStatus, ComplaintStatus, NextActor
from ..models import Barrier, Complaint, Ministry
from ..models.barrier import BarrierQuerySet


def held_by_q(ministry_ids, prefix=""):
    """Complaints a ministry holds: it answers them, or they were routed to it and nobody answers yet
    (SQL for permissions.complaint_owner_id)."""
    return Q(**{f"{prefix}answering_ministry_id__in": ministry_ids}) | Q(
        **{f"{prefix}answering_ministry__isnull": True, f"{prefix}routed_ministry_id__in": ministry_ids}
    )


def queue_ministry(user):
    """The ministry whose queue an officer sees (None for a coordinator: every ministry's)."""
    return None if permissions.is_coordinator(user) else permissions.ministry_id_of(user)


def complaint_queue(user, ministry_id=None):
    """Open complaints waiting for `ministry_id` (every ministry's when None), overdue first, then
    by the next deadline. Rows carry is_overdue and next_due; ministries and category joined."""
    queryset = Complaint.objects.visible_to(user).open()
    if ministry_id is not None:
        queryset = queryset.filter(held_by_q([ministry_id]))
    next_due = Case(
        When(replied_at__isnull=True, then=F("first_reply_due")),
        default=F("final_answer_due"),
        output_field=DateTimeField(),
    )
    return (
        queryset.select_related("category", "routed_ministry", "answering_ministry")
        .with_overdue()
        .annotate(next_due=next_due)
        .order_by("-is_overdue", "next_due", "pk")
    )


def waiting_count(user):
    """The number the navigation shows next to "My work": open complaints waiting for the user's
    ministry (every ministry's for a coordinator). One query."""
    if not permissions.can_write_anything(user):
        return 0
    queryset = Complaint.objects.visible_to(user).open()
    ministry_id = queue_ministry(user)
    if ministry_id is not None:
        queryset = queryset.filter(held_by_q([ministry_id]))
    return queryset.count()


WAITING_ON_US = NextActor.KOREAN_GOVERNMENT


def barrier_queue(user, ministry_id=None):
    """Open barriers the ministry leads or supports (every one for a coordinator without a ministry
    filter) that need it: overdue, stale, or waiting on the Korean government. Flags annotated."""
    queryset = Barrier.objects.visible_to(user).open()
    if ministry_id is not None:
        supported = Barrier.supporting_ministries.through.objects.filter(ministry_id=ministry_id).values("barrier_id")
        queryset = queryset.filter(Q(lead_ministry_id=ministry_id) | Q(pk__in=supported))
    queryset = queryset.filter(
        BarrierQuerySet.overdue_q() | BarrierQuerySet.stale_q() | Q(next_actor=WAITING_ON_US)
    ).with_flags()
    return queryset.select_related("lead_ministry", "category").order_by("-is_overdue", "-is_stale", "target_on", "pk")


@dataclass
class Change:
    when: datetime
    kind: str  # "complaint" | "barrier"
    reference: str
    url: str
    who: str
    reason: str
    status: str = ""
    fields: list = field(default_factory=list)


CHANGES_SHOWN = 20


def changes_since(user, since, ministry_id=None, limit=CHANGES_SHOWN):
    """What others changed since `since` on the complaints the ministry holds and the barriers it
    leads or supports (everything for a coordinator's full queue), newest first. Two queries."""
    from django.urls import reverse

    if since is None:
        return []
    complaint_rows = Complaint.history.filter(history_date__gt=since).exclude(history_user_id=user.pk)
    barrier_rows = Barrier.history.filter(history_date__gt=since).exclude(history_user_id=user.pk)
    if ministry_id is not None:
        # complaints the ministry holds or held (one taken up or sent on by others still concerns it)
        held = Complaint.history.filter(held_by_q([ministry_id])).values("id")
        complaint_rows = complaint_rows.filter(id__in=held)
        supported = Barrier.supporting_ministries.through.objects.filter(ministry_id=ministry_id).values("barrier_id")
        barrier_rows = barrier_rows.filter(Q(lead_ministry_id=ministry_id) | Q(id__in=supported))
    actor = ("history_user__username", "history_user__first_name", "history_user__last_name")
    out = []
    for when, reference, status, reason, *who in complaint_rows.order_by("-history_date").values_list(
        "history_date", "reference", "status", "history_change_reason", *actor
    )[:limit]:
        out.append(
            Change(
                when,
                "complaint",
                reference,
                reverse("workspace:complaint", args=[reference]),
                _who(*who),
                display_reason(reason),
                str(ComplaintStatus(status).label),
            )
        )
    for when, reference, status, reason, *who in barrier_rows.order_by("-history_date").values_list(
        "history_date", "reference", "status", "history_change_reason", *actor
    )[:limit]:
        out.append(
            Change(
                when,
                "barrier",
                reference,
                reverse("barriers:detail", args=[reference]),
                _who(*who),
                display_reason(reason),
                str(BarrierStatus(status).label),
            )
        )
    out.sort(key=lambda c: c.when, reverse=True)
    return out[:limit]


def _who(username, first, last):
    if not username:
        return ""
    return f"{first} {last}".strip() or username


def with_deadlines(complaints, calendar=None):
    """Attach `.deadlines` (barriers/deadlines.complaint_deadlines) to each row; no query per row."""
    calendar = calendar or deadlines.Calendar.load()
    for complaint in complaints:
        complaint.deadlines = deadlines.complaint_deadlines(complaint, calendar)
    return complaints


def ministry_choices():
    return Ministry.objects.filter(is_active=True).order_by("code")


# --- one complaint's triage page -------------------------------------------------------------------


def complaint_for_triage(user, reference):
    """The complaint with what its page shows joined (None when unknown or not visible)."""
    return (
        Complaint.objects.visible_to(user)
        .select_related("category", "barrier", "routed_ministry", "answering_ministry", "answering_officer")
        .prefetch_related("evidence")
        .filter(reference=str(reference)[:20])
        .first()
    )


def latest_history_id(complaint):
    """The complaint's last history row: the 'version' a triage form carries."""
    return complaint.history.order_by("-history_id").values_list("history_id", flat=True).first()


@dataclass
class HistoryEntry:
    when: datetime
    who: str
    ministry: str
    status: str
    reason: str
    history_id: int = 0

    @property
    def when_text(self):
        from ..formatting import moment

        return moment(self.when)


def complaint_history(complaint, after=None):
    """The complaint's history, newest first: who (and their ministry), the status then, the reason
    shown in the reader's language. One query."""
    rows = complaint.history.order_by("-history_date", "-history_id")
    if after is not None:
        rows = rows.filter(history_id__gt=after)
    return [
        HistoryEntry(
            when,
            _who(username, first, last),
            code or "",
            str(ComplaintStatus(status).label),
            display_reason(reason),
            pk,
        )
        for pk, when, status, reason, username, first, last, code in rows.values_list(
            "history_id",
            "history_date",
            "status",
            "history_change_reason",
            "history_user__username",
            "history_user__first_name",
            "history_user__last_name",
            "history_user__membership__ministry__code",
        )
    ]


def complaint_changes_since(complaint, history_id):
    """Who changed the complaint after the history row a form was read at (for the conflict message)."""
    changes = complaint_history(complaint, after=history_id)
    for change in changes:
        change.who = f"{change.who} ({change.ministry})" if change.who and change.ministry else change.who
    return list(reversed(changes))


LINK_CANDIDATES = 8


def link_candidates(user, complaint, find=""):
    """Barriers to link a complaint to: with a search, those whose reference, title, market or
    category match it (the closest in wording first); without, the likely matches: barriers of
    the complaint's market whose text resembles it, those of its category ranked higher
    (matching.similar_barriers)."""
    from ..countries import country_choices
    from ..matching.search import similar_barriers

    if not find:
        text = " ".join(filter(None, [complaint.product, complaint.description, complaint.desired_fix]))
        return [
            m.barrier
            for m in similar_barriers(
                text, country=complaint.country.code, category=complaint.category_id, user=user, limit=LINK_CANDIDATES
            )
        ]
    ranked = [m.barrier for m in similar_barriers(find, user=user, limit=LINK_CANDIDATES)]
    needle = find.casefold()
    codes = [code for _group, items in country_choices()[0:] for code, name in items if needle in str(name).casefold()]
    match = (
        Q(reference__icontains=find)
        | Q(title__icontains=find)
        | Q(category__name_ko__icontains=find)
        | Q(category__name_en__icontains=find)
        | Q(category__code__iexact=find)
        | Q(country__iexact=find)
    )
    if codes:
        match |= Q(country__in=codes)
    plain = list(
        Barrier.objects.visible_to(user)
        .filter(match)
        .exclude(pk__in=[b.pk for b in ranked])
        .select_related("category", "lead_ministry")
        .order_by("-updated_at", "pk")[:LINK_CANDIDATES]
    )
    return (ranked + plain)[: LINK_CANDIDATES * 2]
