"""No query per row: every list field, nested ones included, costs the same for 1 row and for 21."""

import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from barriers.services import barriers as services

from .factories import CategoryFactory, LinkedComplaintFactory, MinistryFactory, coordinator

pytestmark = pytest.mark.django_db

FULL_PAGE = """{ barriers(first: 100) { totalCount pageInfo { hasNextPage } edges { cursor node {
    id reference title status priority scope source nextActor version identifiedOn targetOn
    country { code nameKo nameEn }
    leadMinistry { code name nameEn } category { code name }
    supportingMinistries { code name }
    progressUpdates { date text rag status authorName ministry { code } }
    history { when who ministry reason kind version changes { field label old new added removed }
              progressUpdate { text ministry { code } } }
    isOverdue isStale complaintCount
    linkedComplaints { reference companyName country { code } category { code } }
} } } }"""

# Fixed costs of one request by a signed-in coordinator: session, user, membership.
REQUEST_OVERHEAD = 3


def build(n):
    """n barriers filed and moved through the services, each with history, ministries and progress."""
    kcs, motie, fsc = MinistryFactory(code="KCS"), MinistryFactory(code="MOTIE"), MinistryFactory(code="FSC")
    customs, tax = CategoryFactory(code="customs"), CategoryFactory(code="tax")
    coord = coordinator(username="coord")
    for i in range(n):
        barrier = services.create_barrier(
            coord,
            lead_ministry=kcs if i % 2 else motie,
            supporting_ministries=[fsc] if i % 3 else [motie, fsc],
            title=f"Barrier {i}",
            country="CN" if i % 2 else "US",
            scope="market",
            category=customs if i % 2 else tax,
            source="survey",
        )
        barrier = services.change_status(coord, barrier, status="confirmed", reason="Verified", version=barrier.version)
        barrier = services.update_barrier(coord, barrier, version=barrier.version, priority="high", reason="Bump")
        barrier = services.assign_ministries(
            coord,
            barrier,
            lead_ministry=barrier.lead_ministry,
            supporting_ministries=[fsc],
            version=barrier.version,
            reason="Re-team",
        )
        services.add_progress_update(coord, barrier, text=f"Update {i}", rag="on_track")
        services.add_progress_update(coord, barrier, text=f"Second {i}", rag="at_risk")
        LinkedComplaintFactory(barrier=barrier, category=customs)
    return coord


def count_queries(user, query):
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.post("/graphql/", json.dumps({"query": query}), content_type="application/json")
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return len(captured), body


@pytest.mark.parametrize("size", [1, 21])
def test_full_barrier_page_has_a_fixed_query_count(size):
    user = build(size)
    queries, body = count_queries(user, FULL_PAGE)
    edges = body["data"]["barriers"]["edges"]
    assert len(edges) == size
    assert len(edges[0]["node"]["history"]) == 6 and len(edges[0]["node"]["progressUpdates"]) == 2
    # COUNT, page (with lead ministry, category, flags, complaint count), supporting ministries,
    # progress updates, complaints, history rows, m2m history rows, timeline progress updates,
    # ministry labels for the supporting-ministries change (one small reference table).
    assert queries == REQUEST_OVERHEAD + 9


LISTS = {
    "minimal page": ("{ barriers { edges { node { reference } } } }", 2),
    # the area falls back to the category's: the page joins it, no query per row
    "strategy area only": ("{ barriers { edges { node { strategyArea } } } }", 2),
    "ministries only": ("{ barriers { edges { node { leadMinistry { code } supportingMinistries { code } } } } }", 3),
    "progress only": ("{ barriers { edges { node { progressUpdates { ministry { code } authorName } } } } }", 3),
    # COUNT, page, history rows, m2m history rows, progress updates for the timeline, ministry labels
    "history only": ("{ barriers { edges { node { history { who changes { field } } } } } }", 6),
    # COUNT, page, history rows, progress entries: no diffs, so no m2m history rows or labels
    "history reasons": ("{ barriers { edges { node { history { reason kind when } } } } }", 4),
    "complaints": ("{ barriers { edges { node { complaintCount linkedComplaints { category { code } } } } } }", 3),
    "reference lists": (
        "{ ministries { code barrierCount } categories { code barrierCount } countries { code barrierCount } }",
        6,
    ),
    "stats": ("{ barrierStats(groupBy: [COUNTRY, STATUS, MINISTRY]) { count } }", 1),
    "progress": ('{ progress(from: "2026-01-01", to: "2026-12-31") { open resolved } }', 2),
}


@pytest.mark.parametrize("name", sorted(LISTS))
@pytest.mark.parametrize("size", [1, 21])
def test_every_list_field_has_a_fixed_query_count(name, size):
    query, expected = LISTS[name]
    queries, _ = count_queries(build(size), query)
    assert queries == REQUEST_OVERHEAD + expected


@pytest.mark.parametrize("size", [1, 21])
def test_single_barrier_and_filtered_page(size):
    user = build(size)
    queries, body = count_queries(
        user,
        '{ barrier(reference: "US-0001") { leadMinistry { code } '
        "supportingMinistries { code } progressUpdates { text } history { who } } }",
    )
    assert body["data"]["barrier"] is not None
    # the barrier, supporting ministries, progress updates, history rows, timeline progress (no
    # m2m history rows or ministry labels: no `changes` asked, so nothing is diffed)
    assert queries == REQUEST_OVERHEAD + 5
    queries, body = count_queries(
        user,
        '{ barriers(ministry: ["FSC"], status: [CONFIRMED], q: "Barrier") '
        "{ totalCount edges { node { reference leadMinistry { code } } } } }",
    )
    assert body["data"]["barriers"]["totalCount"] == size
    assert queries == REQUEST_OVERHEAD + 3  # validating the ministry code, COUNT, page
