"""The dashboard's figures, each with the FilterSet parameters of the barrier list it counts.

Everything is computed in a fixed number of statements whatever the number of barriers: one
grouped count for the country x status matrix, one for the per-ministry flags, two fetches for
the medians, one pass over the history for both charts, and the two small reference tables.
The selector knows nothing of URLs: each Figure carries `params` (names from BarrierFilterSet);
the web layer turns them into links.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db.models import Count, Max, Q
from django.utils import timezone

from ..choices import BARRIER_OPEN_STATUSES, TARGET_MARKETS, BarrierStatus
from ..countries import country_name
from ..models import Barrier, Category, Ministry
from ..models.barrier import BarrierQuerySet
from ..periods import QUARTER, Period, add_months, parse_period, periods, quarter_of
from .barriers import filter_barriers, visible_barriers
from .stats import median_days, progress_by_market, resolution_days

# Parameters of the list's FilterSet that the dashboard passes on to every link it makes.
PASSED_ON = ("q", "country", "status", "priority", "scope", "source", "category", "lead_ministry", "ministry")
# Those a figure may narrow further (the FilterSet's multiple-choice filters).
MULTI_VALUED = ("country", "status", "priority", "category", "lead_ministry", "ministry")


@dataclass
class Figure:
    value: object
    params: dict
    url: str = ""


@dataclass
class Dashboard:
    filterset: object
    period: Period
    statuses: list
    matrix: list  # [{"country", "cells": [Figure per status], "total", "resolved"}]
    matrix_totals: dict
    ministries: list  # [{"ministry", "open", "overdue", "stale", "resolved"}]
    median_by_ministry: list  # [{"ministry", "median", "count"}]
    median_by_category: list
    chart_periods: list
    markets_over_time: dict  # {country: [{"open", "resolved"} per month]}
    resolutions_by_ministry: list  # [(ministry, [n per quarter])]
    chart_quarters: list
    figures: list = field(default_factory=list)


def base_params(params):
    """The filters of the request that every figure's link keeps (the period is not a filter)."""
    keep = {}
    for name in PASSED_ON:
        values = params.getlist(name) if hasattr(params, "getlist") else params.get(name)
        if isinstance(values, str):
            values = [values]
        values = [v for v in (values or []) if v not in ("", None)]
        if values:
            keep[name] = values
    return keep


HISTORY_CACHE_SECONDS = 15 * 60


def cached_progress_by_market(queryset, start, end):
    """progress_by_market, cached until the history changes.

    The pass over the history is the dashboard's most expensive statement (about 0.2 s at
    1,000,000 rows, of a 0.4 s page). Its answer depends only on the barriers selected, the window and the
    history, and history rows are only ever added: so the key holds the SQL of the selection,
    the window and the highest history id (one index lookup), and any write makes a new key.
    """
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # e.g. invalid filters: nothing selected, nothing to read
        return {"periods": periods(start, end), "markets": {}, "resolutions_by_ministry": {}}
    watermark = Barrier.history.aggregate(last=Max("history_id"))["last"]
    digest = hashlib.sha256(repr((sql, params, start, end, watermark)).encode()).hexdigest()
    key = f"dashboard:progress:{digest}"
    result = cache.get(key)
    if result is None:
        result = progress_by_market(queryset, start, end)
        cache.set(key, result, HISTORY_CACHE_SECONDS)
    return result


class _Figures:
    """Collects every Figure the dashboard shows, with the request's filters in its params."""

    def __init__(self, keep):
        self.keep = keep
        self.all = []

    def __call__(self, value, **extra):
        """A figure whose link lists exactly what it counts: the request's filters narrowed by the
        figure's own. Where both name a multi-valued filter (country, status, lead ministry ...)
        the link takes their intersection; an empty one counts nothing and has no link."""
        merged = dict(self.keep)
        for name, wanted in extra.items():
            if wanted is None:
                continue
            if name in MULTI_VALUED and name in self.keep:
                wanted = [v for v in (wanted if isinstance(wanted, list) else [wanted]) if v in self.keep[name]]
                if not wanted:
                    return self._add(Figure(value, None))
            merged[name] = wanted
        return self._add(Figure(value, merged))

    def _add(self, figure):
        self.all.append(figure)
        return figure


