"""Notes, follow and saved views in a real headless Chromium: an officer writes a note on a barrier
page, follows it, saves a filtered list as a view and sees both on /follows/; axe-core finds no
serious or critical violation on these pages at 1280 and 390 px, in Korean and English.
Screenshots go to var/screenshots/follows/ (git ignores var/)."""

from pathlib import Path

import pytest

from barriers.models import Follow, Note, SavedView

from . import test_complaint_browser as complaint_browser

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "follows"


@pytest.fixture(autouse=True)
def _orm_beside_playwright(monkeypatch):
    """Playwright's sync API runs an event loop in this thread; the ORM calls here are sequential."""
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def sign_in(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_load_state("networkidle")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_note_follow_and_save_a_view(barrier, kcs_officer, server, browser, language):
    from axe_playwright_python.sync_playwright import Axe

    SHOTS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(
        locale="ko-KR" if language == "ko" else "en-GB", extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    sign_in(page, server.url, kcs_officer.username)
    findings = {}

    page.goto(f"{server.url}/barriers/{barrier.reference}/")
    page.fill("#id_note_text", "Customs meeting on Friday")
    page.locator(".note-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert "Customs meeting on Friday" in page.locator("#notes-list").inner_text()
    page.locator("#follow-button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#follow-button").get_attribute("aria-pressed") == "true"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#notes").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"barrier-notes-{language}-{width}.png"), full_page=True)
        findings[f"barrier {width}"] = serious(Axe().run(page))

    page.goto(f"{server.url}/barriers/?country=US")
    page.locator("#save-view").click()
    page.fill("#id_name", "US")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/follows/")
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"follows-{language}-{width}.png"), full_page=True)
        findings[f"follows {width}"] = serious(Axe().run(page))

    page.goto(f"{server.url}/barriers/{barrier.reference}/notes/")
    page.locator(".note-form button[type=submit]").click()  # empty: the error comes back
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").count() == 1
    findings["notes with error"] = serious(Axe().run(page))
    page.screenshot(path=str(SHOTS / f"notes-error-{language}.png"), full_page=True)

    context.close()
    assert Note.objects.filter(barrier=barrier).count() == 1
    assert Follow.objects.filter(user=kcs_officer, barrier=barrier).exists()
    assert SavedView.objects.get(owner=kcs_officer).query == "country=US"
    assert {k: v for k, v in findings.items() if v} == {}
