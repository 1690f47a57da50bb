"""Ministry scorecards: how each ministry handled complaints and barriers over a period, per market.

Every figure is rebuilt from the history tables as the rows stood at the end of the period (the
latest history row of each complaint and barrier at that moment), so a past period's scorecard
does not change when today's data does. For a period that has not ended, the latest history row
of each record is the live row: the live tables are read instead (the same columns, the same
rules, much cheaper), which is what the dashboard shows by default.

The rules come from their homes: open / overdue / stale from BarrierQuerySet and
ComplaintQuerySet, the ministry holding a complaint from permissions.complaint_owner_expression,
working days from deadlines.Calendar, days to resolution from stats.resolution_days, medians from
stats.median_days. The definitions shown to readers are DEFINITIONS below (one per figure).

A fixed number of queries whatever the number of rows: complaint counts (1), complaint days (1),
their clock pauses (1), closure days (1), barrier counts (1), stale barriers (1), resolution days
(1), ministries (1).
"""

from collections import defaultdict
from dataclasses import dataclass, field, fields
from datetime import timedelta

from django.db.models import Count, F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import deadlines
from ..choices import BARRIER_OPEN_STATUSES, BarrierStatus, ComplaintFeedback, ComplaintStatus
from ..models import Barrier, ClosureDay, Complaint, ComplaintPause, Ministry, ProgressUpdate
from ..models.barrier import BarrierQuerySet
from ..models.complaint import ComplaintQuerySet
from ..permissions import complaint_owner_expression, filter_visible_barriers, filter_visible_complaints
from .counts import count_barriers
from .history import end_of_day
from .stats import median_days


@dataclass(frozen=True)
class Definition:
    key: str
    label: str
    text: str


# What each figure counts and by which clock: shown on the scorecard page and in the exports.
DEFINITIONS = (
    Definition(
        "complaints_received",
        _("Complaints received"),
        _(
            "Complaints whose receipt date falls in the period, counted for the ministry answering them at "
            "the period's end (before one answers, the ministry they were routed to)."
        ),
    ),
    Definition(
        "first_reply_share",
        _("First replies in time"),
        _(
            "Of the complaints whose first-reply deadline fell in the period (up to today for a period not "
            "yet over; deadlines as they stood at the period's end, pauses and extensions applied), the "
            "share given a first reply by the end of the deadline's day. A complaint waiting on the "
            "complainant since before its deadline is left out."
        ),
    ),
    Definition(
        "median_days_to_first_reply",
        _("Median working days to first reply"),
        _(
            "Over the complaints first replied to in the period: working days from receipt (day 1) to the "
            "day of the first reply, counted as the deadlines count them (Saturdays, Sundays, public "
            "holidays and closure days excluded; days waiting on the complainant not counted)."
        ),
    ),
    Definition(
        "median_days_to_final_answer",
        _("Median working days to final answer"),
        _(
            "Over the complaints closed in the period (a final answer, a refusal with grounds or a link to "
            "a barrier): working days from receipt to the day it was closed, counted the same way."
        ),
    ),
    Definition(
        "refusal_share",
        _("Refusals with grounds in time"),
        _(
            "Of the complaints refused in the period, the share whose written grounds were sent by the end "
            "of the final-answer deadline's day."
        ),
    ),
    Definition(
        "open_overdue_complaints",
        _("Open overdue complaints"),
        _(
            "Complaints still open at the period's end (now, for a period not yet over) that had missed a "
            "deadline still binding them; while the clock is paused, only what was missed before it stopped."
        ),
    ),
    Definition(
        "barriers_led",
        _("Barriers led (open)"),
        _("Barriers the ministry led at the period's end, in any status; in brackets, those still open."),
    ),
    Definition(
        "barriers_resolved",
        _("Barriers resolved (median days)"),
        _(
            "Barriers it led that stood resolved at the period's end with a resolution date in the period; "
            "in brackets, the median calendar days from identification to resolution."
        ),
    ),
    Definition(
        "stale_share",
        _("Share stale"),
        _(
            "Of its open barriers at the period's end, the share identified more than 90 days before that "
            "day with no progress update in those 90 days."
        ),
    ),
    Definition(
        "feedback",
        _("Complainant feedback (yes / partly / no)"),
        _(
            "Answers to “did this solve it?” given in the period and not changed by its end. Shown "
            "only where complainants answered."
        ),
    ),
)


