"""Market strategies: who may edit a guide's strategy area (through HTTP), the history it leaves,
and the grouping of a market's barriers per area against a hand-counted world."""

import pytest

from barriers.choices import StrategyArea
from barriers.models import Barrier, MarketArea, MarketProfile
from barriers.selectors.markets import barriers_by_area, most_blocked_area
from barriers.services import barriers as barrier_services
from barriers.services import markets as services

from .factories import BarrierFactory, CategoryFactory, MinistryFactory, officer

AREAS = {
    code: {"text_ko": f"{code} 안내", "text_en": f"About {code}", "sources": ["출처 / Source"], "ministries": []}
    for code in ("products", "marketing", "payment", "delivery")
}
EDIT = {"text_ko": "알리페이와 위챗페이", "text_en": "Alipay and WeChat Pay", "sources": "중국인민은행 / PBoC"}


@pytest.fixture
def profile(fsc, kcs):
    areas = {**AREAS, "payment": {**AREAS["payment"], "ministries": ["FSC"]}}
    areas["delivery"] = {**AREAS["delivery"], "ministries": ["KCS"]}
    return services.load_demo_profile("CN", areas)


def payment(profile):
    return MarketArea.objects.get(profile=profile, area="payment")


def edit(client, area, **data):
    return client.post("/markets/CN/payment/edit/", {**EDIT, "version": area.version, "reason": "Checked", **data})


@pytest.fixture
def actors(fsc_officer, kcs_officer, coord, reader):
    return {
        "anonymous": None,
        "oversight": reader,
        "other officer": kcs_officer,  # KCS is responsible for delivery, not payment
        "responsible officer": fsc_officer,
        "coordinator": coord,
    }


@pytest.mark.parametrize(
    "actor,allowed",
    [
        ("anonymous", False),
        ("oversight", False),
        ("other officer", False),
        ("responsible officer", True),
        ("coordinator", True),
    ],
)
def test_who_may_edit_a_strategy_area(actor, allowed, actors, profile, client_for):
    area = payment(profile)
    rows = area.history.count()
    client = client_for(actors[actor])
    page = client.get("/markets/CN/payment/edit/")
    response = edit(client, area)
    area.refresh_from_db()
    if not allowed:
        if actor == "anonymous":
            assert response.status_code == 302 and "login" in response["Location"]
            assert page.status_code == 302
        else:
            assert response.status_code == 403 and page.status_code == 403
        assert area.text_en == "About payment" and area.version == 1 and area.reviewed_by is None
        assert area.history.count() == rows
        return
    assert page.status_code == 200 and "About payment" in page.content.decode()
    assert response.status_code == 302 and response["Location"] == "/markets/CN/"
    assert (area.text_ko, area.text_en, area.sources) == (EDIT["text_ko"], EDIT["text_en"], EDIT["sources"])
    assert area.reviewed_by == actors[actor] and area.reviewed_at is not None and area.version == 2
    assert area.history.count() == rows + 1
    row = area.history.first()
    assert row.history_user == actors[actor] and row.history_change_reason == "Checked"
    assert row.text_en == EDIT["text_en"]


def test_the_guide_offers_edit_links_only_where_allowed(profile, fsc_officer, reader, client_for):
    assert "/markets/CN/payment/edit/" in client_for(fsc_officer).get("/markets/CN/").content.decode()
    page = client_for(fsc_officer).get("/markets/CN/").content.decode()
    assert "/markets/CN/delivery/edit/" not in page
    assert "/edit/" not in client_for(reader).get("/markets/CN/").content.decode()
    assert "/edit/" not in client_for(None).get("/markets/CN/").content.decode()


def test_a_refused_edit_keeps_the_input_and_saves_nothing(profile, fsc_officer, client_for):
    area = payment(profile)
    client = client_for(fsc_officer)
    response = edit(client, area, text_ko="")
    assert response.status_code == 200
    assert "Alipay and WeChat Pay" in response.content.decode()
    assert 'id="error-summary"' in response.content.decode()
    area.refresh_from_db()
    assert area.version == 1 and area.history.count() == 1


