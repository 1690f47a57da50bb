"""Reading history back: the timeline with field-level diffs, and status as of a date."""

import datetime

import pytest
from django.utils import timezone, translation

from barriers.selectors.history import status_as_of, timeline, timelines_for
from barriers.selectors.stats import progress
from barriers.services import barriers as services
from barriers.services.common import backdated

pytestmark = pytest.mark.django_db


def at(day, hour=12):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def test_timeline_shows_who_why_and_field_changes_with_human_labels(barrier, kcs_officer, coord, fsc, motie):
    services.update_barrier(
        kcs_officer, barrier, version=1, reason="Clearer", title="Per-parcel declaration", priority="high"
    )
    services.assign_ministries(
        coord,
        barrier,
        lead_ministry=fsc,
        supporting_ministries=[barrier.lead_ministry],
        version=2,
        reason="FSC leads now",
    )
    services.change_status(coord, barrier, status="confirmed", reason="Verified", version=3)
    services.add_progress_update(kcs_officer, barrier, text="Drafting the notice", rag="at_risk")

    with translation.override("en"):
        entries = timeline(barrier)

    kinds = [e.kind for e in entries]
    assert kinds == ["created", "changed", "changed", "changed", "progress"]
    created, edit, reassign, status, update = entries
    assert (created.who, created.ministry, created.reason) == ("Kim", "KCS", "Found in the strategy study")

    assert {(c.field, c.old, c.new) for c in edit.changes} == {
        ("title", "Small-parcel export declaration", "Per-parcel declaration"),
        ("priority", "Medium", "High"),
    }
    assert edit.reason == "Clearer"

    by_field = {c.field: c for c in reassign.changes}
    assert (by_field["lead_ministry"].old, by_field["lead_ministry"].new) == (
        "KCS Korea Customs Service",
        "FSC Financial Services Commission",
    )
    assert by_field["supporting_ministries"].added == ["KCS Korea Customs Service"]
    assert by_field["supporting_ministries"].removed == ["MOTIE Ministry of Trade, Industry and Energy"]
    assert reassign.who == "coord" and reassign.reason == "FSC leads now"

    assert [(c.field, c.old, c.new) for c in status.changes] == [("status", "Reported", "Confirmed")]
    assert update.progress.text == "Drafting the notice" and update.ministry == "KCS"


def test_timeline_labels_follow_the_language(barrier, kcs_officer):
    services.change_status(kcs_officer, barrier, status="confirmed", reason="확인", version=1)
    with translation.override("ko"):
        change = timeline(barrier)[-1].changes[0]
    assert (change.old, change.new) == ("접수", "확인")


def test_timelines_for_many_barriers_cost_a_fixed_number_of_queries(
    kcs_officer, coord, kcs, fsc, customs, django_assert_num_queries
):
    def make(i):
        b = services.create_barrier(
            kcs_officer,
            lead_ministry=kcs,
            title=f"t{i}",
            country="JP",
            scope="market",
            category=customs,
            source="other",
        )
        b = services.change_status(kcs_officer, b, status="confirmed", reason="ok", version=1)
        b = services.assign_ministries(coord, b, lead_ministry=fsc, supporting_ministries=[kcs], version=2)
        services.add_progress_update(coord, b, text="x", rag="on_track")
        return b.pk

    one = [make(0)]
    with django_assert_num_queries(4):  # history rows, m2m history rows, progress updates, ministry labels
        timelines_for(one)
    many = one + [make(i) for i in range(1, 8)]
    with django_assert_num_queries(4):
        result = timelines_for(many)
    assert len(result) == 8 and all(len(result[i]) == 4 for i in many)


@pytest.fixture
def history_2026(kcs_officer, kcs, customs):
    """Three barriers with known status changes in early 2026."""

    def file(title, day):
        with backdated(at(day)):
            return services.create_barrier(
                kcs_officer,
                lead_ministry=kcs,
                title=title,
                country="CN",
                scope="korea",
                category=customs,
                source="other",
                identified_on=day,
            )

    def move(b, status, day, **kw):
        with backdated(at(day)):
            return services.change_status(kcs_officer, b, status=status, reason="r", version=b.version, **kw)

    a = file("a", datetime.date(2026, 1, 5))
    a = move(a, "confirmed", datetime.date(2026, 1, 20))
    a = move(a, "in_progress", datetime.date(2026, 2, 10))
    a = move(a, "resolved", datetime.date(2026, 3, 15), resolution_summary="fixed")
    b = file("b", datetime.date(2026, 2, 1))
    b = move(b, "rejected", datetime.date(2026, 2, 28), resolution_summary="not a rule")
    c = file("c", datetime.date(2026, 3, 20))
    return a, b, c


