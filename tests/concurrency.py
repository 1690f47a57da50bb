"""Two writers at once, through the API, with real threads: what a user sees must not depend on
the database (SQLite or PostgreSQL). Used by tests/test_concurrency.py, in-process on PostgreSQL
and in a subprocess on a file SQLite database (pytest's SQLite test database is in memory, which
threads cannot share).

    python -m tests.concurrency /tmp/probe.sqlite3   # prints the outcomes as JSON
"""

import json
import os
import sys
import threading

UPDATE = """mutation($input: UpdateBarrierInput!) { updateBarrier(input: $input) {
  barrier { version } errors { code message } } }"""
CREATE = """mutation($input: CreateBarrierInput!) { createBarrier(input: $input) {
  barrier { reference } errors { code message } } }"""


def build_world():
    """Two officers of ministries that share a barrier, each with a write token."""
    from api.tokens import issue_token
    from barriers.services import barriers as services

    from .factories import CategoryFactory, MinistryFactory, officer

    kcs, motie = MinistryFactory(code="KCS"), MinistryFactory(code="MOTIE")
    customs = CategoryFactory(code="customs")
    kcs_officer, motie_officer = officer(kcs, username="probe_kcs"), officer(motie, username="probe_motie")
    barrier = services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        supporting_ministries=[motie],
        title="Shared barrier",
        country="US",
        scope="korea",
        category=customs,
        source="other",
        reason="probe",
    )
    tokens = [issue_token(kcs_officer, scope="write")[1], issue_token(motie_officer, scope="write")[1]]
    return barrier, tokens


def _post(token, query, variables):
    from django.db import connection
    from django.test import Client

    try:
        response = Client().post(
            "/graphql/",
            json.dumps({"query": query, "variables": variables}),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
        )
        return response.status_code, response.json()
    except Exception as exc:  # a crash is an outcome too: "database is locked" must show as such
        return 500, {"errors": [{"message": f"{type(exc).__name__}: {exc}"}]}
    finally:
        connection.close()


def _together(calls):
    """Run the calls in threads released at the same moment; their results in order."""
    start = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(i, call):
        start.wait(timeout=30)
        results[i] = call()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    return results


def conflicting_edits(barrier, tokens, rounds=5):
    """Each round both officers save the version they read: per round the outcome codes."""
    from barriers.models import Barrier

    outcomes = []
    for n in range(rounds):
        version = Barrier.objects.get(pk=barrier.pk).version
        calls = []
        for who, token in zip(("KCS", "MOTIE"), tokens, strict=True):
            edit = {"reference": barrier.reference, "version": version, "reason": who, "title": f"{who} {n}"}
            calls.append(lambda token=token, edit=edit: _post(token, UPDATE, {"input": edit}))
        codes = []
        for status, body in _together(calls):
            payload = (body.get("data") or {}).get("updateBarrier")
            if status != 200 or payload is None:
                codes.append(f"http {status}: {body}")
            else:
                codes.append(payload["errors"][0]["code"] if payload["errors"] else "saved")
        after = Barrier.objects.get(pk=barrier.pk)
        outcomes.append(
            {
                "codes": sorted(codes),
                "version_moved_by": after.version - version,
                "history_rows": after.history.count(),
            }
        )
    return outcomes


def concurrent_creates(tokens, n=8):
    """n createBarrier calls at once: each one's error codes (empty when saved) and reference."""
    variables = {
        "input": {
            "title": "Filed at once",
            "country": "JP",
            "scope": "KOREA",
            "category": "customs",
            "source": "OTHER",
            "leadMinistry": "KCS",
            "reason": "probe",
        }
    }
    calls = [lambda: _post(tokens[0], CREATE, variables) for _ in range(n)]
    out = []
    for status, body in _together(calls):
        payload = (body.get("data") or {}).get("createBarrier")
        if status != 200 or payload is None:
            out.append({"errors": [f"http {status}: {body}"], "reference": None})
        else:
            out.append(
                {
                    "errors": [e["code"] for e in payload["errors"]],
                    "reference": (payload["barrier"] or {}).get("reference"),
                }
            )
    return out


def main(path):
    os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings_test")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    barrier, tokens = build_world()
    from django.db import connection

    result = {
        "options": {k: v for k, v in settings.DATABASES["default"]["OPTIONS"].items()},
        "journal_mode": connection.cursor().execute("PRAGMA journal_mode").fetchone()[0],
        "edits": conflicting_edits(barrier, tokens),
        "creates": concurrent_creates(tokens),
    }
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main(sys.argv[1])
