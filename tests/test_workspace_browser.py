"""The officers' workspace in a real headless Chromium: an SME submits a complaint in Korean; the
routed ministry's officer signs in, lands on the inbox, finds it, starts review, replies, links it
to a barrier found with the search box; the SME's status page shows the reply; the lead ministry's
officer sees the linked complaint on the barrier page and changes its status with a reason; a
coordinator reopens it. axe-core finds no serious or critical violation on the inbox and the triage
page at 1280 and 390 px (Korean and English). Screenshots go to var/screenshots/workspace/."""

from pathlib import Path

import pytest

from . import test_complaint_browser as complaint_browser

pytestmark = complaint_browser.pytestmark
server = complaint_browser.server
browser = complaint_browser.browser
serious = complaint_browser.serious
SHOTS = Path(__file__).resolve().parent.parent / "var" / "screenshots" / "workspace"
WIDTHS = (1280, 390)


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def scan(page, name, findings):
    from axe_playwright_python.sync_playwright import Axe

    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        findings[f"{name} {width}"] = serious(Axe().run(page))
        shot(page, f"{name}-{width}")
    page.set_viewport_size({"width": 1280, "height": 900})


def sign_in(page, base_url, username):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "pw")
    page.click("main button[type=submit]")
    page.wait_for_url("**/workspace/")


@pytest.mark.django_db(transaction=True)
def test_from_a_korean_complaint_to_a_linked_barrier(customs, barrier, kcs_officer, coord, server, browser):
    findings = {}
    sme = browser.new_context(locale="ko-KR", extra_http_headers={"Accept-Language": "ko"}).new_page()
    sme.goto(f"{server.url}/complaints/new/")
    sme.get_by_label("회사명").fill("한빛화장품")
    sme.get_by_label("사업자등록번호").fill("1234567891")
    sme.get_by_label("담당자 이름").fill("김민지")
    sme.get_by_label("이메일").fill("minji@hanbit.example")
    sme.locator("#id_country").select_option("US")
    sme.locator("#id_category").select_option(str(customs.pk))
    sme.locator("#id_description").fill("소형 택배마다 수출신고를 따로 해야 합니다. Small-parcel export declaration.")
    sme.locator("label[for='id_consent']").click()
    sme.get_by_role("button", name="건의 보내기").click()
    sme.wait_for_url("**/received/**")
    reference = sme.locator("main").inner_text().split("C-")[1][:11]
    reference = f"C-{reference}"
    sme.get_by_role("link", name="처리 상황 바로 보기").click()
    sme.wait_for_url("**/complaints/status/**")
    status_url = sme.url

    officer = browser.new_context(locale="ko-KR", extra_http_headers={"Accept-Language": "ko"}).new_page()
    sign_in(officer, server.url, kcs_officer.username)
    assert officer.locator("h1").inner_text() == "내 업무"
    row = officer.locator(f"#complaint-queue tr[data-reference='{reference}']")
    assert row.count() == 1 and "최초 답변 기한" in row.inner_text()
    scan(officer, "inbox-ko", findings)
    row.get_by_role("link", name=reference).click()
    officer.wait_for_url(f"**/workspace/complaints/{reference}/")
    assert "김민지" in officer.locator("#complainant").inner_text()
    scan(officer, "triage-ko", findings)

    officer.locator("#action-start_review button[type=submit]").click()
    officer.wait_for_load_state()
    assert officer.locator("#action-start_review").count() == 0
    officer.locator("#id_reply-reply").fill("관세청이 소액 수출신고 절차를 검토하고 있습니다.")
    officer.locator("#action-reply button[type=submit]").click()
    officer.wait_for_load_state()
    assert "관세청이 소액 수출신고 절차를 검토하고 있습니다." in officer.locator("#current-reply").inner_text()

    officer.locator("#find").fill(barrier.reference)
    officer.locator("#action-link form[role=search] button").click()
    officer.wait_for_load_state()
    officer.locator("#link-candidates label", has_text=barrier.reference).click()
    officer.locator("#action-link form.tracker-form button[type=submit]").click()
    officer.wait_for_load_state()
    assert "장벽에 연결됨" in officer.locator("h1").inner_text()
    shot(officer, "triage-linked-ko")

    sme.goto(status_url)
    assert "관세청이 소액 수출신고 절차를 검토하고 있습니다." in sme.locator("main").inner_text()
    shot(sme, "status-after-link-ko")

    # The barrier's lead ministry (KCS here too) sees the linked complaint on the barrier page and
    # changes the barrier's status with a reason; a coordinator reopens it.
    officer.goto(f"{server.url}{barrier.get_absolute_url()}")
    assert reference in officer.locator("#linked-complaints").inner_text()
    form = officer.locator("#action-status form")
    form.locator("select").select_option("rejected")
    officer.locator("#id_status-reason").fill("제도가 아닌 시장 관행으로 확인함")
    officer.locator("#id_status-resolution_summary").fill("상대국 시장 관행으로 확인")
    form.get_by_role("button").click()
    officer.wait_for_load_state("networkidle")
    assert officer.locator("#status").inner_text().strip() == "불수용"
    assert "제도가 아닌 시장 관행으로 확인함" in officer.locator("#timeline").inner_text()

    coordinator = browser.new_context(locale="ko-KR", extra_http_headers={"Accept-Language": "ko"}).new_page()
    sign_in(coordinator, server.url, coord.username)
    coordinator.goto(f"{server.url}{barrier.get_absolute_url()}")
    coordinator.locator("#id_reopen-reason").fill("새 증빙 접수")
    coordinator.locator("#action-reopen form").get_by_role("button").click()
    coordinator.wait_for_load_state("networkidle")
    assert coordinator.locator("#status").inner_text().strip() == "확인"
    assert "새 증빙 접수" in coordinator.locator("#timeline").inner_text()
    shot(coordinator, "barrier-reopened-ko")

    english = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"}).new_page()
    sign_in(english, server.url, kcs_officer.username)
    scan(english, "inbox-en", findings)
    english.goto(f"{server.url}/workspace/complaints/{reference}/")
    scan(english, "triage-en", findings)

    assert not any(findings.values()), findings
