"""Barrier work in a real headless Chromium: the lead ministry's officer changes a barrier's status
with a reason on the barrier page; a coordinator reopens it after it was rejected; axe-core finds
no serious or critical violation on the barrier page with its forms and on /barriers/new/, at 1280
and 390 px, in Korean and English, with the searchable pickers (tom-select) running. Screenshots
go to var/screenshots/barrier_work/ (git ignores var/)."""

from pathlib import Path

import pytest

from barriers.models import Barrier

from . import test_complaint_browser as complaint_browser

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "barrier_work"
WIDTHS = (1280, 390)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in(browser, server, username, language="ko", width=1280, next_url="/barriers/"):
    context = browser.new_context(
        locale="ko-KR" if language == "ko" else "en-GB",
        extra_http_headers={"Accept-Language": language},
        viewport={"width": width, "height": 900},
    )
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(f"{server.url}/accounts/login/?next={next_url}")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_url(f"**{next_url}")
    page.js_errors = errors
    return context, page


@pytest.fixture
def no_throttle(settings, monkeypatch):
    """No sign-in lockout; and Django's ORM usable while Playwright's event loop runs (the
    transactional test database is flushed at teardown, with the browser still open)."""
    settings.AXES_ENABLED = False
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.mark.django_db(transaction=True)
def test_lead_officer_changes_status_and_a_coordinator_reopens(
    no_throttle, barrier, kcs_officer, coord, server, browser
):
    url = barrier.get_absolute_url()
    context, page = signed_in(browser, server, kcs_officer.username, next_url=url)
    form = page.locator("#action-status form")
    form.locator("select").select_option("confirmed")
    page.locator("#id_status-reason").fill("관세청 담당 부서와 확인함")
    form.get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text().strip() == "확인"
    assert "관세청 담당 부서와 확인함" in page.locator("#timeline").inner_text()
    shot(page, "status-changed-ko-1280")

    form = page.locator("#action-status form")
    form.locator("select").select_option("rejected")
    page.locator("#id_status-reason").fill("제도가 아닌 관행")
    form.get_by_role("button").click()  # no grounds yet: refused, input kept
    page.wait_for_load_state("networkidle")
    assert page.locator("#error-summary").is_visible()
    assert page.locator("#id_status-reason").input_value() == "제도가 아닌 관행"
    page.locator("#id_status-resolution_summary").fill("상대국 시장 관행으로 확인")
    page.locator("#action-status form").get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text().strip() == "불수용"
    assert page.locator("#action-reopen").count() == 0  # officers do not reopen
    assert page.js_errors == []
    context.close()

    context, page = signed_in(browser, server, coord.username, next_url=url)
    assert "상대국 시장 관행으로 확인" in page.locator("main").inner_text()
    page.locator("#id_reopen-reason").fill("새 증빙 접수")
    page.locator("#action-reopen form").get_by_role("button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#status").inner_text().strip() == "확인"
    assert "상대국 시장 관행으로 확인" not in page.locator("dl.fields").inner_text()
    assert "새 증빙 접수" in page.locator("#timeline").inner_text()
    shot(page, "reopened-ko-1280")
    assert page.js_errors == []
    context.close()
    stored = Barrier.objects.get(pk=barrier.pk)
    assert (stored.status, stored.resolution_summary, stored.next_actor) == ("confirmed", "", "korean_government")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_barrier_page_and_new_barrier_pass_axe(no_throttle, language, barrier, coord, kcs_officer, server, browser):
    from axe_playwright_python.sync_playwright import Axe

    findings = {}
    for width in WIDTHS:
        for user in (kcs_officer, coord):
            context, page = signed_in(browser, server, user.username, language, width, barrier.get_absolute_url())
            page.wait_for_load_state("networkidle")
            for details in page.locator("details").all():
                details.evaluate("el => el.open = true")  # the edit and assignment forms too
            findings[f"barrier {user.username} {width}"] = serious(Axe().run(page))
            shot(page, f"barrier-{user.username}-{language}-{width}")
            if user == kcs_officer:
                page.locator("#action-status form").get_by_role("button").click()  # empty: refused
                page.wait_for_load_state("networkidle")
                findings[f"barrier refused {width}"] = serious(Axe().run(page))
                page.goto(f"{server.url}/barriers/new/")
                page.wait_for_load_state("networkidle")
                assert page.locator(".ts-wrapper").count() >= 3  # country, category, ministries enhanced
                findings[f"new {width}"] = serious(Axe().run(page))
                shot(page, f"new-{language}-{width}")
                page.locator("main button[type=submit]").click()
                page.wait_for_load_state("networkidle")
                findings[f"new refused {width}"] = serious(Axe().run(page))
                shot(page, f"new-refused-{language}-{width}")
            assert page.js_errors == []
            context.close()
    found = {name: found for name, found in findings.items() if found}
    assert not found, "\n".join(f"{name}: {items}" for name, items in found.items())
