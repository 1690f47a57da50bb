"""Reading barriers over GraphQL: the page, one barrier, node(id), reference lists, pagination."""

import datetime

import pytest
from graphql_relay import to_global_id

from barriers.services import barriers as services

from .factories import BarrierFactory, CategoryFactory, MinistryFactory

pytestmark = pytest.mark.django_db

BARRIER_FIELDS = """
    id reference title description sectors tradeImpactKrw identifiedOn targetOn resolvedOn
    resolutionSummary createdAt updatedAt version status scope nextActor priority source
    country { code nameKo nameEn } category { code nameEn nameKo }
    leadMinistry { code nameEn } supportingMinistries { code }
    isOverdue isStale complaintCount
    progressUpdates { date status rag text authorName ministry { code } }
    history { when who ministry reason kind version changes { field label old new added removed } }
"""


def test_barrier_by_reference_has_every_field_and_its_history(gql, barrier, reader, kcs_officer, fsc, coord):
    services.change_status(kcs_officer, barrier, status="confirmed", reason="Verified with KCS", version=1)
    barrier.refresh_from_db()
    services.assign_ministries(
        coord,
        barrier,
        lead_ministry=barrier.lead_ministry,
        supporting_ministries=[fsc],
        version=barrier.version,
        reason="FSC joins",
    )
    services.add_progress_update(kcs_officer, barrier, text="Drafting the notice", rag="on_track")

    status, body = gql(
        "query($r: String!) { barrier(reference: $r) { %s } }" % BARRIER_FIELDS,
        {"r": barrier.reference},
        user=reader,
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert status == 200 and "errors" not in body
    node = body["data"]["barrier"]
    assert node["reference"] == barrier.reference
    assert node["status"] == "CONFIRMED" and node["scope"] == "KOREA" and node["source"] == "STRATEGY_STUDY"
    assert node["nextActor"] == "KOREAN_GOVERNMENT" and node["priority"] == "MEDIUM"
    assert node["country"] == {"code": "US", "nameKo": "미국", "nameEn": "United States of America"}
    assert node["leadMinistry"]["code"] == "KCS"
    assert [m["code"] for m in node["supportingMinistries"]] == ["FSC"]
    assert node["category"]["code"] == "customs"
    assert node["version"] == 3
    assert node["progressUpdates"][0]["text"] == "Drafting the notice"
    assert node["progressUpdates"][0]["rag"] == "ON_TRACK" and node["progressUpdates"][0]["ministry"]["code"] == "KCS"

    kinds = [(e["kind"], e["reason"]) for e in node["history"]]
    assert kinds == [
        ("CREATED", "Found in the strategy study"),
        ("CHANGED", "Verified with KCS"),
        ("CHANGED", "FSC joins"),
        ("PROGRESS", "Progress update"),
    ]
    status_change = node["history"][1]
    assert status_change["who"] == "Kim" and status_change["ministry"] == "KCS"
    assert status_change["changes"][0]["field"] == "status"
    assert (status_change["changes"][0]["old"], status_change["changes"][0]["new"]) == ("Reported", "Confirmed")
    ministries_change = node["history"][2]["changes"][0]
    assert ministries_change["field"] == "supportingMinistries"
    assert ministries_change["added"][0].startswith("FSC") and ministries_change["removed"][0].startswith("MOTIE")


def test_unknown_reference_is_null(gql, reader):
    status, body = gql('{ barrier(reference: "XX-9999") { reference } }', user=reader)
    assert status == 200 and body["data"]["barrier"] is None


def test_relay_node_by_global_id(gql, barrier, reader):
    global_id = to_global_id("Barrier", barrier.pk)
    status, body = gql(
        "query($id: ID!) { node(id: $id) { id ... on Barrier { reference leadMinistry { code } history { kind } } } }",
        {"id": global_id},
        user=reader,
    )
    assert status == 200, body
    assert body["data"]["node"] == {
        "id": global_id,
        "reference": barrier.reference,
        "leadMinistry": {"code": "KCS"},
        "history": [{"kind": "CREATED"}],
    }


def test_barrier_page_lists_rows_with_total_count(gql, reader):
    ministry = MinistryFactory(code="KCS")
    made = [b.reference for b in BarrierFactory.create_batch(3, lead_ministry=ministry)]
    status, body = gql(
        "{ barriers { totalCount edges { cursor node { reference leadMinistry { code } } } } }", user=reader
    )
    assert status == 200
    page = body["data"]["barriers"]
    assert page["totalCount"] == 3
    assert [e["node"]["reference"] for e in page["edges"]] == sorted(made)


def test_cursor_pagination_walks_every_row_once(gql, reader):
    made = sorted(b.reference for b in BarrierFactory.create_batch(7))
    seen, after = [], None
    query = """query($after: String) { barriers(first: 3, after: $after, orderBy: [STATUS]) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { reference } } } }"""
    while True:
        status, body = gql(query, {"after": after}, user=reader)
        assert status == 200, body
        page = body["data"]["barriers"]
        assert page["totalCount"] == 7
        seen += [e["node"]["reference"] for e in page["edges"]]
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert sorted(seen) == made


def test_asking_for_more_than_100_rows_is_an_error_not_a_silent_cut(gql, reader):
    BarrierFactory.create_batch(2)
    status, body = gql("{ barriers(first: 101) { edges { node { reference } } } }", user=reader)
    assert body["data"]["barriers"] is None
    assert "101" in body["errors"][0]["message"] and "100" in body["errors"][0]["message"]


def test_nested_list_page_size_is_capped_too(gql, barrier, reader):
    status, body = gql('{ barrier(reference: "%s") { history(last: 500) { kind } } }' % barrier.reference, user=reader)
    assert body["data"]["barrier"] is None
    assert "exceeds the limit of 100" in body["errors"][0]["message"]


def test_history_last_returns_the_newest_entries(gql, barrier, reader, kcs_officer):
    services.change_status(kcs_officer, barrier, status="confirmed", reason="Verified", version=1)
    status, body = gql('{ barrier(reference: "%s") { history(last: 1) { reason } } }' % barrier.reference, user=reader)
    assert body["data"]["barrier"]["history"] == [{"reason": "Verified"}]


def test_reference_lists_are_the_ones_in_use_with_counts(gql, reader):
    kcs, motie, unused = MinistryFactory(code="KCS"), MinistryFactory(code="MOTIE"), MinistryFactory(code="FSC")
    customs, tax = CategoryFactory(code="customs"), CategoryFactory(code="tax")
    CategoryFactory(code="unused")
    BarrierFactory(lead_ministry=kcs, category=customs, country="CN", supporting=[motie])
    BarrierFactory(lead_ministry=kcs, category=tax, country="US")
    BarrierFactory(lead_ministry=motie, category=tax, country="US")

    status, body = gql(
        """{ ministries { code leadCount barrierCount }
        categories { code barrierCount } countries { code nameEn barrierCount } }""",
        user=reader,
    )
    data = body["data"]
    assert data["ministries"] == [
        {"code": "KCS", "leadCount": 2, "barrierCount": 2},
        {"code": "MOTIE", "leadCount": 1, "barrierCount": 2},
    ]
    assert sorted((c["code"], c["barrierCount"]) for c in data["categories"]) == [("customs", 1), ("tax", 2)]
    assert data["countries"] == [
        {"code": "CN", "nameEn": "China", "barrierCount": 1},
        {"code": "US", "nameEn": "United States of America", "barrierCount": 2},
    ]
    assert unused.code not in {m["code"] for m in data["ministries"]}


def test_flags_overdue_and_stale(gql, reader):
    today = datetime.date.today()
    BarrierFactory(
        reference="CN-0001",
        identified_on=today - datetime.timedelta(days=400),
        target_on=today - datetime.timedelta(days=1),
    )
    BarrierFactory(reference="CN-0002", identified_on=today, target_on=None)
    status, body = gql("{ barriers { edges { node { reference isOverdue isStale } } } }", user=reader)
    flags = {
        e["node"]["reference"]: (e["node"]["isOverdue"], e["node"]["isStale"])
        for e in body["data"]["barriers"]["edges"]
    }
    assert flags == {"CN-0001": (True, True), "CN-0002": (False, False)}
