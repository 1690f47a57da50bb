"""Coordinators add a guide for another market and name the ministries responsible for an area;
everyone else is refused and nothing changes."""

import pytest

from barriers.models import MarketArea, MarketProfile

from .test_markets import actors, payment, profile  # noqa: F401 (fixtures)

ROLES = ["anonymous", "oversight", "other officer", "responsible officer", "coordinator"]


def refused(response, actor):
    if actor == "anonymous":
        return response.status_code == 302 and "login" in response["Location"]
    return response.status_code == 403


@pytest.mark.parametrize("actor", ROLES)
def test_only_a_coordinator_adds_a_market(actor, actors, profile, client_for):  # noqa: F811
    client = client_for(actors[actor])
    before = (MarketProfile.history.count(), MarketArea.history.count())
    response = client.post("/markets/add/", {"country": "TH", "reason": "태국 역직구 수요"})
    if actor != "coordinator":
        assert refused(response, actor)
        assert not MarketProfile.objects.filter(country="TH").exists()
        assert (MarketProfile.history.count(), MarketArea.history.count()) == before
        assert 'action="/markets/add/"' not in client.get("/markets/").content.decode()
        return
    assert response.status_code == 302 and response["Location"] == "/markets/TH/"
    added = MarketProfile.objects.get(country="TH")
    assert sorted(added.areas.values_list("area", flat=True)) == ["delivery", "marketing", "payment", "products"]
    row = added.history.first()
    assert (row.history_user, row.history_change_reason) == (actors[actor], "태국 역직구 수요")
    assert MarketArea.history.count() == before[1] + 4
    assert client.get("/markets/TH/").status_code == 200


def test_adding_a_market_twice_or_korea_is_refused_with_the_input_kept(coord, profile, client_for):  # noqa: F811
    client = client_for(coord)
    again = client.post("/markets/add/", {"country": "CN", "reason": "다시"})
    assert again.status_code == 400 and "다시" in again.content.decode()
    korea = client.post("/markets/add/", {"country": "KR"})
    assert korea.status_code == 400
    assert MarketProfile.objects.count() == 1


@pytest.mark.parametrize("actor", ROLES)
def test_only_a_coordinator_names_the_responsible_ministries(actor, actors, profile, kcs, fsc, client_for):  # noqa: F811
    area = payment(profile)
    rows = area.history.count()
    client = client_for(actors[actor])
    response = client.post(
        "/markets/CN/payment/ministries/",
        {"responsible-ministries": [kcs.pk, fsc.pk], "responsible-version": area.version, "responsible-reason": "결제"},
    )
    area.refresh_from_db()
    if actor != "coordinator":
        assert refused(response, actor)
        assert area.ministry_ids() == {fsc.pk} and area.version == 1 and area.history.count() == rows
        return
    assert response.status_code == 302
    assert area.ministry_ids() == {kcs.pk, fsc.pk} and area.version == 2
    row = area.history.first()
    assert area.history.count() == rows + 1 and row.history_change_reason == "결제"
    assert {m.ministry_id for m in row.ministries.all()} == {kcs.pk, fsc.pk}
    # KCS's officer may now edit the payment area.
    assert client_for(actors["other officer"]).get("/markets/CN/payment/edit/").status_code == 200


def test_a_stale_version_of_the_ministries_is_a_conflict(coord, profile, kcs, client_for):  # noqa: F811
    area = payment(profile)
    client = client_for(coord)
    response = client.post(
        "/markets/CN/payment/ministries/", {"responsible-ministries": [kcs.pk], "responsible-version": 99}
    )
    area.refresh_from_db()
    assert response.status_code == 400 and "99" in response.content.decode()
    assert area.version == 1 and kcs.pk not in area.ministry_ids()
