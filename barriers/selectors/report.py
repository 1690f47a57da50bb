"""A market's progress over a period, from the history: the data behind `progress_report`.

Status at the start (end of the day before `start`) and at the end (end of `end`) come from
`status_as_of`; the changes from `timelines_for`, read in chunks so a market with many barriers
needs a bounded amount of memory (and the caller can show progress per chunk).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from ..choices import BarrierStatus
from ..countries import country_name
from ..formatting import day
from ..models import Barrier
from ..models.barrier import BarrierQuerySet
from .history import end_of_day, status_as_of, timelines_for

CHUNK = 500


@dataclass
class StatusChange:
    when: object
    reference: str
    title: str
    old: str
    new: str
    who: str
    reason: str
    resolved: bool = False


@dataclass
class MarketReport:
    country: str
    name: str
    start: object
    end: object
    at_start: dict = field(default_factory=dict)
    at_end: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)
    resolved: list = field(default_factory=list)
    overdue: list = field(default_factory=list)

    @property
    def status_rows(self):
        return [
            (status, self.at_start.get(status.value, 0), self.at_end.get(status.value, 0)) for status in BarrierStatus
        ]


def _counts_as_of(day, queryset):
    rows = status_as_of(day, queryset).order_by().values("status_at").annotate(n=Count("pk"))
    return {row["status_at"]: row["n"] for row in rows}


def market_barrier_ids(country, end):
    """Barriers of the market that existed by the end of the period."""
    return list(status_as_of(end, Barrier.objects.filter(country=country)).order_by("pk").values_list("pk", flat=True))


def market_report(country, start, end, ids=None, on_chunk=None):
    """MarketReport for `country` over start..end (dates, inclusive). on_chunk(n) after each chunk."""
    queryset = Barrier.objects.filter(country=country)
    report = MarketReport(country, country_name(country), start, end)
    report.at_start = _counts_as_of(start - timedelta(days=1), queryset)
    report.at_end = _counts_as_of(end, queryset)

    ids = market_barrier_ids(country, end) if ids is None else ids
    first, last = end_of_day(start - timedelta(days=1)), end_of_day(end)
    resolved_label = str(BarrierStatus.RESOLVED.label)
    for i in range(0, len(ids), CHUNK):
        chunk = ids[i : i + CHUNK]
        barriers = {b.pk: b for b in Barrier.objects.filter(pk__in=chunk).only("pk", "reference", "title")}
        for barrier_id, entries in timelines_for(chunk, include_progress=False).items():
            barrier = barriers.get(barrier_id)
            for entry in entries:
                if not (first < entry.when <= last):
                    continue
                for change in entry.changes:
                    if change.field != "status":
                        continue
                    who = entry.who + (f" ({entry.ministry})" if entry.ministry else "")
                    report.changes.append(
                        StatusChange(
                            when=timezone.localtime(entry.when),
                            reference=barrier.reference if barrier else f"#{barrier_id}",
                            title=barrier.title if barrier else "",
                            old=change.old or "",
                            new=change.new or "",
                            who=who,
                            reason=entry.reason,
                            resolved=change.new == resolved_label,
                        )
                    )
        if on_chunk:
            on_chunk(len(chunk))
    report.changes.sort(key=lambda c: (c.when, c.reference))
    report.resolved = [c for c in report.changes if c.resolved]

    report.overdue = list(
        status_as_of(end, queryset.select_related("lead_ministry"))
        .filter(BarrierQuerySet.overdue_q(end, status_field="status_at"))
        .order_by("target_on", "reference")
    )
    for barrier in report.overdue:
        barrier.days_overdue = (end - barrier.target_on).days
        barrier.status_at_label = str(BarrierStatus(barrier.status_at).label)
    return report


def report_title(report):
    return _("Progress report: %(market)s (%(code)s), %(start)s to %(end)s") % {
        "market": report.name,
        "code": report.country,
        "start": day(report.start),
        "end": day(report.end),
    }
