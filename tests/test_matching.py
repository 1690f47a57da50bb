"""The matching engine: Korean as SMEs write it, the index kept by the services, who matches what,
and the "is this already known?" endpoint."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.matching.search import similar_barriers
from barriers.matching.tokens import keywords, terms
from barriers.models import SearchCorpus, SearchPosting
from barriers.services import barriers as barrier_services
from barriers.services import publication as publication_services

from .factories import CategoryFactory, MinistryFactory, officer, publish


def test_particles_and_spacing_do_not_matter():
    assert terms("배송비가 너무 비싸요") == terms("배송비를  너무비싸요")
    assert set(terms("수출 신고")) >= {"수출", "신고", "수출신고"}
    assert set(terms("수출신고가")) >= {"수출", "신고", "수출신고"}
    assert "배송비" in terms("택배비가 올랐어요")  # the thesaurus folds spellings of one thing


def test_mixed_english_and_korean_terms():
    words = terms("EMS배송비가 비싸고 PG사 결제가 안되고 할랄인증도 필요해요")
    assert {"ems", "배송비", "pg", "결제", "할랄", "인증"} <= set(words)
    assert "customs" in terms("customs declaration") and "custom" in terms("our customers")
    assert terms("K-pop albums") == terms("kpop album")


def test_keywords_for_the_search_box():
    assert keywords("배송비가 비싼 EMS") == ["배송비", "EMS"]


def _public(barrier, coord, **texts):
    defaults = {
        "title_ko": "해외 카드 결제 불가",
        "title_en": "Foreign cards cannot pay",
        "summary_ko": "결제창이 설치형 보안 프로그램을 요구합니다.",
        "summary_en": "Checkout pages require installable security programs.",
    }
    publish(coord, coord, barrier, **{**defaults, **texts})


@pytest.fixture
def world(db, coord):
    fsc = MinistryFactory(code="FSC")
    kpost = MinistryFactory(code="KPOST")
    payment = CategoryFactory(code="payment")
    logistics = CategoryFactory(code="logistics")

    def file(title, description, country, category, lead):
        return barrier_services.create_barrier(
            officer(lead),
            lead_ministry=lead,
            title=title,
            description=description,
            country=country,
            scope="korea",
            category=category,
            source="strategy_study",
        )

    card = file("ActiveX 결제 플러그인", "해외 카드 결제창이 ActiveX를 요구함. 내부 메모 비밀", "US", payment, fsc)
    ems = file("EMS 배송비 부담", "일본행 EMS 요금이 높음", "JP", logistics, kpost)
    ems_us = file("미국행 EMS 배송비 인상", "미국행 국제특급 요금 인상", "US", logistics, kpost)
    _public(card, coord)
    _public(
        ems,
        coord,
        title_ko="일본행 EMS 배송비 부담",
        title_en="High EMS delivery cost to Japan",
        summary_ko="EMS 요금이 현지 배송비보다 높습니다.",
        summary_en="EMS rates are higher than local delivery.",
    )
    return {"card": card, "ems": ems, "ems_us": ems_us, "payment": payment, "logistics": logistics}


def refs(matches):
    return [m.barrier.reference for m in matches]


def test_anonymous_callers_match_published_barriers_on_their_public_wording(world):
    matches = similar_barriers("일본에 EMS로 보내는데 배송료가 너무 비싸요")
    assert refs(matches) == [world["ems"].reference]  # the unpublished US one is not offered
    assert 0 < matches[0].score <= 1
    # internal words (the description) are not matched for the public
    assert similar_barriers("내부 메모 비밀") == []


def test_officers_and_coordinators_match_every_barrier_on_every_text(world, coord, reader):
    assert set(refs(similar_barriers("EMS 배송비가 비싸요", user=coord))) == {
        world["ems"].reference,
        world["ems_us"].reference,
    }
    assert refs(similar_barriers("내부 메모 비밀", user=coord)) == [world["card"].reference]
    assert refs(similar_barriers("내부 메모 비밀", user=reader)) == [world["card"].reference]
    assert similar_barriers("내부 메모 비밀", user=coord, published_only=True) == []


def test_the_market_filters_and_the_category_lifts(world, coord):
    assert refs(similar_barriers("EMS 배송비", user=coord, country="US")) == [world["ems_us"].reference]
    assert refs(similar_barriers("EMS 배송비", user=coord, country="jp")) == [world["ems"].reference]
    lifted = similar_barriers("EMS 배송비 결제", user=coord, category="logistics")
    plain = similar_barriers("EMS 배송비 결제", user=coord)
    assert {m.barrier.reference: m.score for m in lifted}[world["ems"].reference] > {
        m.barrier.reference: m.score for m in plain
    }[world["ems"].reference]


def test_best_first_and_at_most_the_limit(world, coord):
    matches = similar_barriers("EMS 배송비 결제 카드 ActiveX", user=coord, limit=2)
    assert len(matches) == 2
    assert matches[0].score >= matches[1].score


def test_a_search_costs_four_queries_whatever_the_number_of_barriers(world, coord):
    similar_barriers("warm up Kiwi")
    with CaptureQueriesContext(connection) as queries:
        similar_barriers("EMS 배송비 결제 카드", user=coord, country="US", category="payment")
    assert len(queries) <= 5  # corpus, terms, postings aggregate, barriers (+ the category code)


def test_the_index_follows_edits_publication_and_unpublication(world, coord):
    card = world["card"]
    card.refresh_from_db()
    barrier_services.update_barrier(coord, card, version=card.version, description="알리페이 연동 어려움")
    assert refs(similar_barriers("알리페이", user=coord)) == [card.reference]
    assert similar_barriers("내부 메모 비밀", user=coord) == []

    assert refs(similar_barriers("설치형 보안 프로그램 결제")) == [card.reference]
    publication_services.unpublish(coord, card, reason="Wording under review")
    assert similar_barriers("설치형 보안 프로그램 결제") == []
    assert refs(similar_barriers("설치형 보안 프로그램 결제", user=coord)) == [card.reference]


def test_rebuilding_the_index_ranks_as_the_services_did(world, coord):
    before = [(m.barrier.reference, m.score) for m in similar_barriers("EMS 배송비 결제", user=coord)]
    postings = SearchPosting.objects.count()
    call_command("rebuild_search_index", stdout=open("/dev/null", "w"))
    after = [(m.barrier.reference, m.score) for m in similar_barriers("EMS 배송비 결제", user=coord)]
    assert [r for r, _ in after] == [r for r, _ in before]
    assert SearchPosting.objects.count() == postings
    assert SearchCorpus.objects.get(scope="public").documents == 2
    assert SearchCorpus.objects.get(scope="all").documents == 3


def test_nothing_to_match(world):
    assert similar_barriers("") == []
    assert similar_barriers("   ...  ") == []
    assert similar_barriers("완전히 다른 이야기") == []


# --- the endpoint -------------------------------------------------------------------------------


def test_the_endpoint_answers_the_contract_shape(client, world):
    response = client.get("/public/barriers/similar/", {"text": "일본 EMS 배송비가 비싸요", "country": "JP"})
    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["reference"] for r in results] == [world["ems"].reference]
    assert set(results[0]) == {"reference", "title", "url", "score"}
    assert results[0]["title"] == "일본행 EMS 배송비 부담"  # the public title, in the page language
    assert results[0]["url"].endswith(f"/public/barriers/{world['ems'].reference}/")
    english = client.get("/public/barriers/similar/", {"text": "EMS 배송비"}, HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["results"][0]["title"] == "High EMS delivery cost to Japan"


def test_the_endpoint_gives_officers_every_barrier_with_its_internal_page(client_for, world, coord):
    response = client_for(coord).get("/public/barriers/similar/", {"text": "EMS 배송비", "category": "logistics"})
    results = response.json()["results"]
    assert {r["reference"] for r in results} == {world["ems"].reference, world["ems_us"].reference}
    unpublished = next(r for r in results if r["reference"] == world["ems_us"].reference)
    assert unpublished["url"].endswith(f"/barriers/{world['ems_us'].reference}/")
    assert unpublished["title"] == "미국행 EMS 배송비 인상"


def test_the_endpoint_refuses_bad_input_clearly(client, world):
    for params, field in (
        ({"text": "x", "country": "ZZZ"}, "country"),
        ({"text": "x", "category": "nope"}, "category"),
    ):
        response = client.get("/public/barriers/similar/", params)
        assert response.status_code == 400
        assert response.json()["errors"][0]["field"] == field
    assert client.get("/public/barriers/similar/").json() == {"results": []}
    assert client.get("/public/barriers/similar/", {"text": "가" * 20000}).status_code == 200


def test_the_endpoint_is_rate_limited(client, world, settings):
    settings.RATELIMIT_ENABLE = True
    settings.TRACKER = {**settings.TRACKER, "SIMILAR_RATE": "2/m"}
    from django.core.cache import cache

    cache.clear()
    codes = [client.get("/public/barriers/similar/", {"text": "EMS"}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    cache.clear()
