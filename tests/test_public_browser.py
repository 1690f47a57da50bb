"""The public side in a real headless Chromium: an SME types a complaint that matches a published
barrier, sees it suggested as they type, follows it, and the barrier's report count goes up; and
axe-core finds no serious or critical violation on the public pages at 1280 and 390 px, in Korean
and English. Screenshots go to var/screenshots/public/ (git ignores var/)."""

import re
from pathlib import Path

import pytest

from barriers.services import barriers as barrier_services

from . import test_complaint_browser as complaint_browser
from .factories import publish

# The complaint form's browser set-up (Debian's Chromium, the live server), reused.
pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "public"
WIDTHS = (1280, 390)


@pytest.fixture
def published(kcs_officer, kcs, customs, coord):
    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Internal: parcel declarations",
        description="Internal description.",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )
    publish(
        kcs_officer,
        coord,
        barrier,
        title_ko="소액 전자상거래 물품의 수출신고 부담",
        title_en="Export declaration burden for small e-commerce parcels",
        summary_ko="건별 소액 물품에도 일반 수출신고와 같은 절차가 필요해, 중소 쇼핑몰이 신고를 생략하고 관세 환급을 받지 못합니다.",
        summary_en="Every small parcel needs the same export declaration as a container, so small shops skip it and lose duty drawback.",
    )
    barrier.refresh_from_db()
    barrier_services.change_status(kcs_officer, barrier, status="confirmed", reason="r", version=barrier.version)
    return barrier


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_an_sme_sees_the_known_barrier_as_they_type_and_follows_it(published, customs, server, browser, monkeypatch):
    context = browser.new_context(locale="ko-KR", extra_http_headers={"Accept-Language": "ko"})
    page = context.new_page()
    page.goto(f"{server.url}/public/barriers/{published.reference}/")
    before = int(page.locator("#report-count").inner_text())

    page.goto(f"{server.url}/complaints/new/")
    page.get_by_label("회사명").fill("한빛화장품")
    page.get_by_label("사업자등록번호").fill("1234567891")
    page.get_by_label("담당자 이름").fill("김민지")
    page.get_by_label("이메일").fill("minji@hanbit.example")
    page.locator("#id_country").select_option("CN")
    page.locator("#id_category").select_option(str(customs.pk))
    page.locator("#id_description").press_sequentially(
        "택배를 하나 보낼 때마다 수출신고를 해야 해서 너무 번거롭습니다", delay=5
    )
    suggestion = page.locator("#known-results .known-item").first
    suggestion.wait_for(timeout=15000)  # the script asked /public/barriers/similar/ as they typed
    assert "소액 전자상거래 물품의 수출신고 부담" in suggestion.inner_text()
    assert "Internal" not in page.locator("#known-results").inner_text()
    shot(page, "intake-suggestion-ko-1280")
    page.locator("label[for='id_consent']").click()
    suggestion.get_by_role("button").click()

    page.wait_for_url(re.compile(r".*/complaints/received/.*"))
    assert published.reference in page.content()
    shot(page, "intake-followed-received-ko-1280")
    page.goto(f"{server.url}/public/barriers/{published.reference}/")
    assert int(page.locator("#report-count").inner_text()) == before + 1
    context.close()

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    assert published.complaints.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_public_pages_pass_axe_at_both_widths_in_both_languages(published, customs, server, browser, monkeypatch):
    from axe_playwright_python.sync_playwright import Axe

    pages = {
        "register": "/public/barriers/",
        "register-filtered": "/public/barriers/?country=CN&q=수출신고",
        "barrier": f"/public/barriers/{published.reference}/",
        "find": "/complaints/find/",
        "form-following": f"/complaints/new/?follow={published.reference}",
    }
    findings = {}
    for language in ("ko", "en"):
        for width in WIDTHS:
            context = browser.new_context(
                locale="ko-KR" if language == "ko" else "en-US",
                extra_http_headers={"Accept-Language": language},
                viewport={"width": width, "height": 900},
            )
            page = context.new_page()
            for name, path in pages.items():
                page.goto(f"{server.url}{path}")
                assert page.locator("html").get_attribute("lang") == language
                findings[(name, language, width)] = serious(Axe().run(page))
                shot(page, f"{name}-{language}-{width}")
            # the check-first step without JavaScript's help: the button posts the form
            page.goto(f"{server.url}/complaints/new/")
            page.locator("#id_country").select_option("CN")
            page.locator("#id_description").fill("Every parcel needs an export declaration, it is too much work")
            page.locator("button[name='check']").click()
            page.wait_for_load_state()
            assert page.locator(f"button[name='follow'][value='{published.reference}']").count() >= 1
            findings[("check-step", language, width)] = serious(Axe().run(page))
            shot(page, f"check-step-{language}-{width}")
            context.close()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # for the browser fixture's teardown
    assert {key: value for key, value in findings.items() if value} == {}
