"""Filtering the barriers page: each filter of the shared FilterSet, with the contract's enums."""

import datetime

import pytest
from django.utils import timezone

from barriers.models import Barrier, ProgressUpdate

from .factories import BarrierFactory, CategoryFactory, MinistryFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def rows(db):
    kcs, motie, fsc = MinistryFactory(code="KCS"), MinistryFactory(code="MOTIE"), MinistryFactory(code="FSC")
    customs, tax = CategoryFactory(code="customs"), CategoryFactory(code="tax")
    made = {
        "a": BarrierFactory(
            reference="US-0001",
            title="Parcel declaration",
            country="US",
            status="reported",
            lead_ministry=kcs,
            category=customs,
            priority="high",
            scope="korea",
            source="strategy_study",
            identified_on=datetime.date(2025, 3, 1),
            target_on=TODAY - datetime.timedelta(days=3),
            supporting=[motie],
        ),
        "b": BarrierFactory(
            reference="CN-0001",
            title="Payment settlement",
            country="CN",
            status="in_progress",
            lead_ministry=fsc,
            category=tax,
            priority="low",
            scope="market",
            source="sme_complaint",
            identified_on=TODAY,
            description="Alipay refunds",
        ),
        "c": BarrierFactory(
            reference="JP-0001",
            title="Label rules",
            country="JP",
            status="resolved",
            lead_ministry=motie,
            category=customs,
            priority="critical",
            scope="market",
            source="survey",
            identified_on=datetime.date(2026, 1, 5),
            resolved_on=datetime.date(2026, 6, 1),
            target_on=TODAY - datetime.timedelta(days=10),
        ),
    }
    ProgressUpdate.objects.create(
        barrier=made["b"],
        author=UserFactory(),
        date=TODAY,
        status="in_progress",
        rag="on_track",
        text="Talks",
        created_at=timezone.now(),
    )
    Barrier.objects.filter(pk=made["c"].pk).update(updated_at=timezone.make_aware(datetime.datetime(2026, 6, 1)))
    return made


def refs(gql, reader, args):
    status, body = gql("{ barriers(%s) { totalCount edges { node { reference } } } }" % args, user=reader)
    assert status == 200 and "errors" not in body, body
    page = body["data"]["barriers"]
    found = [e["node"]["reference"] for e in page["edges"]]
    assert page["totalCount"] == len(found)
    return sorted(found)


@pytest.mark.parametrize(
    "args, expected",
    [
        ('country: ["US", "JP"]', ["JP-0001", "US-0001"]),
        ("status: [REPORTED, IN_PROGRESS]", ["CN-0001", "US-0001"]),
        ("priority: [CRITICAL]", ["JP-0001"]),
        ("scope: MARKET", ["CN-0001", "JP-0001"]),
        ("source: SME_COMPLAINT", ["CN-0001"]),
        ('category: ["customs"]', ["JP-0001", "US-0001"]),
        ('leadMinistry: ["MOTIE"]', ["JP-0001"]),
        ('ministry: ["MOTIE"]', ["JP-0001", "US-0001"]),
        ('ministry: ["FSC", "KCS"]', ["CN-0001", "US-0001"]),
        ("overdue: true", ["US-0001"]),
        ("overdue: false", ["CN-0001", "JP-0001"]),
        ("stale: true", ["US-0001"]),
        ('identifiedFrom: "2026-01-01"', sorted(["CN-0001", "JP-0001"])),
        ('identifiedFrom: "2025-01-01", identifiedTo: "2025-12-31"', ["US-0001"]),
        ('updatedTo: "2026-06-30"', ["JP-0001"]),
        ('resolvedFrom: "2026-05-01", resolvedTo: "2026-06-30"', ["JP-0001"]),
        ('q: "settlement"', ["CN-0001"]),
        ('q: "alipay"', ["CN-0001"]),
        ('q: "us-00"', ["US-0001"]),
        ('country: ["US", "CN"], status: [IN_PROGRESS]', ["CN-0001"]),
    ],
)
def test_each_filter(gql, reader, rows, args, expected):
    assert refs(gql, reader, args) == expected


def test_order_by_enum_ascending_and_descending(gql, reader, rows):
    query = "{ barriers(orderBy: [%s]) { edges { node { reference } } } }"
    _, body = gql(query % "IDENTIFIED_ON_DESC", user=reader)
    assert [e["node"]["reference"] for e in body["data"]["barriers"]["edges"]] == ["CN-0001", "JP-0001", "US-0001"]
    _, body = gql(query % "COUNTRY", user=reader)
    assert [e["node"]["reference"] for e in body["data"]["barriers"]["edges"]] == ["CN-0001", "JP-0001", "US-0001"]


def test_an_unknown_code_is_a_clear_error(gql, reader, rows):
    status, body = gql('{ barriers(leadMinistry: ["NOPE"]) { totalCount } }', user=reader)
    assert body["data"]["barriers"] is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "invalid" and "leadMinistry" in error["message"]


def test_a_lower_case_status_is_rejected_by_the_enum(gql, reader, rows):
    status, body = gql("{ barriers(status: [in_progress]) { totalCount } }", user=reader)
    assert status == 400 and "data" not in body
