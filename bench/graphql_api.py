"""Measure the GraphQL API against its floor and its naive peer, in one run.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/graphql_api.py

Each case runs sequentially in this process (one client, no network): requests per second and
p50/p95 latency. How requests are made: a real Django `HttpRequest` (RequestFactory, JSON POST
body) passed straight to the view, so parsing, validation, the limit checks, execution and JSON
encoding are all measured; the middleware stack (session/token lookup) is left out so the three
columns do the same work apart from the GraphQL layer:

- api:   the real /graphql/ view (api.view.TrackerGraphQLView, api.schema), as an oversight reader;
- floor: the same data with the plain Django ORM (the same selectors, joins and timelines) + json.dumps;
- naive: bench/naive_schema.py through graphene-django's stock GraphQLView: no joins, history per
  row, statistics counted in Python, progress as one as-of query per period.

Build the data first: bench/build_data.py (100,000 barriers, 1,000,000 history rows).
"""

import json
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"

NESTED_PAGE = """{ barriers(first: 100) { totalCount edges { node {
    reference title status priority identifiedOn version country { code }
    leadMinistry { code nameEn } category { code nameEn } supportingMinistries { code nameEn }
    progressUpdates { date status rag text ministry { code } }
    history { when who reason kind changes { field old new added removed } }
} } } }"""
NAIVE_NESTED_PAGE = """{ barriers(first: 100) { edges { node {
    reference title status priority identifiedOn version country { code }
    leadMinistry { code nameEn } category { code nameEn } supportingMinistries { code nameEn }
    progressUpdates { date status rag text ministry { code } }
    history { when who reason kind changes { field old new added removed } }
} } } }"""
FILTERED_PAGE = """{ barriers(first: 100, country: ["CN", "VN"], status: [IN_PROGRESS, CONFIRMED], ministry: ["KCS"]) {
    totalCount edges { node { reference title status priority identifiedOn country { code }
    leadMinistry { code } category { code } } } } }"""
NAIVE_FILTERED_PAGE = """{ barriers(first: 100, country: ["CN", "VN"], status: ["in_progress", "confirmed"], ministry: ["KCS"]) {
    edges { node { reference title status priority identifiedOn country { code }
    leadMinistry { code } category { code } } } } }"""
STATS = "{ barrierStats(groupBy: [COUNTRY, STATUS]) { country status count } }"
NAIVE_STATS = "{ barrierStats { country status count } }"
PROGRESS = """{ progress(from: "2024-12-01", to: "2026-11-30", interval: MONTH) { periodStart periodEnd open resolved
    medianDaysToResolution counts { reported confirmed inProgress partiallyResolved resolved rejected onHold } } }"""
NAIVE_PROGRESS = '{ progress(from: "2024-12-01", to: "2026-11-30") { periodStart open reported resolved } }'
PROGRESS_SPAN = (date(2024, 12, 1), date(2026, 11, 30))


def setup():
    os.environ["DATABASE_URL"] = os.environ.get("DATABASE_URL") or DEFAULT_URL
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()


def measure(fn, seconds, max_runs, warmup=2):
    for _ in range(warmup):
        fn()
    times = []
    started = time.perf_counter()
    while len(times) < max_runs and (time.perf_counter() - started < seconds or len(times) < 3):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    total = sum(times)
    times.sort()
    return {
        "runs": len(times),
        "rps": len(times) / total,
        "p50": statistics.median(times) * 1000,
        "p95": times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))] * 1000,
    }


def graphql_caller(view, user, query):
    from django.test import RequestFactory

    factory = RequestFactory()
    body = json.dumps({"query": query})

    def call():
        request = factory.post("/graphql/", body, content_type="application/json", HTTP_ACCEPT="application/json")
        request.user = user
        request.api_token = None
        request._dont_enforce_csrf_checks = True
        response = view(request)
        payload = json.loads(response.content)
        if response.status_code != 200 or payload.get("errors"):
            raise RuntimeError(f"{response.status_code}: {str(payload)[:500]}")
        return payload

    return call


# The floor: the same rows and fields with the ORM and json.dumps.


def _ministry(m):
    return {"code": m.code, "nameEn": m.name_en}


def floor_nested_page():
    from django.contrib.auth.models import AnonymousUser  # noqa: F401  (visibility: reader below)

    from barriers.selectors.barriers import barrier_page_queryset
    from barriers.selectors.history import timelines_for

    qs = barrier_page_queryset(
        FLOOR_USER,
        include={"lead_ministry", "category", "supporting_ministries", "progress_updates", "progress_updates.ministry"},
    ).order_by("reference", "pk")
    total = qs.count()
    rows = list(qs[:100])
    timelines = timelines_for([b.pk for b in rows])
    out = []
    for b in rows:
        out.append(
            {
                "reference": b.reference,
                "title": b.title,
                "status": b.status.upper(),
                "priority": b.priority.upper(),
                "identifiedOn": b.identified_on.isoformat(),
                "version": b.version,
                "country": {"code": b.country.code},
                "leadMinistry": _ministry(b.lead_ministry),
                "category": {"code": b.category.code, "nameEn": b.category.name_en},
                "supportingMinistries": [_ministry(m) for m in b.supporting_ministries_list],
                "progressUpdates": [
                    {
                        "date": p.date.isoformat(),
                        "status": p.status.upper(),
                        "rag": p.rag.upper(),
                        "text": p.text,
                        "ministry": {"code": p.ministry.code} if p.ministry else None,
                    }
                    for p in b.progress_updates_list
                ],
                "history": [
                    {
                        "when": e.when.isoformat(),
                        "who": e.who,
                        "reason": e.reason,
                        "kind": e.kind.upper(),
                        "changes": [
                            {"field": c.field, "old": c.old, "new": c.new, "added": c.added, "removed": c.removed}
                            for c in e.changes
                        ],
                    }
                    for e in timelines.get(b.pk, [])
                ],
            }
        )
    return json.dumps({"data": {"barriers": {"totalCount": total, "edges": [{"node": n} for n in out]}}})