def test_status_as_of_a_date_is_rebuilt_from_history(history_2026):
    a, b, c = history_2026

    def statuses(day):
        return dict(status_as_of(day).values_list("title", "status_at"))

    assert statuses(datetime.date(2026, 1, 4)) == {}
    assert statuses(datetime.date(2026, 1, 31)) == {"a": "confirmed"}
    assert statuses(datetime.date(2026, 2, 15)) == {"a": "in_progress", "b": "reported"}
    assert statuses(datetime.date(2026, 3, 31)) == {"a": "resolved", "b": "rejected", "c": "reported"}


def test_progress_counts_statuses_at_each_period_end(history_2026):
    from barriers.models import Barrier

    months = progress(Barrier.objects.all(), datetime.date(2026, 1, 1), datetime.date(2026, 3, 31), "month")
    assert [m["period_start"] for m in months] == [datetime.date(2026, m, 1) for m in (1, 2, 3)]
    nonzero = [{s: n for s, n in m["counts"].items() if n} for m in months]
    assert nonzero == [
        {"confirmed": 1},
        {"in_progress": 1, "rejected": 1},
        {"resolved": 1, "rejected": 1, "reported": 1},
    ]
    assert [m["resolved"] for m in months] == [0, 0, 1]
    assert [m["open"] for m in months] == [1, 1, 1]
    assert months[2]["median_days_to_resolution"] == (datetime.date(2026, 3, 15) - datetime.date(2026, 1, 5)).days

    quarter = progress(Barrier.objects.all(), datetime.date(2026, 2, 1), datetime.date(2026, 3, 31), "quarter")
    assert len(quarter) == 1 and quarter[0]["period_start"] == datetime.date(2026, 1, 1)
    assert quarter[0]["resolved"] == 1


def test_each_history_row_records_the_status_and_market_before_it(barrier, kcs_officer):
    import importlib

    from django.db import connection

    from barriers.models import Barrier

    backfill = importlib.import_module("barriers.migrations.0003_history_status_changes").BACKFILL

    barrier = services.change_status(kcs_officer, barrier, status="confirmed", reason="ok", version=1)
    barrier = services.update_barrier(kcs_officer, barrier, version=2, country="CN", reason="wrong market")
    services.update_barrier(kcs_officer, barrier, version=3, priority="high", reason="urgent")

    def rows():
        return list(
            Barrier.history.filter(id=barrier.pk)
            .order_by("history_date", "history_id")
            .values_list("status", "country", "prev_status", "prev_country")
        )

    written = rows()
    assert written == [
        ("reported", "US", None, None),
        ("confirmed", "US", "reported", "US"),
        ("confirmed", "CN", "confirmed", "US"),
        ("confirmed", "CN", "confirmed", "CN"),
    ]
    Barrier.history.update(prev_status=None, prev_country=None)
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    assert rows() == written  # the migration's backfill agrees with the per-write hook


def test_a_change_of_market_moves_the_barrier_between_market_series(barrier, kcs_officer):
    from barriers.models import Barrier
    from barriers.selectors.stats import progress, progress_by_market

    today = timezone.localdate()
    services.update_barrier(kcs_officer, barrier, version=1, country="CN", reason="wrong market")
    start = today.replace(day=1)
    markets = progress_by_market(Barrier.objects.all(), start, today)["markets"]
    assert markets["CN"][-1]["counts"]["reported"] == 1
    assert markets.get("US", [{"counts": {"reported": 0}}])[-1]["counts"]["reported"] == 0
    assert progress(Barrier.objects.all(), start, today)[-1]["counts"]["reported"] == 1


def test_system_reasons_are_stored_once_and_shown_in_the_readers_language(kcs_officer, kcs, customs):
    with translation.override("ko"):  # an officer working in Korean gives no reason
        barrier = services.create_barrier(
            kcs_officer, lead_ministry=kcs, title="t", country="JP", scope="korea", category=customs, source="other"
        )
        services.update_barrier(kcs_officer, barrier, version=1, title="t2")
    assert list(barrier.history.order_by("history_id").values_list("history_change_reason", flat=True)) == [
        "Barrier filed",
        "Edited",
    ]
    with translation.override("ko"):
        assert [e.reason for e in timeline(barrier)] == ["장벽 등록", "수정"]
    with translation.override("en"):
        assert [e.reason for e in timeline(barrier)] == ["Barrier filed", "Edited"]
