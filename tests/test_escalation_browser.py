"""/workspace/escalations/ in a real headless Chromium, as a coordinator: axe-core finds no serious
or critical violation at 1280 and 390 px, in Korean and English. Screenshots go to
var/screenshots/escalations/ (git ignores var/)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from barriers.services import escalation

from . import test_complaint_browser as complaint_browser
from .test_escalation import RUN, build_world

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "escalations"


@pytest.mark.django_db(transaction=True)
def test_the_escalations_page_passes_axe_at_both_widths_in_both_languages(
    customs, kcs, kcs_officer, coord, reader, server, browser, monkeypatch
):
    from axe_playwright_python.sync_playwright import Axe

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # the world is built after the browser started
    world = build_world(customs, kcs, n=2)
    escalation.run(RUN)
    client = Client()
    client.force_login(coord)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    findings = {}
    SHOTS.mkdir(parents=True, exist_ok=True)
    for language in ("ko", "en"):
        for width in (1280, 390):
            context = browser.new_context(
                locale="ko-KR" if language == "ko" else "en-US",
                extra_http_headers={"Accept-Language": language},
                viewport={"width": width, "height": 900},
            )
            context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": server.url}])
            page = context.new_page()
            page.goto(f"{server.url}/workspace/escalations/")
            assert page.locator("html").get_attribute("lang") == language
            assert world["long_missed"][0].reference in page.content()
            findings[(language, width)] = serious(Axe().run(page))
            page.screenshot(path=str(SHOTS / f"escalations-{language}-{width}.png"), full_page=True)
            context.close()
    assert {key: value for key, value in findings.items() if value} == {}
