"""Counts and progress over time, computed in the database.

`progress()` and `progress_by_market()` answer "how many barriers stood in each status at the end
of each period" from the history table in ONE statement (`_changes`): each history row knows the
status and country before it, so the rows that changed something are read from a partial index, a
CASE puts each into its period, and GROUP BY returns a few hundred (period, from, to, n) rows; the
running totals are summed here. This replaces one as-of query per period, and a window over every
history row.
"""

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.db import connection
from django.db.models import Count, Func, IntegerField

from ..choices import BARRIER_OPEN_STATUSES, BarrierStatus
from ..history_columns import CHANGE_PREDICATE
from ..models import Barrier
from ..periods import periods
from .history import end_of_day

GROUPS = {
    "country": "country",
    "status": "status",
    "ministry": "lead_ministry__code",
    "category": "category__code",
    "priority": "priority",
}


def barrier_stats(queryset, group_by):
    """[{country: .., status: .., count: n}, ...] grouped in SQL by the named dimensions."""
    fields = [GROUPS[g] for g in group_by]
    if not fields:
        return [{"count": queryset.count()}]
    rows = queryset.order_by().values(*fields).annotate(count=Count("pk", distinct=False)).order_by(*fields)
    inverse = {v: k for k, v in GROUPS.items()}
    return [{**{inverse[f]: row[f] for f in fields}, "count": row["count"]} for row in rows]


def _is_every_barrier(queryset):
    query = queryset.query
    return queryset.model is Barrier and not query.where and not query.is_sliced and not query.distinct


def _changes(barrier_queryset, boundaries, since_first=False):
    """Rows (period, country, prev_country, status, prev_status, history_type, resolved_by, n).

    Every history row that created or deleted a barrier or changed its status or market, put in
    its period (0 = on or before boundaries[0]) and counted. `since_first`: only the rows after
    boundaries[0] (those after the last boundary in period len(boundaries)). Each row carries the status and
    country before it (barriers/history_columns.py), so this is one aggregate over the partial index
    hist_barrier_changes, not a window over the whole history. `resolved_by` is the lead ministry
    of a row that moved INTO resolved. Deleted barriers are left out, as the barrier table does.
    """
    History = Barrier.history.model
    table = connection.ops.quote_name(History._meta.db_table)
    if _is_every_barrier(barrier_queryset):
        scope, scope_params = f"id NOT IN (SELECT id FROM {table} WHERE history_type = '-')", ()
    else:
        ids_sql, scope_params = barrier_queryset.order_by().values("pk").query.sql_with_params()
        scope = f"id IN ({ids_sql})"
    # Raw parameters are not adapted by the ORM: SQLite compares text, so pass naive UTC there.
    bounds = [connection.ops.adapt_datetimefield_value(b) for b in boundaries]
    if since_first:
        cases = " ".join(f"WHEN history_date <= %s THEN {i}" for i in range(1, len(bounds)))
        cases, case_params = f"{cases} ELSE {len(bounds)}", bounds[1:]
        window, window_params = "history_date > %s", [bounds[0]]
    else:
        cases = " ".join(f"WHEN history_date <= %s THEN {i}" for i in range(len(bounds)))
        case_params, window, window_params = bounds, "history_date <= %s", [bounds[-1]]
    sql = f"""
        SELECT period, country, prev_country, status, prev_status, history_type, resolved_by, COUNT(*)
        FROM (
            SELECT CASE {cases} END AS period, country, prev_country, status, prev_status, history_type,
                   CASE WHEN status = 'resolved' AND prev_status IS NOT NULL AND prev_status <> 'resolved'
                        AND history_type <> '-' THEN lead_ministry_id END AS resolved_by
            FROM {table}
            WHERE {CHANGE_PREDICATE} AND {window} AND {scope}
        ) changes
        GROUP BY period, country, prev_country, status, prev_status, history_type, resolved_by
    """
    with connection.cursor() as cursor:  # a read: nothing here bypasses the audit trail
        cursor.execute(sql, [*case_params, *window_params, *scope_params])
        return cursor.fetchall()


def _boundaries(spans):
    return [end_of_day(spans[0][0] - timedelta(days=1))] + [end_of_day(last) for _, last in spans]


def progress(barrier_queryset, start, end, interval="month"):
    """Per period: status counts at its end (from history), resolutions in it, median days."""
    spans = periods(start, end, interval)
    if not spans:
        return []
    deltas = defaultdict(lambda: defaultdict(int))
    resolved_in = defaultdict(int)
    for period, _c, _pc, status, prev, history_type, resolved_by, n in _changes(barrier_queryset, _boundaries(spans)):
        if history_type == "-":
            deltas[period][status] -= n
            continue
        if prev == status:  # a change of market only: the status count stands
            continue
        deltas[period][status] += n
        if prev is not None:
            deltas[period][prev] -= n
        if resolved_by is not None and period > 0:
            resolved_in[period] += n

    durations = defaultdict(list)
    in_spans = barrier_queryset.filter(resolved_on__gte=spans[0][0], resolved_on__lte=spans[-1][1])
    for resolved_on, days in resolution_days(in_spans, "resolved_on"):
        for i, (first, last) in enumerate(spans, start=1):
            if first <= resolved_on <= last:
                durations[i].append(days)
                break
    medians = median_days(durations)

    running = defaultdict(int)
    for status, n in deltas[0].items():
        running[status] += n
    out = []
    for i, (first, last) in enumerate(spans, start=1):
        for status, n in deltas[i].items():
            running[status] += n
        counts = {s: running.get(s, 0) for s in BarrierStatus.values}
        out.append(
            {
                "period_start": first,
                "period_end": last,
                "counts": counts,
                "open": sum(counts[s] for s in BARRIER_OPEN_STATUSES),
                "resolved": resolved_in[i],
                "median_days_to_resolution": medians[i].median if i in medians else None,
            }
        )
    return out


