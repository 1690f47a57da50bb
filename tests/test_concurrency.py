"""SQLite answers as PostgreSQL does under two writers: the loser of two concurrent edits gets
`conflict` (never "database is locked"), and concurrent createBarrier calls all succeed with
unique references. Real threads, through the API, on both databases."""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from . import concurrency

ROOT = Path(__file__).resolve().parent.parent


def check_edits(rounds):
    for n, outcome in enumerate(rounds):
        assert outcome["codes"] == ["conflict", "saved"], (n, outcome)
        assert outcome["version_moved_by"] == 1
    assert rounds[-1]["history_rows"] == 1 + len(rounds)  # filed + one row per winning edit


def check_creates(created, n=8):
    assert all(not c["errors"] for c in created), created
    references = sorted(c["reference"] for c in created)
    assert references == [f"JP-{i:04d}" for i in range(1, n + 1)]


def test_on_a_file_sqlite_database(tmp_path):
    """In a subprocess: pytest's SQLite test database lives in memory, which threads cannot share."""
    path = tmp_path / "probe.sqlite3"
    run = subprocess.run(
        [sys.executable, "-m", "tests.concurrency", str(path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    result = json.loads(run.stdout.strip().splitlines()[-1])
    assert result["options"]["transaction_mode"] == "IMMEDIATE" and result["journal_mode"] == "wal"
    check_edits(result["edits"])
    check_creates(result["creates"])


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (run by .ci/run); SQLite is the test above")
    barrier, tokens = concurrency.build_world()
    check_edits(concurrency.conflicting_edits(barrier, tokens))
    check_creates(concurrency.concurrent_creates(tokens))
