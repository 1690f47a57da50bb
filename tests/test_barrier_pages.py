"""Signed-in users browse barriers: the list with the shared filters and pages, the detail with
ministries, progress and the history timeline; officers get edit links where they may."""

import pytest

from barriers.selectors.history import timeline

from .factories import UserFactory, member, oversight
from .oversight_world import build_world, more_barriers

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def refs(response):
    return [row["barrier"].reference for row in response.context["rows"]]


@pytest.mark.parametrize("url", ["/barriers/", "/barriers/CN-0001/", "/barriers/export.csv", "/barriers/export.xlsx"])
def test_anonymous_is_sent_to_the_login_page(client, url):
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_user_without_a_role_is_refused(client_for, world):
    assert client_for(UserFactory()).get("/barriers/").status_code == 403


def test_the_list_applies_the_shared_filterset(world, client_for):
    client = client_for(oversight(username="list_reader"))
    assert refs(client.get("/barriers/")) == [
        "CN-0001",
        "CN-0002",
        "CN-0003",
        "GB-0001",
        "JP-0001",
        "US-0001",
        "US-0002",
    ]
    assert refs(client.get("/barriers/", {"country": "CN", "status": "resolved"})) == ["CN-0002", "CN-0003"]
    assert refs(client.get("/barriers/", {"lead_ministry": "KCS", "overdue": "true"})) == ["CN-0001"]
    assert refs(client.get("/barriers/", {"ministry": "KCS", "category": "payment"})) == ["US-0002"]
    assert refs(client.get("/barriers/", {"stale": "true"})) == ["GB-0001", "US-0002"]
    assert refs(client.get("/barriers/", {"resolved_from": "2026-01-01", "resolved_to": "2026-03-31"})) == [
        "CN-0002",
        "US-0001",
    ]


def test_bad_filter_values_show_an_error_and_keep_the_input(world, client_for):
    client = client_for(oversight(username="list_reader"))
    response = client.get("/barriers/", {"country": "CN", "identified_from": "not-a-date"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Some filters are not valid" in html
    assert 'value="not-a-date"' in html
    assert refs(response) == []


def test_the_list_pages_and_keeps_the_filters_in_page_links(world, client_for):
    coord = world["coord"]
    more_barriers(coord, [world["kcs"]], [world["customs"]], 55)
    client = client_for(oversight(username="list_reader"))
    first = client.get("/barriers/", {"lead_ministry": "KCS"})
    assert first.context["page"].paginator.count == 58 and len(refs(first)) == 50
    assert "?lead_ministry=KCS&amp;page=2" in first.content.decode()
    second = client.get("/barriers/", {"lead_ministry": "KCS", "page": 2})
    assert len(refs(second)) == 8
    assert "export.csv?lead_ministry=KCS" in first.content.decode()


def test_oversight_readers_get_no_edit_links_officers_only_for_their_barriers(world, client_for):
    reader = client_for(oversight(username="list_reader"))
    assert 'class="edit-link"' not in reader.get("/barriers/").content.decode()
    assert 'class="edit-link"' not in reader.get("/barriers/US-0002/").content.decode()

    kcs_officer = client_for(member("officer", world["kcs"], username="kcs_o"))
    rows = {r["barrier"].reference: r["edit_url"] for r in kcs_officer.get("/barriers/").context["rows"]}
    # KCS leads US-0001, CN-0001, CN-0003 and supports US-0002.
    assert {ref for ref, url in rows.items() if url} == {"US-0001", "US-0002", "CN-0001", "CN-0003"}
    # The work happens on the barrier page itself, not in the admin.
    assert rows["US-0002"] == "/barriers/US-0002/#actions"
    assert kcs_officer.get("/barriers/US-0002/").context["action_forms"]
    assert kcs_officer.get("/barriers/JP-0001/").context["action_forms"] == []

    coord = client_for(world["coord"])
    assert all(r["edit_url"] for r in coord.get("/barriers/").context["rows"])


def test_the_detail_shows_fields_ministries_progress_and_the_timeline(world, client_for):
    client = client_for(oversight(username="detail_reader"))
    response = client.get("/barriers/US-0002/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    html = response.content.decode()
    assert "US card checks" in html
    assert "MOTIE" in response.context["barrier"].lead_ministry.code
    assert [m.code for m in response.context["supporting"]] == ["KCS"]
    assert "To confirmed on 2025-10-01" in html and "Filed 2025-09-01" in html

    # The timeline is the one the API uses (selectors.history.timeline), newest first.
    cn1 = world["CN-0001"]
    response = client.get(cn1.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    entries = response.context["timeline"]
    assert [(e.kind, e.reason) for e in entries] == [(e.kind, e.reason) for e in reversed(timeline(cn1))]
    assert [e.kind for e in entries] == ["progress", "changed", "changed", "created"]
    assert "Talks continue" in response.content.decode()
    assert "Confirmed → In progress" in response.content.decode()


def test_an_unknown_reference_is_404(world, client_for):
    assert client_for(oversight(username="r")).get("/barriers/XX-9999/").status_code == 404


def test_list_and_detail_cost_a_fixed_number_of_queries(world, client_for, django_assert_num_queries):
    officer = member("officer", world["kcs"], username="kcs_q")
    client = client_for(officer)
    # session, user, membership, count, page, supporting ministries, and the filter form's
    # category and two ministry selects.
    with django_assert_num_queries(9):
        client.get("/barriers/")
    # detail: session, user, membership, barrier, supporting, progress; timeline: history rows
    # with their users, m2m history, progress with authors (labels for ministry or category
    # changes would add one query each, whatever the number of entries); the publication panel;
    # for the lead ministry's officer, the linked complaints and the edit form's category picker.
    # the internal notes (with their authors) and whether the reader follows it.
    with django_assert_num_queries(14):
        client.get("/barriers/CN-0001/")
    more_barriers(world["coord"], [world["kcs"], world["fsc"], world["motie"]], [world["customs"]], 30)
    with django_assert_num_queries(9):
        client.get("/barriers/")
    with django_assert_num_queries(14):
        client.get("/barriers/CN-0001/")
