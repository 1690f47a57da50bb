"""Oversight questions over GraphQL: barrierStats and progress, against hand-computed answers."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from barriers.services import barriers as services
from barriers.services.common import backdated

from .factories import BarrierFactory, CategoryFactory, MinistryFactory

pytestmark = pytest.mark.django_db
SEOUL = ZoneInfo("Asia/Seoul")


def at(y, m, d):
    return datetime.datetime(y, m, d, 12, tzinfo=SEOUL)


def test_barrier_stats_grouped_in_the_database(gql, reader):
    kcs, motie = MinistryFactory(code="KCS"), MinistryFactory(code="MOTIE")
    customs = CategoryFactory(code="customs")
    BarrierFactory(country="US", status="reported", lead_ministry=kcs, category=customs, priority="high")
    BarrierFactory(country="US", status="reported", lead_ministry=motie, category=customs, priority="low")
    BarrierFactory(
        country="US",
        status="resolved",
        lead_ministry=kcs,
        category=customs,
        priority="high",
        resolved_on=datetime.date(2026, 3, 1),
    )
    BarrierFactory(country="CN", status="reported", lead_ministry=kcs, category=customs, priority="high")

    _, body = gql("{ barrierStats(groupBy: [COUNTRY, STATUS]) { country status count } }", user=reader)
    assert body["data"]["barrierStats"] == [
        {"country": "CN", "status": "REPORTED", "count": 1},
        {"country": "US", "status": "REPORTED", "count": 2},
        {"country": "US", "status": "RESOLVED", "count": 1},
    ]

    _, body = gql(
        """{ barrierStats(groupBy: [MINISTRY, PRIORITY], filter: {country: ["US"]}) {
        ministry priority count category } }""",
        user=reader,
    )
    assert body["data"]["barrierStats"] == [
        {"ministry": "KCS", "priority": "HIGH", "count": 2, "category": None},
        {"ministry": "MOTIE", "priority": "LOW", "count": 1, "category": None},
    ]

    _, body = gql("{ barrierStats(groupBy: [CATEGORY], filter: {status: [REPORTED]}) { category count } }", user=reader)
    assert body["data"]["barrierStats"] == [{"category": "customs", "count": 3}]


def test_progress_per_month_from_history(gql, reader, kcs, customs, kcs_officer):
    """A: filed 15 Jan, confirmed 10 Feb, in progress 5 Mar, resolved 20 Mar (identified 10 Jan).
    B: filed 1 Feb, rejected 1 Apr. C: another country, never counted."""

    def file(country, when, identified):
        with backdated(when):
            return services.create_barrier(
                kcs_officer,
                lead_ministry=kcs,
                title=f"{country} barrier",
                country=country,
                scope="market",
                category=customs,
                source="survey",
                identified_on=identified,
            )

    def move(barrier, status, when, summary=""):
        barrier.refresh_from_db()
        with backdated(when):
            return services.change_status(
                kcs_officer, barrier, status=status, reason="step", version=barrier.version, resolution_summary=summary
            )

    a = file("VN", at(2026, 1, 15), datetime.date(2026, 1, 10))
    move(a, "confirmed", at(2026, 2, 10))
    move(a, "in_progress", at(2026, 3, 5))
    move(a, "resolved", at(2026, 3, 20), summary="Rule changed")
    b = file("VN", at(2026, 2, 1), datetime.date(2026, 2, 1))
    move(b, "rejected", at(2026, 4, 1), summary="Not a barrier")
    file("JP", at(2026, 1, 20), datetime.date(2026, 1, 20))

    _, body = gql(
        """{ progress(country: ["VN"], from: "2026-01-01", to: "2026-04-30", interval: MONTH) {
        periodStart periodEnd open resolved medianDaysToResolution
        counts { reported confirmed inProgress partiallyResolved resolved rejected onHold } } }""",
        user=reader,
    )
    assert "errors" not in body, body
    periods = body["data"]["progress"]
    assert [(p["periodStart"], p["periodEnd"]) for p in periods] == [
        ("2026-01-01", "2026-01-31"),
        ("2026-02-01", "2026-02-28"),
        ("2026-03-01", "2026-03-31"),
        ("2026-04-01", "2026-04-30"),
    ]
    nonzero = [{k: v for k, v in p["counts"].items() if v} for p in periods]
    assert nonzero == [
        {"reported": 1},
        {"confirmed": 1, "reported": 1},
        {"resolved": 1, "reported": 1},
        {"resolved": 1, "rejected": 1},
    ]
    assert [p["open"] for p in periods] == [1, 2, 1, 0]
    assert [p["resolved"] for p in periods] == [0, 0, 1, 0]
    assert [p["medianDaysToResolution"] for p in periods] == [None, None, 69, None]

    _, body = gql(
        """{ progress(ministry: ["KCS"], from: "2026-01-01", to: "2026-06-30", interval: QUARTER) {
        periodStart open counts { reported rejected resolved } } }""",
        user=reader,
    )
    assert body["data"]["progress"] == [
        {"periodStart": "2026-01-01", "open": 2, "counts": {"reported": 2, "rejected": 0, "resolved": 1}},
        {"periodStart": "2026-04-01", "open": 1, "counts": {"reported": 1, "rejected": 1, "resolved": 1}},
    ]


def test_progress_rejects_a_backwards_or_huge_range(gql, reader):
    _, body = gql('{ progress(from: "2026-05-01", to: "2026-01-01") { open } }', user=reader)
    assert body["errors"][0]["extensions"]["code"] == "invalid"
    _, body = gql('{ progress(from: "1990-01-01", to: "2026-01-01") { open } }', user=reader)
    assert "exceeds the limit of 120" in body["errors"][0]["message"]


def test_progress_over_every_barrier_matches_the_filtered_path_and_leaves_out_deleted_ones(
    gql, reader, kcs, customs, kcs_officer
):
    from barriers.models import Barrier
    from barriers.selectors.stats import progress

    def file(country, when):
        with backdated(when):
            return services.create_barrier(
                kcs_officer,
                lead_ministry=kcs,
                title="t",
                country=country,
                scope="market",
                category=customs,
                source="survey",
                identified_on=when.date(),
            )

    kept = file("VN", at(2026, 1, 15))
    gone = file("JP", at(2026, 1, 20))
    with backdated(at(2026, 2, 3)):
        services.change_status(kcs_officer, kept, status="confirmed", reason="ok", version=1)
    Barrier.objects.filter(pk=gone.pk).delete()

    span = (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31))
    every = progress(Barrier.objects.all(), *span)
    filtered = progress(Barrier.objects.filter(pk__in=Barrier.objects.values("pk")), *span)
    assert every == filtered
    assert [(p["counts"]["reported"], p["counts"]["confirmed"]) for p in every] == [(1, 0), (0, 1), (0, 1)]