@dataclass
class Figures:
    """One ministry's figures, for one market or all of them. Shares are fractions (0..1), None
    when nothing was counted; medians None when nothing was measured."""

    complaints_received: int = 0
    first_replies_due: int = 0
    first_replies_in_time: int = 0
    refusals: int = 0
    refusals_in_time: int = 0
    open_overdue_complaints: int = 0
    feedback_yes: int = 0
    feedback_partly: int = 0
    feedback_no: int = 0
    barriers_led: int = 0
    barriers_open: int = 0
    barriers_resolved: int = 0
    barriers_stale: int = 0
    first_reply_days: list = field(default_factory=list, repr=False)
    final_answer_days: list = field(default_factory=list, repr=False)
    resolution_days: list = field(default_factory=list, repr=False)

    def sort_days(self):
        for days in (self.first_reply_days, self.final_answer_days, self.resolution_days):
            days.sort()

    def add(self, other):
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    @staticmethod
    def _share(part, whole):
        return part / whole if whole else None

    @staticmethod
    def _median(days):
        found = median_days({0: days})
        return found[0].median if found else None

    @property
    def first_reply_share(self):
        return self._share(self.first_replies_in_time, self.first_replies_due)

    @property
    def refusal_share(self):
        return self._share(self.refusals_in_time, self.refusals)

    @property
    def stale_share(self):
        return self._share(self.barriers_stale, self.barriers_open)

    @property
    def median_days_to_first_reply(self):
        return self._median(self.first_reply_days)

    @property
    def median_days_to_final_answer(self):
        return self._median(self.final_answer_days)

    @property
    def median_days_to_resolution(self):
        return self._median(self.resolution_days)

    @property
    def has_feedback(self):
        return bool(self.feedback_yes or self.feedback_partly or self.feedback_no)


@dataclass
class MinistryScore:
    ministry: Ministry
    figures: Figures  # every market of the selection together
    markets: list  # [(country code, Figures)], by country code


@dataclass
class Scorecard:
    first: object  # date
    last: object  # date
    country: str | None
    as_of: object  # the moment the figures stand at: the period's end, or now if it has not ended
    from_history: bool  # False when the period has not ended and the live rows were read
    ministries: list  # [MinistryScore], by ministry code


def as_of(model, moment, live):
    """Each row of `model` as it stood at `moment`: its latest history row by then (rows deleted by
    then left out). History rows are appended in time order, so the latest is the highest
    history_id. With `live`, the live table, which is that snapshot when `moment` is not past."""
    if live:
        return model.objects.all()
    History = model.history.model
    latest = History.objects.filter(history_date__lte=moment).order_by().values("id").annotate(last=Max("history_id"))
    return History.objects.filter(history_id__in=latest.values("last")).exclude(history_type="-")


def _span(first, last):
    return end_of_day(first - timedelta(days=1)), end_of_day(last)


def _complaint_counts(rows, start, end, cutoff):
    """{(ministry id, country): Figures} of the counts, in one grouped query."""

    def within(name, upper=end):
        return Q(**{f"{name}__gt": start, f"{name}__lte": upper})

    waiting = Q(replied_at__isnull=True, paused_at__isnull=False, paused_at__lte=F("first_reply_due"))
    due = within("first_reply_due", cutoff) & ~waiting
    refused = Q(status=ComplaintStatus.REJECTED) & within("closed_at")
    feedback = within("feedback_at")
    aggregates = rows.values("owner", "country").annotate(
        received=Count("pk", filter=within("received_at")),
        due=Count("pk", filter=due),
        in_time=Count("pk", filter=due & Q(replied_at__lte=F("first_reply_due"))),
        refusals=Count("pk", filter=refused),
        refusals_in_time=Count("pk", filter=refused & Q(closed_at__lte=F("final_answer_due"))),
        overdue=Count("pk", filter=ComplaintQuerySet.overdue_q(cutoff)),
        yes=Count("pk", filter=feedback & Q(feedback=ComplaintFeedback.YES)),
        partly=Count("pk", filter=feedback & Q(feedback=ComplaintFeedback.PARTLY)),
        no=Count("pk", filter=feedback & Q(feedback=ComplaintFeedback.NO)),
    )
    out = {}
    for row in aggregates:
        out[(row["owner"], str(row["country"]))] = Figures(
            complaints_received=row["received"],
            first_replies_due=row["due"],
            first_replies_in_time=row["in_time"],
            refusals=row["refusals"],
            refusals_in_time=row["refusals_in_time"],
            open_overdue_complaints=row["overdue"],
            feedback_yes=row["yes"],
            feedback_partly=row["partly"],
            feedback_no=row["no"],
        )
    return out