def test_an_edit_on_a_stale_version_is_a_conflict(profile, fsc_officer, coord, client_for):
    area = payment(profile)
    assert edit(client_for(coord), area).status_code == 302
    response = edit(client_for(fsc_officer), area, text_en="Mine")  # still version 1
    assert response.status_code == 200 and "Mine" in response.content.decode()
    area.refresh_from_db()
    assert area.text_en == EDIT["text_en"] and area.version == 2 and area.history.count() == 2


def test_unknown_markets_and_areas_are_404(profile, coord, client_for):
    client = client_for(coord)
    assert client.get("/markets/FR/").status_code == 404
    assert client.get("/markets/CN/cross_cutting/edit/").status_code == 404
    assert client.get("/markets/FR/payment/edit/").status_code == 404


def test_loading_the_demo_profile_twice_changes_nothing(profile):
    rows = (MarketProfile.history.count(), MarketArea.history.count())
    assert services.load_demo_profile("CN", AREAS) is None
    assert (MarketProfile.history.count(), MarketArea.history.count()) == rows
    assert MarketArea.objects.filter(profile=profile).count() == 4
    assert MarketArea.history.filter(history_type="+").count() == 4  # one creation row each, ministries included
    assert payment(profile).is_demo and profile.is_demo


# -- the grouping against a hand-counted world --------------------------------------------------


@pytest.fixture
def world(db):
    lead = MinistryFactory(code="KCS")
    cats = {
        "payment": CategoryFactory(code="payment", strategy_area="payment"),
        "customs": CategoryFactory(code="customs", strategy_area="delivery"),
        "logistics": CategoryFactory(code="logistics", strategy_area="delivery"),
        "certification": CategoryFactory(code="certification", strategy_area="products"),
        "tax": CategoryFactory(code="tax", strategy_area="cross_cutting"),
    }

    def make(country, category, status="confirmed", area=""):
        return BarrierFactory(
            country=country, category=cats[category], status=status, strategy_area=area, lead_ministry=lead
        )

    # China, by hand: products 1 (certification, open) + 1 tax barrier moved to products (resolved);
    # marketing 1 (a customs barrier moved there, open); payment 2 (one open, one rejected);
    # delivery 3 open (customs, logistics x2); cross-cutting 1 (tax, open).
    make("CN", "certification")
    make("CN", "tax", status="resolved", area="products")
    make("CN", "customs", area="marketing")
    make("CN", "payment", status="in_progress")
    make("CN", "payment", status="rejected")
    make("CN", "customs", status="reported")
    make("CN", "logistics")
    make("CN", "logistics", status="on_hold")
    make("CN", "tax")
    # Elsewhere: not counted for China.
    make("JP", "payment")
    make("US", "customs", area="payment")
    return cats


def test_barriers_per_area_match_the_hand_count(world):
    groups = barriers_by_area("CN")
    counts = {g.code: (len(g.barriers), g.open_count) for g in groups}
    assert counts == {
        "products": (2, 1),
        "marketing": (1, 1),
        "payment": (2, 1),
        "delivery": (3, 3),
        "cross_cutting": (1, 1),
    }
    delivery = next(g for g in groups if g.code == "delivery")
    assert [(code, n) for code, _label, n in delivery.status_counts] == [
        ("reported", 1),
        ("confirmed", 1),
        ("on_hold", 1),
    ]
    assert most_blocked_area(groups).code == "delivery"
    assert [g.code for g in barriers_by_area("JP") if g.barriers] == ["payment"]
    assert [g.code for g in barriers_by_area("US") if g.barriers] == ["payment"]
    assert most_blocked_area(barriers_by_area("FR")) is None


def test_the_effective_area_is_the_same_rule_in_python_and_sql(world):
    for barrier in Barrier.objects.with_strategy_area().select_related("category"):
        assert barrier.effective_area == barrier.effective_strategy_area


def test_a_barriers_area_follows_its_category_until_changed(barrier, kcs_officer, english):
    assert barrier.category.strategy_area == StrategyArea.CROSS_CUTTING  # the test category's default
    updated = barrier_services.update_barrier(
        kcs_officer, barrier, version=barrier.version, strategy_area="payment", reason="Card acceptance"
    )
    assert updated.effective_strategy_area == "payment"
    row = Barrier.history.filter(id=barrier.pk).first()
    assert row.strategy_area == "payment" and row.history_change_reason == "Card acceptance"
    assert row.history_user == kcs_officer


