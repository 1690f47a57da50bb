"""The dashboard in a real browser (headless Chromium): it renders, the SVG charts are there, and
nothing is blocked or broken (no console errors, so no CSP violations either)."""

import os
import shutil
from pathlib import Path

import pytest

from .factories import oversight
from .oversight_world import build_world

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) or shutil.which("chromium")),
        reason=f"Chromium is not installed at {CHROMIUM} (Debian package 'chromium')",
    ),
]


@pytest.fixture(scope="session")
def server(request):
    """pytest-django's live_server, started with a MEDIA_URL for the moment it starts.

    The tracker sets MEDIA_URL = None (evidence is never public), and Django's live server wraps
    a media handler that calls urlparse(MEDIA_URL): with None every request fails with a
    TypeError. The handler reads the setting once, when the server thread starts.
    """
    from django.conf import settings

    old = settings.MEDIA_URL
    settings.MEDIA_URL = "/live-server-media-unused/"
    try:
        return request.getfixturevalue("live_server")
    finally:
        settings.MEDIA_URL = old


@pytest.fixture
def browser_page():
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls the live server
    # makes happen in its own thread, and this test only touches the database before the launch.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="ko-KR")
        problems = []
        page.on(
            "console", lambda msg: problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        )
        page.on("pageerror", lambda exc: problems.append(f"page error: {exc}"))
        page.on("response", lambda r: problems.append(f"HTTP {r.status}: {r.url}") if r.status >= 400 else None)
        page.on("requestfailed", lambda req: problems.append(f"request failed: {req.url}"))
        page.problems = problems
        try:
            yield page
        finally:
            browser.close()
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def signed_in_world(transactional_db):
    from django.core.cache import cache

    cache.clear()
    build_world()
    return oversight(username="browser_reader")  # password "pw" (tests/factories.py)


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/dashboard/?period=2026-Q1")
    assert "/accounts/login/" in page.url, page.content()[:3000]
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_url("**/dashboard/**")


def test_the_dashboard_renders_with_its_charts_and_no_console_errors(signed_in_world, server, browser_page):
    page = browser_page
    sign_in(page, server.url, signed_in_world.username)
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").inner_text() == "시장별 현황"
    assert page.locator("#matrix tbody tr").count() == 6
    assert page.locator("#matrix tr[data-country=CN] td.total a").inner_text() == "3"
    charts = page.locator("svg.chart")
    assert charts.count() == 7
    assert page.locator("svg.chart-market polyline").count() == 12
    assert page.locator("svg.chart-ministries rect").count() == 8  # FSC and KCS, four quarters each
    assert page.locator("svg.chart a").count() == 0  # a chart is one image: its links are in the tables
    assert page.locator("#ministry-resolutions tr[data-ministry=KCS] td a").count() == 4
    box = page.locator("figure[data-country=US] svg").bounding_box()
    assert box and box["width"] > 200 and box["height"] > 100
    # The stylesheet loaded (CSP allows only this origin's files): the filter bar is a flex row.
    assert page.locator(".filter-bar").first.evaluate("e => getComputedStyle(e).display") == "flex"

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "dashboard.png"), full_page=True)

    # A number's link leads to the list it counts.
    page.click("#ministries tr[data-ministry=KCS] td.overdue a")
    page.wait_for_load_state("networkidle")
    assert "/barriers/?" in page.url and "overdue=true" in page.url
    assert page.locator("#barrier-list tbody tr").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "barrier_list.png"), full_page=True)

    page.click("#barrier-list tbody a")
    page.wait_for_load_state("networkidle")
    assert page.url.endswith("/barriers/CN-0001/")
    assert page.locator("#timeline > li").count() == 4
    page.screenshot(path=str(SCREENSHOTS / "barrier_detail.png"), full_page=True)

    assert page.problems == []
