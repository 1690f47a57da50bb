"""The four-way comparison on one page, interleaved in one process (issue 14):

floor (ORM + json.dumps), naive graphene-django, strawberry-django with its optimizer (with and
without `totalCount`), and the project (with and without `totalCount`).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/fourway.py

Every round calls each variant once, in a rotating order, so drift in the machine's load (it is
shared) falls on all of them alike; the figures are medians over the rounds, and the ratios are
what to read.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from bench.graphql_api import graphql_caller, setup  # noqa: E402

FIELDS = """reference title status priority identifiedOn version country { code }
    leadMinistry { code nameEn } category { code nameEn } supportingMinistries { code nameEn }
    progressUpdates { date status rag text ministry { code } }"""
PAGE = "{ barriers(first: 100) { %s edges { node { " + FIELDS + " } } } }"
WITH_COUNT, WITHOUT_COUNT = PAGE % "totalCount", PAGE % ""
NAIVE_PAGE = PAGE % ""


def floor_page(user):
    from barriers.selectors.barriers import barrier_page_queryset

    include = {"lead_ministry", "category", "supporting_ministries", "progress_updates", "progress_updates.ministry"}

    def run():
        qs = barrier_page_queryset(user, include=include).order_by("reference", "pk")
        total = qs.count()
        rows = list(qs[:100])
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
                    "country": {"code": b.__dict__["country"]},
                    "leadMinistry": {"code": b.lead_ministry.code, "nameEn": b.lead_ministry.name_en},
                    "category": {"code": b.category.code, "nameEn": b.category.name_en},
                    "supportingMinistries": [
                        {"code": m.code, "nameEn": m.name_en} for m in b.supporting_ministries_list
                    ],
                    "progressUpdates": [
                        {
                            "date": p.date.isoformat(),
                            "status": p.status.upper(),
                            "rag": p.rag.upper(),
                            "text": p.text,
                            "ministry": {"code": p.ministry.code} if p.ministry_id else None,
                        }
                        for p in b.progress_updates_list
                    ],
                }
            )
        return json.dumps({"data": {"barriers": {"totalCount": total, "edges": [{"node": n} for n in out]}}})

    return run


def strawberry_caller(view, user, query):
    from django.test import RequestFactory

    factory = RequestFactory()
    body = json.dumps({"query": query})

    def call():
        request = factory.post("/graphql/", body, content_type="application/json", HTTP_ACCEPT="application/json")
        request.user = user
        request._dont_enforce_csrf_checks = True
        response = view(request)
        payload = json.loads(response.content)
        if response.status_code != 200 or payload.get("errors"):
            raise RuntimeError(f"{response.status_code}: {str(payload)[:500]}")
        return payload

    return call


def main():
    setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from graphene_django.views import GraphQLView
    from strawberry.django.views import GraphQLView as StrawberryView

    from api.view import TrackerGraphQLView
    from bench import naive_schema, strawberry_schema

    rounds = int(os.environ.get("BENCH_ROUNDS", "30"))
    naive_every = int(os.environ.get("BENCH_NAIVE_EVERY", "3"))
    reader = get_user_model().objects.select_related("membership").get(username="bench_reader")
    project = TrackerGraphQLView.as_view()
    strawberry = StrawberryView.as_view(schema=strawberry_schema.schema)
    naive = GraphQLView.as_view(schema=naive_schema.schema)
    variants = [
        ("floor (ORM + json.dumps)", floor_page(reader)),
        ("naive graphene-django", graphql_caller(naive, reader, NAIVE_PAGE)),
        ("strawberry-django, totalCount", strawberry_caller(strawberry, reader, WITH_COUNT)),
        ("strawberry-django, no totalCount", strawberry_caller(strawberry, reader, WITHOUT_COUNT)),
        ("project, totalCount", graphql_caller(project, reader, WITH_COUNT)),
        ("project, no totalCount", graphql_caller(project, reader, WITHOUT_COUNT)),
    ]
    queries, times = {}, {name: [] for name, _ in variants}
    for name, fn in variants:
        with CaptureQueriesContext(connection) as captured:
            fn()  # warm-up, and the query count
        queries[name] = len(captured)
    print(f"nested 100-row page, {rounds} interleaved rounds (naive every {naive_every}), p50 ms", flush=True)
    for i in range(rounds):
        order = variants[i % len(variants) :] + variants[: i % len(variants)]
        for name, fn in order:
            if name.startswith("naive") and i % naive_every:
                continue
            started = time.perf_counter()
            fn()
            times[name].append((time.perf_counter() - started) * 1000)
    p50 = {name: statistics.median(t) for name, t in times.items()}
    floor = p50["floor (ORM + json.dumps)"]
    print(f"{'variant':<34}{'p50 ms':>9}{'x floor':>9}{'queries':>9}{'runs':>6}")
    for name, _ in variants:
        print(f"{name:<34}{p50[name]:>9.1f}{p50[name] / floor:>9.2f}{queries[name]:>9}{len(times[name]):>6}")
    for suffix in ("totalCount", "no totalCount"):
        ratio = p50[f"strawberry-django, {suffix}"] / p50[f"project, {suffix}"]
        print(f"strawberry-django / project, {suffix}: {ratio:.2f}x (target >= 1.2x)")
    print(f"project / floor, totalCount: {p50['project, totalCount'] / floor:.2f}x (target <= 1.5x)")


if __name__ == "__main__":
    main()
