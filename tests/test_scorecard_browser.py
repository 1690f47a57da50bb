"""The ministry scorecard in a real headless Chromium, at 1280 and 390 px, in Korean and English:
the table and the definitions are there, each heading leads to its definition, axe-core finds no
serious or critical violation; and the dashboard's scorecard section stacks on a phone and links
to the page. Screenshots go to var/screenshots/scorecard/ (git ignores var/)."""

from pathlib import Path

import pytest

from . import test_complaint_browser as complaint_browser
from .factories import oversight
from .oversight_world import build_world
from .test_scorecard import build_complaints

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "scorecard"
WIDTHS = (1280, 390)
# The elements that reach past the right edge of the viewport (to tell what overflows).
WIDEST = """[...document.querySelectorAll('body *')].filter(e => e.getBoundingClientRect().right > innerWidth + 1)
  .slice(0, 8).map(e => e.tagName + '.' + e.className + '#' + e.id + ' ' + Math.round(e.getBoundingClientRect().right))"""
HEADINGS = {"ko": "부처 성과표", "en": "Ministry scorecard"}


@pytest.fixture
def scored_world(transactional_db):
    from django.core.cache import cache

    cache.clear()
    world = build_world()
    build_complaints(world)
    return oversight(username="score_browser")  # password "pw" (tests/factories.py)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dashboard/scorecard/?period=2026-Q1")
    assert "/accounts/login/" in page.url
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/scorecard/**")


def test_the_scorecard_reads_well_and_passes_axe_at_both_widths_in_both_languages(
    scored_world, server, browser, monkeypatch
):
    from axe_playwright_python.sync_playwright import Axe

    findings, problems = {}, []
    for language in ("ko", "en"):
        for width in WIDTHS:
            context = browser.new_context(
                locale="ko-KR" if language == "ko" else "en-US",
                extra_http_headers={"Accept-Language": language},
                viewport={"width": width, "height": 900},
            )
            page = context.new_page()
            page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
            page.on("pageerror", lambda exc: problems.append(str(exc)))
            sign_in(page, server.url, scored_world.username)
            assert page.locator("html").get_attribute("lang") == language
            assert page.locator("h1").inner_text() == HEADINGS[language]
            kcs = page.locator("#scorecard tr.total[data-ministry=KCS]")
            assert kcs.count() == 1
            received = kcs.locator("td[data-figure=complaints_received]")
            assert received.inner_text() == "5"  # A, B, C, D and G (F came in December)
            assert received.is_visible()
            shot(page, f"scorecard-{language}-{width}")
            if width == 390:  # stacked: one card per row, no sideways scrolling
                assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(WIDEST)
                assert page.locator("#scorecard thead").bounding_box()["height"] <= 1
            findings[("scorecard", language, width)] = serious(Axe().run(page))
            shot(page, f"scorecard-{language}-{width}")
            # every heading leads to its definition, below the table
            for link in page.locator("#scorecard thead a").all():
                target = link.get_attribute("href")
                assert page.locator(target).inner_text() == link.inner_text()

            page.goto(f"{server.url}/dashboard/?period=2026-Q1")
            section = page.locator("#scorecard-summary")
            assert section.locator("tr[data-ministry=KCS] td[data-figure=complaints_received]").inner_text() == "5"
            if width == 390:
                assert page.evaluate("document.documentElement.scrollWidth") <= width, page.evaluate(WIDEST)
            findings[("dashboard", language, width)] = serious(Axe().run(page))
            shot(page, f"dashboard-{language}-{width}")
            page.click("#scorecard-link")
            page.wait_for_url("**/dashboard/scorecard/?period=2026-Q1")
            context.close()
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # for the browser fixture's teardown
    assert {key: value for key, value in findings.items() if value} == {}
    assert problems == []