def floor_filtered_page():
    from barriers.filters import BarrierFilterSet
    from barriers.selectors.barriers import barrier_page_queryset

    qs = barrier_page_queryset(FLOOR_USER, include={"lead_ministry", "category"})
    qs = BarrierFilterSet(
        {"country": ["CN", "VN"], "status": ["in_progress", "confirmed"], "ministry": ["KCS"]}, queryset=qs
    ).qs.order_by("reference", "pk")
    total = qs.count()
    out = [
        {
            "reference": b.reference,
            "title": b.title,
            "status": b.status.upper(),
            "priority": b.priority.upper(),
            "identifiedOn": b.identified_on.isoformat(),
            "country": {"code": b.country.code},
            "leadMinistry": {"code": b.lead_ministry.code},
            "category": {"code": b.category.code},
        }
        for b in qs[:100]
    ]
    return json.dumps({"data": {"barriers": {"totalCount": total, "edges": [{"node": n} for n in out]}}})


def floor_stats():
    from barriers.models import Barrier
    from barriers.selectors.stats import barrier_stats

    rows = barrier_stats(Barrier.objects.visible_to(FLOOR_USER), ["country", "status"])
    return json.dumps(
        {
            "data": {
                "barrierStats": [
                    {"country": r["country"], "status": r["status"].upper(), "count": r["count"]} for r in rows
                ]
            }
        }
    )


def floor_progress():
    from barriers.models import Barrier
    from barriers.selectors.stats import progress

    rows = progress(Barrier.objects.visible_to(FLOOR_USER), *PROGRESS_SPAN, "month")
    return json.dumps({"data": {"progress": rows}}, default=str)


FLOOR_USER = None


def main():
    setup()
    global FLOOR_USER
    from django.contrib.auth import get_user_model
    from django.db import connection
    from graphene_django.views import GraphQLView

    from api.view import TrackerGraphQLView
    from barriers.models import Barrier
    from bench import naive_schema

    seconds = float(os.environ.get("BENCH_SECONDS", "8"))
    reader = get_user_model().objects.select_related("membership").get(username="bench_reader")
    FLOOR_USER = reader
    api_view = TrackerGraphQLView.as_view()
    naive_view = GraphQLView.as_view(schema=naive_schema.schema)
    n_barriers = Barrier.objects.count()
    n_history = Barrier.history.count()
    print(
        f"database: {connection.settings_dict['NAME']} on {connection.vendor}: {n_barriers:,} barriers, "
        f"{n_history:,} history rows"
    )
    print(
        f"method: in-process view calls with RequestFactory JSON POSTs, one client, sequential; "
        f"about {seconds:.0f} s per cell\n"
    )

    cases = [
        ("nested page (100 rows)", NESTED_PAGE, floor_nested_page, NAIVE_NESTED_PAGE, 20),
        ("filtered page", FILTERED_PAGE, floor_filtered_page, NAIVE_FILTERED_PAGE, 200),
        ("barrierStats", STATS, floor_stats, NAIVE_STATS, 3),
        ("progress, 24 months", PROGRESS, floor_progress, NAIVE_PROGRESS, 2),
    ]
    header = f"{'case':<24}{'impl':<7}{'req/s':>9}{'p50 ms':>10}{'p95 ms':>10}{'runs':>6}{'queries':>9}"
    print(header)
    print("-" * len(header))
    summary = []
    for name, query, floor_fn, naive_query, naive_runs in cases:
        results = {}
        impls = [
            ("api", graphql_caller(api_view, reader, query), 1000),
            ("floor", floor_fn, 1000),
            ("naive", graphql_caller(naive_view, reader, naive_query), naive_runs),
        ]
        for impl, fn, max_runs in impls:
            from django.test.utils import CaptureQueriesContext

            with CaptureQueriesContext(connection) as captured:
                fn()
            r = measure(
                fn, seconds if impl != "naive" else min(seconds, 30), max_runs, warmup=0 if impl == "naive" else 2
            )  # the query-count call above warmed it
            r["queries"] = len(captured)
            results[impl] = r
            print(
                f"{name:<24}{impl:<7}{r['rps']:>9.1f}{r['p50']:>10.1f}{r['p95']:>10.1f}{r['runs']:>6}{r['queries']:>9}",
                flush=True,
            )
        api, floor, naive = results["api"], results["floor"], results["naive"]
        summary.append((name, api["p50"] / floor["p50"], naive["p50"] / api["p50"], api["p50"]))
    print("\nratios (p50):")
    for name, vs_floor, vs_naive, _p50 in summary:
        print(
            f"  {name:<24} api/floor {vs_floor:5.2f}x (target <= 3x)   naive/api {vs_naive:7.1f}x "
            f"(target >= 10x on the nested page)"
        )
    progress_p50 = summary[-1][3]
    print(
        f"\nprogress over 24 months at {n_barriers:,} barriers / {n_history:,} history rows: "
        f"p50 {progress_p50:.0f} ms (target < 1000 ms)"
    )


if __name__ == "__main__":
    main()