def _resolved_params(period):
    return {
        "status": BarrierStatus.RESOLVED,
        "resolved_from": period.first.isoformat(),
        "resolved_to": period.last.isoformat(),
    }


def _grouped_counts(qs, period, today):
    """ONE pass over the barriers for the matrix and the per-ministry flags: counts per (country,
    status, lead ministry), with the period's resolutions and the overdue ones. A few hundred rows."""
    in_period = Q(resolved_on__gte=period.first, resolved_on__lte=period.last)
    return list(
        qs.order_by()
        .values("country", "status", "lead_ministry_id")
        .annotate(
            n=Count("pk"),
            resolved=Count("pk", filter=in_period),
            overdue=Count("pk", filter=BarrierQuerySet.overdue_q(today)),
        )
    )


def _market_matrix(grouped, fig, period):
    """Country x status, with the resolutions of the period; the five target markets always shown."""
    counts, resolved_counts = defaultdict(int), defaultdict(int)
    for row in grouped:
        counts[(row["country"], row["status"])] += row["n"]
        resolved_counts[row["country"]] += row["resolved"]
    present = {c for c, _s in counts}
    countries = list(TARGET_MARKETS) + sorted(present - set(TARGET_MARKETS))
    if "country" in fig.keep:  # filtered to some markets: only their rows (the others count nothing)
        wanted = set(fig.keep["country"])
        countries = [c for c in TARGET_MARKETS if c in wanted] + sorted(wanted - set(TARGET_MARKETS))
    statuses = [s for s in BarrierStatus if "status" not in fig.keep or s.value in fig.keep["status"]]
    resolved_params = _resolved_params(period)
    matrix = []
    for country in countries:
        cells = [fig(counts.get((country, s), 0), country=country, status=s.value) for s in statuses]
        matrix.append(
            {
                "country": country,
                "name": country_name(country),
                "cells": cells,
                "total": fig(sum(c.value for c in cells), country=country),
                "resolved": fig(resolved_counts.get(country, 0), country=country, **resolved_params),
            }
        )
    totals = {
        "cells": [fig(sum(counts.get((c, s), 0) for c in countries), status=s.value) for s in statuses],
        "total": fig(sum(counts.values())),
        "resolved": fig(sum(resolved_counts.values()), **resolved_params),
    }
    return countries, statuses, matrix, totals


def _ministry_flags(qs, grouped, fig, period, today, ministries_by_id):
    """Per lead ministry: open, overdue and resolved in the period (from the grouped counts), and
    stale (its own query: as a WHERE clause the NOT EXISTS becomes a hash anti-join; inside a COUNT
    FILTER it was a subquery per row, 6x slower at 100,000 barriers). Overdue and stale mean what
    BarrierQuerySet.overdue()/stale(), and so the FilterSet, mean."""
    stale = dict(
        qs.stale(today)
        .order_by()
        .values_list("lead_ministry_id")
        .annotate(n=Count("pk"))
        .values_list("lead_ministry_id", "n")
    )
    # Issue 13: a complainant's "no" on a resolved barrier is counted here, per lead ministry.
    unsolved = dict(
        qs.unsolved_by_complainant()
        .order_by()
        .values_list("lead_ministry_id")
        .annotate(n=Count("pk"))
        .values_list("lead_ministry_id", "n")
    )
    per = defaultdict(lambda: {"open": 0, "overdue": 0, "resolved": 0})
    for row in grouped:
        totals = per[row["lead_ministry_id"]]
        if row["status"] in BARRIER_OPEN_STATUSES:
            totals["open"] += row["n"]
        totals["overdue"] += row["overdue"]
        totals["resolved"] += row["resolved"]
    resolved_params = _resolved_params(period)
    rows = []
    for ministry_id, totals in per.items():
        ministry = ministries_by_id[ministry_id]
        rows.append(
            {
                "ministry": ministry,
                "open": fig(totals["open"], lead_ministry=ministry.code, status=list(BARRIER_OPEN_STATUSES)),
                "overdue": fig(totals["overdue"], lead_ministry=ministry.code, overdue="true"),
                "stale": fig(stale.get(ministry.pk, 0), lead_ministry=ministry.code, stale="true"),
                "resolved": fig(totals["resolved"], lead_ministry=ministry.code, **resolved_params),
                "unsolved": fig(unsolved.get(ministry.pk, 0), lead_ministry=ministry.code, unsolved="true"),
            }
        )
    rows.sort(key=lambda r: r["ministry"].code)
    return rows


