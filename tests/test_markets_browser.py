"""The market guides in a real headless Chromium: /markets/ and /markets/CN/ in Korean and English
at 1280 and 390 px with axe-core finding no serious or critical violation, and the guide as it
prints (print media emulated: no menus, the date it was generated). Screenshots go to
var/screenshots/markets/ (git ignores var/)."""

import json
from pathlib import Path

import pytest
from django.conf import settings

from barriers.services import indicators
from barriers.services.markets import load_demo_profile

from . import test_complaint_browser as complaint_browser
from . import test_public_browser as public_browser

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
published = public_browser.published
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "markets"
WIDTHS = (1280, 390)


@pytest.fixture
def guides(published):
    fixture = json.loads((Path(settings.BASE_DIR) / "fixtures" / "demo_market_profiles.json").read_text("utf-8"))
    for row in fixture["profiles"]:
        load_demo_profile(row["country"], row["areas"])
    figures = (Path(settings.BASE_DIR) / "fixtures" / "demo_market_indicators.csv").read_text("utf-8")
    indicators.import_market_indicators(None, indicators.parse_kosis_csv(figures), source="demo", is_demo=True)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_market_guides_pass_axe_in_both_languages_and_print(guides, published, server, browser):
    from axe_playwright_python.sync_playwright import Axe

    findings = {}
    for language in ("ko", "en"):
        for width in WIDTHS:
            context = browser.new_context(
                locale="ko-KR" if language == "ko" else "en-US",
                extra_http_headers={"Accept-Language": language},
                viewport={"width": width, "height": 900},
            )
            page = context.new_page()
            for name, path in {"index": "/markets/", "guide": "/markets/CN/"}.items():
                page.goto(f"{server.url}{path}")
                assert page.locator("html").get_attribute("lang") == language
                findings[(name, language, width)] = serious(Axe().run(page))
                shot(page, f"{name}-{language}-{width}")
            text = page.locator("main").inner_text()
            title = "소액 전자상거래 물품의 수출신고 부담" if language == "ko" else "Export declaration burden"
            assert title in text  # the published barrier, in its area
            assert ("시연용 내용" if language == "ko" else "Demo content") in text
            assert page.locator("svg.export-chart title").count() == 1
            assert page.locator("table.indicator-table tbody tr").count() == 11
            if width == 1280:
                page.emulate_media(media="print")
                assert not page.locator("#krds-header").is_visible()
                assert not page.locator("#krds-footer").is_visible()
                assert not page.locator(".print-hint").is_visible()
                assert page.locator(".guide-generated").is_visible()
                shot(page, f"guide-print-{language}")
            context.close()
    assert {key: found for key, found in findings.items() if found} == {}
