"""Build the benchmark database: 100,000 barriers with 1,000,000 history rows, in minutes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tracker_bench .venv/bin/python bench/build_data.py

The database is created if missing and migrated; the reference data comes from `seed_demo
--reference-only`. Rows are written in bulk WITH their audit trail: every barrier gets about ten
historical rows (creation, status changes along the workflow, edits) with explicit
`history_date`s spread over the last 24 months, the m2m history rows that simple-history keeps
for `supporting_ministries`, and progress updates with their own history. PostgreSQL COPY is used
for the big tables (the same rows `bulk_create` + `bulk_history_create` would write, about ten
times faster). The final barrier row equals its last history row, so `progress()` reads a
consistent story. Writes a ready file (the DATABASE_URL) when done: /work/bench-ready for the
default database, /work/bench-ready.<name> for any other, so two builds never claim each other's.

Options: --barriers N (default 100000), --history N (default 1000000), --rebuild (drop data first).
"""

import argparse
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/tracker_bench"
READY_DIR = Path("/work")


def ready_file(url):
    """/work/bench-ready for the default database, /work/bench-ready.<name> for any other."""
    name = urlparse(url).path.lstrip("/")
    default = urlparse(DEFAULT_URL).path.lstrip("/")
    return READY_DIR / ("bench-ready" if name == default else f"bench-ready.{name}")


def ensure_database(url):
    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')
            print(f"created database {name}")


def setup_django(url):
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
    import django

    django.setup()


# Paths through the workflow, by weight: most barriers move, some are rejected or stall.
PATHS = [
    (30, ["reported", "confirmed", "in_progress", "resolved"]),
    (15, ["reported", "confirmed", "in_progress", "partially_resolved", "resolved"]),
    (20, ["reported", "confirmed", "in_progress"]),
    (8, ["reported", "confirmed", "in_progress", "partially_resolved"]),
    (8, ["reported", "confirmed", "on_hold"]),
    (7, ["reported", "rejected"]),
    (7, ["reported", "confirmed"]),
    (5, ["reported"]),
]
CLOSING = {"resolved", "rejected"}
WORDS = (
    "declaration",
    "certificate",
    "labelling",
    "payment",
    "settlement",
    "customs",
    "parcel",
    "tariff",
    "licence",
    "platform",
    "cosmetics",
    "food",
    "battery",
    "refund",
    "invoice",
    "data",
    "registration",
)