def _medians(qs, fig, ministries_by_id, categories_by_id):
    """Median days to resolution per lead ministry and per category: one fetch for both."""
    by_ministry_days, by_category_days = defaultdict(list), defaultdict(list)
    for ministry_id, category_id, days in resolution_days(qs, "lead_ministry_id", "category_id"):
        by_ministry_days[ministry_id].append(days)
        by_category_days[category_id].append(days)
    by_ministry = [
        {
            "ministry": ministries_by_id[pk],
            "count": m.count,
            "median": fig(m.median, lead_ministry=ministries_by_id[pk].code, status=BarrierStatus.RESOLVED),
        }
        for pk, m in median_days(by_ministry_days).items()
    ]
    by_ministry.sort(key=lambda r: r["ministry"].code)
    by_category = [
        {
            "category": categories_by_id[pk],
            "count": m.count,
            "median": fig(m.median, category=categories_by_id[pk].code, status=BarrierStatus.RESOLVED),
        }
        for pk, m in median_days(by_category_days).items()
    ]
    by_category.sort(key=lambda r: (r["category"].sort_order, r["category"].code))
    return by_ministry, by_category


def _charts(qs, fig, period, today, countries, ministries_by_id):
    """The four quarters ending with the period (or today, if the period runs on past it): open and
    resolved per market at each month's end, resolutions per quarter per lead ministry."""
    chart_end = min(period.last, today)
    q_first, q_last = quarter_of(chart_end)
    chart_start = add_months(q_first, -9)
    over_time = cached_progress_by_market(qs, chart_start, q_last)
    months = [span for span in over_time["periods"] if span[0] <= today]
    markets = {}
    for country in countries:
        rows = over_time["markets"].get(country)
        markets[country] = [{"open": r["open"], "resolved": r["resolved"]} for r in (rows or [])[: len(months)]] or [
            {"open": 0, "resolved": 0} for _ in months
        ]
    quarters = periods(chart_start, q_last, QUARTER)
    by_ministry = []
    for pk, monthly in over_time["resolutions_by_ministry"].items():
        per_quarter = [sum(monthly[i * 3 : (i + 1) * 3]) for i in range(len(quarters))]
        ministry = ministries_by_id[pk]
        by_ministry.append(
            (
                ministry,
                [
                    fig(
                        n,
                        lead_ministry=ministry.code,
                        status=BarrierStatus.RESOLVED,
                        resolved_from=first.isoformat(),
                        resolved_to=last.isoformat(),
                    )
                    for n, (first, last) in zip(per_quarter, quarters, strict=True)
                ],
            )
        )
    by_ministry.sort(key=lambda item: item[0].code)
    return months, markets, quarters, by_ministry


def build_dashboard(user, params, today=None):
    """The dashboard in named steps: the filtered barriers, one grouped pass for the matrix and
    the ministries, the medians, the charts from the (cached) history pass."""
    today = today or timezone.localdate()
    period = parse_period(params.get("period"), today)
    filterset, qs = filter_barriers(user, params, queryset=visible_barriers(user))
    fig = _Figures(base_params(params))
    ministries_by_id = {m.pk: m for m in Ministry.objects.all()}
    categories_by_id = {c.pk: c for c in Category.objects.all()}

    grouped = _grouped_counts(qs, period, today)
    countries, statuses, matrix, matrix_totals = _market_matrix(grouped, fig, period)
    ministry_rows = _ministry_flags(qs, grouped, fig, period, today, ministries_by_id)
    median_by_ministry, median_by_category = _medians(qs, fig, ministries_by_id, categories_by_id)
    months, markets, quarters, by_ministry = _charts(qs, fig, period, today, countries, ministries_by_id)

    return Dashboard(
        filterset=filterset,
        period=period,
        statuses=statuses,
        matrix=matrix,
        matrix_totals=matrix_totals,
        ministries=ministry_rows,
        median_by_ministry=median_by_ministry,
        median_by_category=median_by_category,
        chart_periods=months,
        markets_over_time=markets,
        resolutions_by_ministry=by_ministry,
        chart_quarters=quarters,
        figures=fig.all,
    )