def _complaint_days(rows, start, end, moment):
    """{(ministry id, country): (first-reply days, final-answer days)}: working days from receipt,
    counted by deadlines.Calendar with the clock's pauses taken out. Three queries."""
    answered = rows.filter(Q(replied_at__gt=start, replied_at__lte=end) | Q(closed_at__gt=start, closed_at__lte=end))
    facts = list(answered.values_list("id", "owner", "country", "received_at", "replied_at", "closed_at"))
    if not facts:
        return {}
    pauses = defaultdict(list)
    for complaint_id, paused_at, resumed_at in ComplaintPause.objects.filter(
        complaint_id__in=answered.values("id"), paused_at__lte=moment
    ).values_list("complaint_id", "paused_at", "resumed_at"):
        resumed = resumed_at if resumed_at is not None and resumed_at <= moment else None
        pauses[complaint_id].append((deadlines.local_date(paused_at), deadlines.local_date(resumed)))
    calendar = deadlines.Calendar.load()
    local = deadlines.local_date
    out = defaultdict(lambda: ([], []))
    for complaint_id, owner, country, received_at, replied_at, closed_at in facts:
        first_days, final_days = out[(owner, str(country))]
        received = local(received_at)
        if replied_at is not None and start < replied_at <= end:
            first_days.append(calendar.count(received, local(replied_at), pauses[complaint_id]))
        if closed_at is not None and start < closed_at <= end:
            final_days.append(calendar.count(received, local(closed_at), pauses[complaint_id]))
    return out


def _barrier_figures(rows, first, last, moment, live, counts=None):
    """{(ministry id, country): Figures} of the barrier figures: the three statements of
    counts.count_barriers, or none when the caller has already counted the same selection."""
    if counts is None:
        day = timezone.localdate(moment)
        stale = None if live else BarrierQuerySet.stale_q(day, barrier_field="id", written_by=moment)
        counts = count_barriers(rows, first, last, day, stale_q=stale, every_resolution=False)
    out = defaultdict(Figures)
    for row in counts.groups:
        figures = out[(row["lead_ministry_id"], str(row["country"]))]
        figures.barriers_led += row["n"]
        if row["status"] in BARRIER_OPEN_STATUSES:
            figures.barriers_open += row["n"]
        if row["status"] == BarrierStatus.RESOLVED:
            figures.barriers_resolved += row["resolved"]
    for key, n in counts.stale.items():
        out[key].barriers_stale = n
    for ministry_id, _category_id, country, _in_period, days in counts.resolutions_in_period():
        out[(ministry_id, str(country))].resolution_days.append(days)
    return out


def ministry_scorecard(user, first, last, country=None, now=None, *, from_history=False, barrier_counts=None):
    """The scorecard of every ministry with something to count from `first` to `last` (dates,
    both included), for one market or all of them. Read-permission as for barriers and complaints.
    `from_history` reads the history even for a period not yet over (the tests compare the two).
    `barrier_counts`: counts.count_barriers of exactly this selection and period, today, if the
    caller has them (the dashboard); used only when the live rows are read."""
    now = now or timezone.now()
    start, end = _span(first, last)
    live = end >= now and not from_history
    moment = min(end, now)
    complaints = filter_visible_complaints(as_of(Complaint, moment, live), user).order_by()
    barriers = filter_visible_barriers(as_of(Barrier, moment, live), user).order_by()
    if country:
        complaints, barriers = complaints.filter(country=country), barriers.filter(country=country)
    complaints = complaints.annotate(owner=complaint_owner_expression())

    by_key = defaultdict(Figures)
    for key, figures in _complaint_counts(complaints, start, end, moment).items():
        by_key[key].add(figures)
    for key, (first_days, final_days) in _complaint_days(complaints, start, end, moment).items():
        by_key[key].first_reply_days += first_days
        by_key[key].final_answer_days += final_days
    counts = barrier_counts if live else None
    for key, figures in _barrier_figures(barriers, first, last, moment, live, counts).items():
        by_key[key].add(figures)

    ministries = {m.pk: m for m in Ministry.objects.all()}
    per_ministry = defaultdict(list)
    for (ministry_id, market), figures in by_key.items():
        if ministry_id is not None:
            per_ministry[ministry_id].append((market, figures))
    scores = []
    for ministry_id, markets in per_ministry.items():
        markets.sort(key=lambda item: item[0])
        total = Figures()
        for _market, figures in markets:
            total.add(figures)
        for figures in (total, *(f for _m, f in markets)):
            figures.sort_days()
        scores.append(MinistryScore(ministries[ministry_id], total, markets))
    scores.sort(key=lambda s: s.ministry.code)
    return Scorecard(first, last, country or None, moment, not live, scores)


# The tables the figures are read from (cache keys of pages that show them: the dashboard).
SOURCES = (Barrier, ProgressUpdate, Complaint, ComplaintPause, ClosureDay)
