"""Time the dashboard against a big database: DATABASE_URL=postgres://... python bench/dashboard.py

Renders /dashboard/ through Django's test client as a signed-in oversight reader, N times after a
warm-up, and prints p50/p95/max, the number of SQL queries and the slowest statements of one run,
twice: "cold" (the cache emptied before each request, as after any write to a barrier, so the
pass over the history runs) and "warm" (the history figures served from the cache).
Target (issue 6): under one second at 100,000 barriers and 1,000,000 history rows.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("SECRET_KEY", "bench-only-not-secret")
os.environ.setdefault("DEBUG", "0")  # as in production (DEBUG on adds query logging and debug middleware)
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")  # the test client speaks plain HTTP


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument(
        "--query", action="append", default=[], help="extra query string to time as well, e.g. 'country=CN&period=2025'"
    )
    args = parser.parse_args()
    if not os.environ.get("DATABASE_URL"):
        sys.exit("Set DATABASE_URL to the benchmark database (see bench/build_data.py).")

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from barriers.choices import Role
    from barriers.models import Barrier, Membership

    membership = Membership.objects.filter(role=Role.OVERSIGHT).select_related("user").first()
    if membership is None:
        from django.contrib.auth import get_user_model

        from barriers.services.memberships import set_membership

        user, _ = get_user_model().objects.get_or_create(username="bench_oversight")
        set_membership(None, user, role=Role.OVERSIGHT, reason="Benchmark reader")
    else:
        user = membership.user
    client = Client(HTTP_ACCEPT_LANGUAGE="ko")
    client.force_login(user)

    barriers = Barrier.objects.count()
    history = Barrier.history.count()
    print(
        f"database: {connection.vendor} {connection.settings_dict['NAME']}: "
        f"{barriers:,} barriers, {history:,} barrier history rows"
    )

    from django.core.cache import cache

    for query in ["", *args.query]:
        url = "/dashboard/" + (f"?{query}" if query else "")
        response = client.get(url)  # warm-up (connection, templates, translations)
        assert response.status_code == 200, response.status_code
        # cold: the history figures recomputed (as after any write); warm: served from the cache.
        for label, clear in (("cold", True), ("warm", False)):
            timings = []
            for _ in range(args.runs):
                if clear:
                    cache.clear()
                started = time.perf_counter()
                response = client.get(url)
                timings.append(time.perf_counter() - started)
                assert response.status_code == 200
            if clear:
                cache.clear()
            with CaptureQueriesContext(connection) as ctx:
                client.get(url)
            timings.sort()
            p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
            print(
                f"GET {url} [{label}]: runs={args.runs} p50={statistics.median(timings) * 1000:.0f} ms "
                f"p95={p95 * 1000:.0f} ms max={timings[-1] * 1000:.0f} ms queries={len(ctx.captured_queries)} "
                f"html={len(response.content):,} bytes"
            )
            slowest = sorted(ctx.captured_queries, key=lambda q: float(q["time"]), reverse=True)[:4]
            for q in slowest:
                print(f"    {float(q['time']) * 1000:7.1f} ms  {' '.join(q['sql'].split())[:110]}")


if __name__ == "__main__":
    main()
