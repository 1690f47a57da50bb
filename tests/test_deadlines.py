"""Overdue and stale barriers: queryable through the shared FilterSet and listed for follow-up."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from barriers.filters import BarrierFilterSet
from barriers.models import Barrier
from barriers.services import barriers as services
from barriers.services.common import backdated

from .factories import BarrierFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def dated(kcs, customs, kcs_officer):
    today = timezone.localdate()
    long_ago = today - datetime.timedelta(days=200)
    overdue = BarrierFactory(
        reference="CN-0001",
        lead_ministry=kcs,
        category=customs,
        identified_on=long_ago,
        target_on=today - datetime.timedelta(days=1),
        title="late",
    )
    on_time = BarrierFactory(
        reference="CN-0002",
        lead_ministry=kcs,
        category=customs,
        identified_on=long_ago,
        target_on=today + datetime.timedelta(days=30),
        title="on time",
    )
    closed = BarrierFactory(
        reference="CN-0003",
        lead_ministry=kcs,
        category=customs,
        identified_on=long_ago,
        target_on=today - datetime.timedelta(days=5),
        status="resolved",
        resolved_on=today,
        title="closed late",
    )
    fresh = BarrierFactory(
        reference="CN-0004",
        lead_ministry=kcs,
        category=customs,
        identified_on=today - datetime.timedelta(days=10),
        title="new",
    )
    with backdated(timezone.now() - datetime.timedelta(days=30)):
        services.add_progress_update(
            kcs_officer, on_time, text="moving", rag="on_track", date=today - datetime.timedelta(days=30)
        )
    return overdue, on_time, closed, fresh


def refs(params):
    fs = BarrierFilterSet(params, queryset=Barrier.objects.all())
    assert fs.is_valid(), fs.errors
    return sorted(fs.qs.values_list("reference", flat=True))


def test_overdue_means_target_passed_and_still_open(dated):
    assert refs({"overdue": "true"}) == ["CN-0001"]
    assert refs({"overdue": "false"}) == ["CN-0002", "CN-0003", "CN-0004"]


def test_stale_means_open_and_no_progress_update_for_90_days(dated, settings):
    assert refs({"stale": "true"}) == ["CN-0001"]  # on_time had an update 30 days ago; fresh is new
    settings.TRACKER = {**settings.TRACKER, "STALE_AFTER_DAYS": 20}
    assert refs({"stale": "true"}) == ["CN-0001", "CN-0002"]


def test_with_flags_annotation_agrees_with_the_filters(dated):
    flags = {b.reference: (b.is_overdue, b.is_stale) for b in Barrier.objects.with_flags()}
    assert flags == {
        "CN-0001": (True, True),
        "CN-0002": (False, False),
        "CN-0003": (False, False),
        "CN-0004": (False, False),
    }


def test_deadline_command_lists_and_mails_each_lead_ministry(dated, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("barrier_deadlines", "--email", "--language", "en")
    out = capsys.readouterr().out
    assert "overdue  CN-0001" in out and "stale    CN-0001" in out
    assert "CN-0002" not in out and "CN-0003" not in out
    assert "1 overdue, 1 stale, 1 ministries." in out
    # Issue 16: the weekly step reaches the lead ministry's officers as well as its contact address.
    assert sorted(m.to for m in mail.outbox) == [["kcs@tracker.example"], ["kcs_officer@tracker.example"]]
    assert all("CN-0001" in m.body for m in mail.outbox)
