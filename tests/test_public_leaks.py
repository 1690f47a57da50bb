"""Nothing internal ever reaches the public: a marker word is put in every internal text field
(the barrier's title, description, sectors, resolution summary, every reason, progress texts,
the publication's internal notes, and what complainants wrote) and must appear nowhere public:
the register and its search, the barrier page in both languages, the CSV, the JSON, the Atom
feeds and the similar endpoint. And the public query counts stay fixed whatever the page length."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.services import barriers as barrier_services
from barriers.services import publication as publication_services

from .complaint_support import form_data
from .factories import BarrierFactory, publish

MARKER = "Zqxjmarker"


def marked(text=""):
    return f"{text} {MARKER} {MARKER.lower()} {MARKER.upper()}".strip()


@pytest.fixture
def leaky(kcs_officer, kcs, motie, customs, coord, client):
    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        supporting_ministries=[motie],
        title=marked("Internal title"),
        description=marked("Internal description of parcels"),
        sectors=marked("HS 33"),
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
        reason=marked("filing reason"),
    )
    texts = {
        "title_ko": "소액 물품 수출신고 부담",
        "title_en": "Export declaration burden for small parcels",
        "summary_ko": "건별 소액 물품에도 일반 수출신고가 필요합니다.",
        "summary_en": "Every small parcel needs a full export declaration.",
    }
    publication_services.propose_public_version(kcs_officer, barrier, reason=marked("proposal note"), **texts)
    publication_services.return_proposal(coord, barrier, reason=marked("sent back"))
    publication_services.propose_public_version(kcs_officer, barrier, **texts)
    publication_services.approve_publication(coord, barrier)
    publication_services.unpublish(kcs_officer, barrier, reason=marked("unpublished"))
    publication_services.propose_public_version(kcs_officer, barrier, **texts)
    publication_services.approve_publication(coord, barrier)
    for status in ("confirmed", "in_progress"):
        barrier.refresh_from_db()
        barrier_services.change_status(
            kcs_officer, barrier, status=status, reason=marked("status reason"), version=barrier.version
        )
    barrier_services.add_progress_update(kcs_officer, barrier, text=marked("progress"), rag="at_risk")
    barrier.refresh_from_db()
    barrier_services.change_status(
        kcs_officer,
        barrier,
        status="resolved",
        reason=marked("resolved reason"),
        resolution_summary=marked("resolution"),
        version=barrier.version,
    )
    # A complainant follows it, writing the marker everywhere they can.
    response = client.post(
        "/complaints/new/",
        form_data(
            customs,
            follow=barrier.reference,
            company_name=marked("Co"),
            contact_name=marked("Kim"),
            product=marked("HS"),
            description=marked("parcels story"),
            desired_fix=marked("fix"),
        ),
    )
    assert response.status_code == 303
    return barrier


def public_responses(client, barrier):
    urls = [
        "/public/barriers/",
        "/public/barriers/?q=parcel",
        "/public/barriers/?country=CN&status=resolved",
        f"/public/barriers/{barrier.reference}/",
        "/public/barriers.csv",
        "/public/barriers.json",
        "/public/barriers/feed/",
        "/public/barriers/feed/CN/",
        "/public/barriers/feed/?country=CN",
        f"/public/barriers/similar/?text={MARKER}",
        "/public/barriers/similar/?text=소액 물품 수출신고 parcels export declaration",
        f"/complaints/new/?follow={barrier.reference}",
    ]
    for url in urls:
        for language in ("ko", "en"):
            response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
            body = b"".join(response.streaming_content) if response.streaming else response.content
            yield url, language, response.status_code, body.decode("utf-8")


def test_no_internal_text_reaches_anything_public(leaky, client):
    seen = 0
    for url, language, status, body in public_responses(client, leaky):
        assert status == 200, (url, status)
        assert MARKER.lower() not in body.lower(), f"{url} ({language}) shows an internal text"
        seen += leaky.reference in body
    assert seen >= 10  # the barrier is really on these pages, not merely absent


def test_the_public_search_does_not_see_internal_texts(leaky, client):
    """(A search for the marker echoes it in the search box: these are checked by count instead.)"""
    assert client.get("/public/barriers/similar/", {"text": MARKER}).json() == {"results": []}
    assert client.get("/public/barriers/", {"q": MARKER}).context["page"].paginator.count == 0
    assert client.get("/public/barriers/", {"q": "parcel"}).context["page"].paginator.count == 1


def _publish(kcs_officer, coord, customs, kcs, start, n):
    for i in range(start, start + n):
        barrier = BarrierFactory(category=customs, lead_ministry=kcs, country="CN", reference=f"CN-9{i:03d}")
        publish(
            kcs_officer,
            coord,
            barrier,
            title_ko=f"장벽 {i}",
            title_en=f"Barrier {i}",
            summary_ko="요약",
            summary_en="Summary",
        )


PAGES = (
    "/public/barriers/",
    "/public/barriers/?country=CN&category=customs&status=reported&q=장벽",
    "/public/barriers/CN-9000/",
    "/public/barriers.csv",
    "/public/barriers.json",
    "/public/barriers/feed/",
    "/public/barriers/feed/CN/",
)


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200, url
    return len(queries)


def test_public_pages_cost_a_fixed_number_of_queries(client, kcs_officer, coord, customs, kcs):
    _publish(kcs_officer, coord, customs, kcs, 0, 2)
    few = {url: _queries(client, url) for url in PAGES}
    _publish(kcs_officer, coord, customs, kcs, 2, 30)
    many = {url: _queries(client, url) for url in PAGES}
    assert many == few
    assert few == {
        # count, page, the markets in use and the categories (the filter form)
        "/public/barriers/": 4,
        "/public/barriers/?country=CN&category=customs&status=reported&q=장벽": 4,
        # the barrier with its public version, ministry, category and report count; its status changes
        "/public/barriers/CN-9000/": 2,
        # the markets in use (filter) and the rows, in one query with their joins
        "/public/barriers.csv": 2,
        "/public/barriers.json": 2,
        # approvals, status changes, the barriers they concern
        "/public/barriers/feed/": 3,
        "/public/barriers/feed/CN/": 3,
    }
