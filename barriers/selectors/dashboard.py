"""The dashboard's figures, each with the FilterSet parameters of the barrier list it counts.

Everything is computed in a fixed number of statements whatever the number of barriers: the
barrier pass (counts.count_barriers: grouped counts, stale, days to resolution) for the matrix,
the per-ministry flags and the medians; the complainants' "not solved"; one pass over the history
since the charts' start for both charts; and the two small reference tables. The selector knows
nothing of URLs: each Figure carries `params` (names from BarrierFilterSet); the web layer turns
them into links. The web layer caches the result under `cache_key`.
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils import timezone

from ..choices import BARRIER_OPEN_STATUSES, TARGET_MARKETS, BarrierStatus
from ..countries import country_name
from ..models import Category, MarketIndicator, Ministry
from ..periods import QUARTER, Period, add_months, parse_period, periods, quarter_of
from ..permissions import can_read
from .barriers import filter_barriers, visible_barriers
from .counts import count_barriers
from .scorecard import SOURCES as SCORECARD_SOURCES
from .stats import median_days, progress_by_market
from .versions import data_version

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
    # The barrier pass, when it counted what the scorecard section counts (every barrier, or those
    # of the one market filtered to): the section then reuses it instead of counting again.
    scorecard_counts: object = None


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


# The tables the dashboard's figures are read from: a write to any of them makes a new cache key.
SOURCES = (*SCORECARD_SOURCES, Ministry, Category, MarketIndicator)
CACHE_SECONDS = 15 * 60


def cache_key(user, params, language, today=None):
    """The key the dashboard's figures are cached under: everything they depend on. The request's
    parameters, the language they are written in, whether the user may read (members read every
    barrier), today (overdue, stale and the default period move with the date) and the data
    version of SOURCES. The entry lives at most CACHE_SECONDS (deadlines that pass during a day)."""
    query = sorted((name, params.getlist(name)) for name in params)
    parts = (query, language, can_read(user), today or timezone.localdate(), data_version(*SOURCES))
    return "dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _progress(queryset, start, end, current):
    if queryset.query.is_empty():  # e.g. invalid filters: nothing selected, nothing to read
        return {"periods": periods(start, end), "markets": {}, "resolutions_by_ministry": {}}
    return progress_by_market(queryset, start, end, current=current)


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


def _ministry_flags(qs, counts, fig, period, ministries_by_id):
    """Per lead ministry: open, overdue, stale and resolved in the period (from the barrier pass),
    and resolved barriers a complainant says are not solved. Overdue and stale mean what
    BarrierQuerySet.overdue()/stale(), and so the FilterSet, mean."""
    grouped = counts.groups
    stale = counts.stale_by_ministry()
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


def _medians(counts, fig, ministries_by_id, categories_by_id):
    """Median days to resolution per lead ministry and per category, from the barrier pass."""
    by_ministry_days, by_category_days = defaultdict(list), defaultdict(list)
    for ministry_id, category_id, _country, _in_period, days in counts.resolutions:
        by_ministry_days[ministry_id].append(days)
        by_category_days[category_id].append(days)
    ministry_medians, category_medians = median_days(by_ministry_days), median_days(by_category_days)
    by_ministry = [
        {
            "ministry": ministries_by_id[pk],
            "count": m.count,
            "median": fig(m.median, lead_ministry=ministries_by_id[pk].code, status=BarrierStatus.RESOLVED),
        }
        for pk, m in ministry_medians.items()
    ]
    by_ministry.sort(key=lambda r: r["ministry"].code)
    by_category = [
        {
            "category": categories_by_id[pk],
            "count": m.count,
            "median": fig(m.median, category=categories_by_id[pk].code, status=BarrierStatus.RESOLVED),
        }
        for pk, m in category_medians.items()
    ]
    by_category.sort(key=lambda r: (r["category"].sort_order, r["category"].code))
    return by_ministry, by_category


def _charts(qs, counts, fig, period, today, countries, ministries_by_id):
    """The four quarters ending with the period (or today, if the period runs on past it): open and
    resolved per market at each month's end, resolutions per quarter per lead ministry."""
    chart_end = min(period.last, today)
    q_first, q_last = quarter_of(chart_end)
    chart_start = add_months(q_first, -9)
    current = defaultdict(int)  # the selection's live counts: the history is read from chart_start only
    for row in counts.groups:
        current[(row["country"], row["status"])] += row["n"]
    over_time = _progress(qs, chart_start, q_last, current)
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


def _counts_every_barrier(filterset, params):
    """True when no filter narrows the barriers beyond one market (the period is not a filter)."""
    if filterset.errors:
        return False
    given = {name for name in filterset.filters if any(v not in ("", None) for v in params.getlist(name))}
    return given <= {"country", "order_by"} and len(set(params.getlist("country")) - {""}) <= 1


def build_dashboard(user, params, today=None):
    """The dashboard in named steps: the filtered barriers, the barrier pass for the matrix, the
    ministries and the medians, the charts from the history since their start."""
    today = today or timezone.localdate()
    period = parse_period(params.get("period"), today)
    filterset, qs = filter_barriers(user, params, queryset=visible_barriers(user))
    fig = _Figures(base_params(params))
    ministries_by_id = {m.pk: m for m in Ministry.objects.all()}
    categories_by_id = {c.pk: c for c in Category.objects.all()}

    counts = count_barriers(qs, period.first, period.last, today)
    countries, statuses, matrix, matrix_totals = _market_matrix(counts.groups, fig, period)
    ministry_rows = _ministry_flags(qs, counts, fig, period, ministries_by_id)
    median_by_ministry, median_by_category = _medians(counts, fig, ministries_by_id, categories_by_id)
    months, markets, quarters, by_ministry = _charts(qs, counts, fig, period, today, countries, ministries_by_id)

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
        scorecard_counts=counts if _counts_every_barrier(filterset, params) else None,
    )