def build(n_barriers, n_history, seed=7):
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection, transaction

    from barriers.choices import TARGET_MARKETS, Role
    from barriers.models import Barrier, Category, Membership, Ministry, ProgressUpdate, ReferenceSequence

    rnd = random.Random(seed)
    call_command("migrate", verbosity=0)
    call_command("seed_demo", "--reference-only", verbosity=0)
    ministries = list(Ministry.objects.values_list("pk", flat=True))
    categories = list(Category.objects.values_list("pk", flat=True))

    User = get_user_model()
    users = {}
    for pk in ministries:
        user, _ = User.objects.get_or_create(username=f"bench_officer_{pk}")
        Membership.objects.get_or_create(user=user, defaults={"role": Role.OFFICER, "ministry_id": pk})
        users[pk] = user.pk
    coord, _ = User.objects.get_or_create(username="bench_coordinator")
    Membership.objects.get_or_create(user=coord, defaults={"role": Role.COORDINATOR})
    reader, _ = User.objects.get_or_create(username="bench_reader")
    Membership.objects.get_or_create(user=reader, defaults={"role": Role.OVERSIGHT})

    end = datetime(2026, 11, 20, 12, tzinfo=UTC)
    start = end - timedelta(days=730)
    per_barrier = n_history / n_barriers
    weights = [w for w, _ in PATHS]
    paths = [p for _, p in PATHS]

    from barriers.models import barrier_history

    H = Barrier.history.model

    M2M = next(iter(barrier_history.m2m_models.values()))
    PH = ProgressUpdate.history.model
    base_cols = [
        "id",
        "reference",
        "title",
        "description",
        "country",
        "scope",
        "category_id",
        "sectors",
        "strategy_area",
        "lead_ministry_id",
        "status",
        "next_actor",
        "priority",
        "trade_impact_krw",
        "source",
        "identified_on",
        "target_on",
        "resolved_on",
        "resolution_summary",
        "created_by_id",
        "created_at",
        "updated_at",
        "version",
    ]
    hist_cols = base_cols + [
        "history_id",
        "history_date",
        "history_change_reason",
        "history_type",
        "history_user_id",
        "prev_status",
        "prev_country",
    ]
    m2m_cols = ["id", "history_id", "barrier_id", "ministry_id"]  # one row per ministry per history row
    pu_cols = ["id", "barrier_id", "author_id", "ministry_id", "date", "status", "rag", "text", "created_at"]
    ph_cols = pu_cols + ["history_id", "history_date", "history_change_reason", "history_type", "history_user_id"]

    t0 = time.time()
    counters = {}
    barrier_rows, hist_rows, m2m_rows, pu_rows, ph_rows, current_m2m = [], [], [], [], [], []
    history_id = 0
    pu_id = 0
    # Decide each barrier's path and number of history rows first, then even out the total so the
    # database holds exactly n_history rows.
    plan_paths = [rnd.choices(paths, weights)[0] for _ in range(n_barriers)]
    plan_rows = [min(max(len(p), int(round(rnd.gauss(per_barrier, 2)))), 20) for p in plan_paths]
    diff = n_history - sum(plan_rows)
    while diff:
        k = rnd.randrange(n_barriers)
        if diff > 0 and plan_rows[k] < 20:
            plan_rows[k] += 1
            diff -= 1
        elif diff < 0 and plan_rows[k] > len(plan_paths[k]):
            plan_rows[k] -= 1
            diff += 1
    for i in range(1, n_barriers + 1):
        country = TARGET_MARKETS[i % len(TARGET_MARKETS)]
        counters[country] = counters.get(country, 0) + 1
        reference = f"{country}-{counters[country]:05d}"
        lead = rnd.choice(ministries)
        supporting = rnd.sample([m for m in ministries if m != lead], rnd.choice((0, 1, 1, 2)))
        created = start + timedelta(seconds=rnd.randrange(int((end - start).total_seconds() * 0.9)))
        identified = (created - timedelta(days=rnd.randrange(0, 60))).date()
        target = identified + timedelta(days=rnd.randrange(90, 720)) if rnd.random() < 0.7 else None
        path = plan_paths[i - 1]
        # History rows: one per status in the path, padded with edits to about `per_barrier`.
        n_rows = plan_rows[i - 1]
        span = (end - created).total_seconds()
        moments = sorted(created + timedelta(seconds=rnd.random() * span) for _ in range(n_rows - 1))
        moments = [created] + moments
        status_at = sorted(rnd.sample(range(1, n_rows), len(path) - 1)) if len(path) > 1 else []
        actor = users[lead]
        through_id = {}
        for m in supporting:
            through_id[m] = len(current_m2m) + 1
            current_m2m.append((through_id[m], i, m))
        row = {
            "id": i,
            "reference": reference,
            "title": f"{rnd.choice(WORDS).title()} {rnd.choice(WORDS)} rule {i}",
            "description": f"Exporters to {country} report a {rnd.choice(WORDS)} requirement. " * 3,
            "country": country,
            "scope": rnd.choice(("korea", "market")),
            "category_id": rnd.choice(categories),
            "sectors": "",
            "strategy_area": "",  # the category's area applies
            "lead_ministry_id": lead,
            "status": "reported",
            "next_actor": "korean_government",
            "priority": rnd.choice(("low", "medium", "medium", "high", "critical")),
            "trade_impact_krw": rnd.randrange(1, 500) * 10_000_000 if rnd.random() < 0.6 else None,
            "source": rnd.choice(("strategy_study", "sme_complaint", "survey", "other")),
            "identified_on": identified,
            "target_on": target,
            "resolved_on": None,
            "resolution_summary": "",
            "created_by_id": actor,
            "created_at": created,
            "updated_at": created,
            "version": 1,
        }
        step = 0
        previous = (None, None)  # (status, country) of the row before: what barriers/history_columns.py records
        for k, moment in enumerate(moments):
            kind = "+" if k == 0 else "~"
            reason = "Barrier filed"
            if k > 0:
                row["version"] += 1
                if step < len(status_at) and status_at[step] == k:
                    step += 1
                    row["status"] = path[step]
                    reason = f"Moved to {path[step]}"
                    if row["status"] == "resolved":
                        row["resolved_on"] = moment.date()
                        row["resolution_summary"] = "Rule changed."
                        row["next_actor"] = "none"
                    elif row["status"] == "rejected":
                        row["resolution_summary"] = "Not a barrier."
                        row["next_actor"] = "none"
                    else:
                        row["resolved_on"] = None
                else:
                    row["priority"] = rnd.choice(("low", "medium", "high", "critical"))
                    reason = "Priority reviewed"
            row["updated_at"] = moment
            history_id += 1
            hist_rows.append([row[c] for c in base_cols] + [history_id, moment, reason, kind, actor, *previous])
            previous = (row["status"], row["country"])
            for m in supporting:
                m2m_rows.append((through_id[m], history_id, i, m))
        barrier_rows.append([row[c] for c in base_cols])
        for _ in range(rnd.choice((1, 2, 2, 3))):
            pu_id += 1
            when = created + timedelta(seconds=rnd.random() * span)
            pu = [
                pu_id,
                i,
                actor,
                lead,
                when.date(),
                row["status"],
                rnd.choice(("on_track", "at_risk", "delayed")),
                "Met the counterpart; next step agreed.",
                when,
            ]
            pu_rows.append(pu)
            ph_rows.append(pu + [pu_id, when, "Progress update", "+", actor])
    print(
        f"generated {len(barrier_rows):,} barriers, {len(hist_rows):,} history rows, "
        f"{len(m2m_rows):,} m2m history rows, {len(pu_rows):,} progress updates in {time.time() - t0:.1f}s"
    )

    through = Barrier.supporting_ministries.through
    with transaction.atomic():
        with connection.cursor() as cur:
            raw = cur.cursor

            def copy(table, cols, rows):
                t = time.time()
                with raw.copy(f'COPY "{table}" ({", ".join(cols)}) FROM STDIN') as cp:
                    for r in rows:
                        cp.write_row(r)
                print(f"  {table}: {len(rows):,} rows in {time.time() - t:.1f}s")

            copy(Barrier._meta.db_table, base_cols, barrier_rows)
            copy(through._meta.db_table, ["id", "barrier_id", "ministry_id"], current_m2m)
            copy(H._meta.db_table, hist_cols, hist_rows)
            copy(M2M._meta.db_table, m2m_cols, m2m_rows)
            copy(ProgressUpdate._meta.db_table, pu_cols, pu_rows)
            copy(PH._meta.db_table, ph_cols, ph_rows)
            for model, col in (
                (Barrier, "id"),
                (H, "history_id"),
                (ProgressUpdate, "id"),
                (PH, "history_id"),
                (M2M, M2M._meta.pk.column),
                (through, "id"),
            ):
                table = model._meta.db_table
                cur.execute(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{col}'), "
                    f'COALESCE((SELECT MAX({col}) FROM "{table}"), 1))'
                )
        for country, n in counters.items():
            ReferenceSequence.objects.update_or_create(prefix=country, defaults={"last_value": n})
    t = time.time()
    with connection.cursor() as cur:
        # VACUUM sets the visibility map, so index-only scans (progress()) skip the heap.
        cur.execute("VACUUM ANALYZE")
    print(f"  vacuum analyze: {time.time() - t:.1f}s")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--barriers", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true", help="Delete existing barriers first.")
    parser.add_argument("--no-ready-file", action="store_true")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or DEFAULT_URL
    if not url.startswith("postgres"):
        sys.exit("bench/build_data.py needs PostgreSQL (DATABASE_URL=postgres://...)")
    ensure_database(url)
    setup_django(url)
    from django.db import connection

    from barriers.models import Barrier

    started = time.time()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    existing = Barrier.objects.count()
    if existing and not args.rebuild:
        print(f"{existing:,} barriers already there: nothing to do (use --rebuild to start again).")
    else:
        if existing:
            with connection.cursor() as cur:
                cur.execute(
                    "TRUNCATE barriers_barrier, barriers_barrier_supporting_ministries, "
                    "barriers_historicalbarrier, barriers_historicalbarrier_supporting_ministries, "
                    "barriers_progressupdate, barriers_historicalprogressupdate, barriers_complaint, "
                    "barriers_historicalcomplaint, barriers_evidencefile CASCADE"
                )
        build(args.barriers, args.history)
    H = Barrier.history.model
    print(
        f"database: {Barrier.objects.count():,} barriers, {H.objects.count():,} history rows "
        f"({time.time() - started:.0f}s)"
    )
    if not args.no_ready_file:
        ready = ready_file(url)
        ready.write_text(url + "\n")
        print(f"wrote {ready}")


if __name__ == "__main__":
    main()
