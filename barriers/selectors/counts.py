"""One pass over a selection of barriers for a period: what the dashboard and the scorecard count.

Both pages count the same things about the same barriers (per lead ministry and market: how many,
how many open, resolved in the period, overdue, stale, and the days each resolution took). At
100,000 barriers each of the three statements costs tens of milliseconds, so the dashboard runs
them once and hands the result to its scorecard section when both count the same selection.
Overdue and stale mean what BarrierQuerySet.overdue_q / stale_q mean, days to resolution what
stats.resolution_days means.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import BooleanField, Count, ExpressionWrapper, Q

from ..models.barrier import BarrierQuerySet
from .stats import resolution_days_raw


@dataclass
class BarrierCounts:
    first: object  # the period (dates, both included)
    last: object
    # [{"country", "status", "lead_ministry_id", "n", "resolved", "overdue"}]: one row per
    # (market, status, lead ministry); `resolved` counts resolution dates in the period.
    groups: list
    stale: dict  # {(lead ministry id, country): n}
    # [(lead ministry id, category id, country, resolved in the period?, days)] for the resolved
    # barriers: all of them, or only those resolved in the period (`every_resolution=False`)
    resolutions: list

    def resolutions_in_period(self):
        return [row for row in self.resolutions if row[3]]

    def stale_by_ministry(self):
        out = defaultdict(int)
        for (ministry_id, _country), n in self.stale.items():
            out[ministry_id] += n
        return out


def count_barriers(rows, first, last, today, *, stale_q=None, every_resolution=True):
    """Three statements whatever the number of rows. `rows` is a queryset of barriers, or of their
    history rows as they stood at a moment (then pass the as-of `stale_q`)."""
    rows = rows.order_by()
    in_period = Q(resolved_on__gte=first, resolved_on__lte=last)
    groups = list(
        rows.values("country", "status", "lead_ministry_id").annotate(
            n=Count("pk"),
            resolved=Count("pk", filter=in_period),
            overdue=Count("pk", filter=BarrierQuerySet.overdue_q(today)),
        )
    )
    # Stale as a WHERE, not inside COUNT FILTER: a hash anti-join, not a subquery per row.
    stale_q = BarrierQuerySet.stale_q(today) if stale_q is None else stale_q
    stale = {
        (ministry_id, str(country)): n
        for ministry_id, country, n in rows.filter(stale_q)
        .values_list("lead_ministry_id", "country")
        .annotate(n=Count("pk"))
        .values_list("lead_ministry_id", "country", "n")
    }
    resolved = rows if every_resolution else rows.filter(in_period)
    resolutions = resolution_days_raw(
        resolved,
        "lead_ministry_id",
        "category_id",
        "country",
        in_period=ExpressionWrapper(in_period, output_field=BooleanField()),
    )
    return BarrierCounts(first, last, groups, stale, resolutions)
