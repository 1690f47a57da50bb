"""/coordination/: coordinators choose where each category's complaints go and manage closure days,
on the site, through the services. Every other actor is refused, changing nothing."""

import datetime

import pytest

from barriers.models import Category, ClosureDay

from .complaint_support import submit_complaint

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}
DENIED = ["anonymous", "reader", "kcs_officer", "fsc_officer"]


def actor_client(request, client_for, actor):
    return client_for(None if actor == "anonymous" else request.getfixturevalue(actor))


def state(customs):
    category = Category.objects.get(pk=customs.pk)
    return (
        category.default_ministry_id,
        category.history.count(),
        ClosureDay.objects.count(),
        ClosureDay.history.count(),
    )


def route_data(customs, ministry, seen):
    prefix = f"route-{customs.code}"
    return {
        f"{prefix}-ministry": getattr(ministry, "pk", ""),
        f"{prefix}-seen": getattr(seen, "pk", ""),
        f"{prefix}-reason": "",
    }


@pytest.mark.parametrize("actor", DENIED)
def test_only_coordinators_change_routing_and_closure_days(actor, request, client_for, customs, fsc, kcs):
    ClosureDay.objects.create(date=datetime.date(2027, 1, 4), name="Temporary holiday")
    closure = ClosureDay.objects.get()
    before = state(customs)
    client = actor_client(request, client_for, actor)
    responses = [
        client.get("/coordination/"),
        client.post(f"/coordination/routing/{customs.code}/", route_data(customs, fsc, kcs)),
        client.post("/coordination/closure-days/", {"closure-date": "2027-02-01", "closure-name": "Closed"}),
        client.post(f"/coordination/closure-days/{closure.pk}/remove/"),
    ]
    for response in responses:
        if actor == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
        else:
            assert response.status_code == 403
    assert state(customs) == before


def test_a_coordinator_reroutes_a_category_and_new_complaints_follow(
    coord, client_for, customs, kcs, fsc, django_capture_on_commit_callbacks
):
    client = client_for(coord)
    page = client.get("/coordination/", **EN)
    assert page.status_code == 200 and "Customs and clearance" in page.content.decode()
    response = client.post(f"/coordination/routing/{customs.code}/", route_data(customs, fsc, kcs))
    assert response.status_code == 302
    customs.refresh_from_db()
    assert customs.default_ministry == fsc
    row = customs.history.first()
    assert (row.history_user, row.history_change_reason) == (coord, "Complaint routing changed")
    complaint, _token = submit_complaint(customs)
    assert complaint.routed_ministry == fsc


def test_a_stale_routing_form_is_a_conflict_and_keeps_the_choice(coord, client_for, customs, kcs, fsc, motie):
    client = client_for(coord)
    assert client.post(f"/coordination/routing/{customs.code}/", route_data(customs, fsc, kcs)).status_code == 302
    before = state(customs)
    response = client.post(f"/coordination/routing/{customs.code}/", route_data(customs, motie, kcs), **EN)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Someone changed where" in html and f'<option value="{motie.pk}" selected>' in html
    assert state(customs) == before


def test_a_coordinator_adds_and_removes_closure_days(coord, client_for, customs):
    client = client_for(coord)
    data = {"closure-date": "2027-02-01", "closure-name": "Temporary holiday", "closure-reason": "Cabinet decision"}
    assert client.post("/coordination/closure-days/", data).status_code == 302
    day = ClosureDay.objects.get()
    assert day.history.get().history_change_reason == "Cabinet decision"
    response = client.post("/coordination/closure-days/", data, **EN)  # the same day again
    assert response.status_code == 400 and "already a closure day" in response.content.decode()
    assert "Temporary holiday" in response.content.decode()
    response = client.post("/coordination/closure-days/", {"closure-date": "", "closure-name": "Mine"}, **EN)
    assert response.status_code == 400 and "Mine" in response.content.decode()
    assert client.post(f"/coordination/closure-days/{day.pk}/remove/").status_code == 302
    assert not ClosureDay.objects.exists() and ClosureDay.history.count() == 2


def test_the_navigation_links_the_page_for_coordinators_only(coord, kcs_officer, client_for):
    assert 'href="/coordination/"' in client_for(coord).get("/barriers/").content.decode()
    assert 'href="/coordination/"' not in client_for(kcs_officer).get("/barriers/").content.decode()