@dataclass
class Median:
    median: float
    count: int


class DaysBetween(Func):
    """Whole days from the second date to the first, computed by the database (no date objects
    are built for thousands of rows)."""

    output_field = IntegerField()

    def as_sql(self, compiler, connection, **extra):  # PostgreSQL: date - date is days
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


def _resolutions(queryset, group_fields, annotations):
    return (
        queryset.order_by()
        .filter(status=BarrierStatus.RESOLVED, resolved_on__isnull=False)
        .annotate(**annotations, resolution_days=DaysBetween("resolved_on", "identified_on"))
        .values_list(*group_fields, *annotations, "resolution_days")
    )


def resolution_days(queryset, *group_fields, **annotations):
    """[(group values..., annotation values..., days)] for every resolved barrier of `queryset`, in
    one fetch: the days from identification to resolution. Every median of days to resolution
    starts here."""
    return list(_resolutions(queryset, group_fields, annotations))


def resolution_days_raw(queryset, *group_fields, **annotations):
    """resolution_days as the database returns the values, without Django's conversion of each
    row: for tens of thousands of rows of ids, codes and flags (a flag is 0/1 on SQLite)."""
    rows = _resolutions(queryset, group_fields, annotations)
    if rows.query.is_empty():  # e.g. nobody's barriers: no statement at all, as the ORM does
        return []
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def median_days(days_by_group):
    """{group: [days, ...]} -> {group: Median(median, count)} (empty groups left out)."""
    return {group: Median(statistics.median(days), len(days)) for group, days in days_by_group.items() if days}


def count_by(queryset, field):
    return dict(queryset.order_by().values_list(field).annotate(n=Count("pk")).values_list(field, "n"))


def progress_by_market(barrier_queryset, start, end, interval="month", current=None):
    """Status counts at the end of each period per country, and resolutions per lead ministry.

    ONE statement over the history, whatever the number of markets or ministries. With `current`,
    the selection's live counts {(country, status): n}, only the history since `start` is read:
    the counts at its start are the live ones less every change since (the live row is the last
    history row, since every write writes one), which spares reading the years before the chart.
    {"periods": [(first, last), ...],
     "markets": {country: [{"counts": {status: n}, "open": n, "resolved": n,
                            "resolutions": n}, ...one per period]},
     "resolutions_by_ministry": {ministry_id: [n per period]}}
    `resolved` is the number standing resolved at the period's end; `resolutions` the number
    that moved into resolved during it.
    """
    spans = periods(start, end, interval)
    result = {"periods": spans, "markets": {}, "resolutions_by_ministry": {}}
    if not spans:
        return result
    deltas = defaultdict(lambda: defaultdict(int))  # period -> (country, status) -> n
    moved_in = defaultdict(lambda: defaultdict(int))  # country -> period -> n
    by_ministry = defaultdict(lambda: [0] * len(spans))
    boundaries = _boundaries(spans)
    for period, country, prev_country, status, prev, history_type, resolved_by, n in _changes(
        barrier_queryset, boundaries, since_first=current is not None
    ):
        if history_type == "-":
            deltas[period][(country, status)] -= n
            continue
        deltas[period][(country, status)] += n
        if prev is not None:
            deltas[period][(prev_country, prev)] -= n
        if resolved_by is not None and 0 < period <= len(spans):
            by_ministry[resolved_by][period - 1] += n
            moved_in[country][period] += n
    if current is not None:  # the counts at the start: the live ones less every change since
        deltas[0] = defaultdict(int, current)
        for period in range(1, len(boundaries) + 1):
            for key, n in deltas[period].items():
                deltas[0][key] -= n

    running = defaultdict(int)
    for key, n in deltas[0].items():
        running[key] += n
    markets = defaultdict(list)
    for i in range(1, len(spans) + 1):
        for key, n in deltas[i].items():
            running[key] += n
        countries = {c for (c, _s), n in running.items() if n} | set(markets) | set(moved_in)
        for country in countries:
            counts = {s: running.get((country, s), 0) for s in BarrierStatus.values}
            markets[country].append(
                {
                    "counts": counts,
                    "open": sum(counts[s] for s in BARRIER_OPEN_STATUSES),
                    "resolved": counts[BarrierStatus.RESOLVED],
                    "resolutions": moved_in[country][i],
                }
            )
    # A market that appears only later gets zeros for the periods before it.
    for country, rows in markets.items():
        missing = len(spans) - len(rows)
        if missing:
            zero = {"counts": {s: 0 for s in BarrierStatus.values}, "open": 0, "resolved": 0, "resolutions": 0}
            markets[country] = [dict(zero) for _ in range(missing)] + rows
    result["markets"] = dict(markets)
    result["resolutions_by_ministry"] = dict(by_ministry)
    return result


__all__ = [
    "barrier_stats",
    "count_by",
    "median_days",
    "progress",
    "progress_by_market",
    "resolution_days",
    "resolution_days_raw",
]