def test_only_owners_change_a_barriers_area(barrier, fsc, english):
    from barriers.errors import Forbidden

    other = officer(fsc, username="fsc_x")
    rows = Barrier.history.filter(id=barrier.pk).count()
    with pytest.raises(Forbidden):
        barrier_services.update_barrier(other, barrier, version=barrier.version, strategy_area="payment")
    barrier.refresh_from_db()
    assert barrier.strategy_area == "" and Barrier.history.filter(id=barrier.pk).count() == rows


def test_the_admin_shows_guides_and_their_history_but_saves_nothing(profile, client_for, django_user_model):
    admin_user = django_user_model.objects.create_superuser("root", password="x")
    client = client_for(admin_user)
    area = payment(profile)
    assert client.get("/admin/barriers/marketarea/").status_code == 200
    assert client.get(f"/admin/barriers/marketarea/{area.pk}/change/").status_code == 200
    assert client.get(f"/admin/barriers/marketarea/{area.pk}/history/").status_code == 200
    assert client.get("/admin/barriers/marketprofile/").status_code == 200
    assert client.get("/admin/barriers/marketindicator/").status_code == 200
    response = client.post(f"/admin/barriers/marketarea/{area.pk}/change/", {"text_en": "Changed"})
    assert response.status_code == 403
    area.refresh_from_db()
    assert area.text_en == "About payment" and area.history.count() == 1


MUTATION = """mutation($input: UpdateMarketAreaInput!) { updateMarketArea(input: $input) {
    marketArea { country { code } area textKo textEn sources version isDemo reviewedAt ministries { code } }
    errors { field code message } } }"""


def mutate(client, item, **changes):
    data = {
        "country": "CN",
        "area": "payment",
        "textKo": EDIT["text_ko"],
        "textEn": EDIT["text_en"],
        "sources": ["중국인민은행 / PBoC"],
        "version": item.version,
        "reason": "Checked",
        **changes,
    }
    return client.post("/graphql/", {"query": MUTATION, "variables": {"input": data}}, content_type="application/json")


@pytest.mark.parametrize(
    "actor,outcome",
    [
        ("anonymous", 401),
        ("oversight", "forbidden"),
        ("other officer", "forbidden"),
        ("responsible officer", None),
        ("coordinator", None),
    ],
)
def test_who_may_edit_a_strategy_area_over_graphql(actor, outcome, actors, profile, client_for):
    area = payment(profile)
    response = mutate(client_for(actors[actor]), area)
    area.refresh_from_db()
    if outcome == 401:
        assert response.status_code == 401
    if outcome is not None:
        if outcome != 401:
            payload = response.json()["data"]["updateMarketArea"]
            assert payload["marketArea"] is None and payload["errors"][0]["code"] == outcome
        assert area.text_en == "About payment" and area.version == 1 and area.history.count() == 1
        return
    payload = response.json()["data"]["updateMarketArea"]
    assert payload["errors"] == []
    assert payload["marketArea"]["textEn"] == EDIT["text_en"] and payload["marketArea"]["version"] == 2
    assert payload["marketArea"]["sources"] == ["중국인민은행 / PBoC"]
    assert payload["marketArea"]["ministries"] == [{"code": "FSC"}]
    assert area.history.count() == 2
    row = area.history.first()
    assert row.history_user == actors[actor] and row.history_change_reason == "Checked"


def test_graphql_edit_errors_are_data(profile, coord, client_for):
    client = client_for(coord)
    area = payment(profile)
    stale = mutate(client, area, version=5).json()["data"]["updateMarketArea"]
    assert stale["errors"][0]["code"] == "conflict"
    empty = mutate(client, area, textKo="").json()["data"]["updateMarketArea"]
    assert empty["errors"][0]["field"] == "textKo" and empty["errors"][0]["code"] == "required"
    unknown = mutate(client, area, area="cross_cutting").json()["data"]["updateMarketArea"]
    assert unknown["errors"][0]["code"] == "not_found"
    area.refresh_from_db()
    assert area.version == 1 and area.history.count() == 1
