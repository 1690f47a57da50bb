"""An SME fills in the form in a real headless Chromium, in Korean and in English, and the form and
status pages pass an axe-core scan with no serious or critical violations.

Debian's chromium package (/usr/bin/chromium) driven by Playwright's Python client; nothing is
downloaded. axe-core comes from the axe-playwright-python wheel (pinned in requirements-dev.txt).
"""

import os
import re
import shutil
from unittest import mock

import pytest

from barriers.models import Complaint

from .complaint_support import PDF

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

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (os.path.exists(CHROMIUM) and shutil.which(CHROMIUM)),
        reason="headless Chromium (/usr/bin/chromium, Debian package 'chromium') is not installed",
    ),
]

TEXTS = {
    "ko": {
        "company": "회사명",
        "brn": "사업자등록번호",
        "contact": "담당자 이름",
        "email": "이메일",
        "phone": "전화번호 (선택)",
        "country": "수출 대상국",
        "category": "분야",
        "what": "겪은 문제",
        "evidence": "증빙 파일 (선택)",
        "consent": "위와 같이 개인정보를",
        "send": "건의 보내기",
        "received": "건의가 접수되었습니다",
        "follow": "처리 상황 바로 보기",
        "status": "접수",
        "problem": "입력 내용을 확인해 주세요",
    },
    "en": {
        "company": "Company name",
        "brn": "Business registration number",
        "contact": "Contact name",
        "email": "E-mail",
        "phone": "Phone (optional)",
        "country": "Target country",
        "category": "Category",
        "what": "What happened",
        "evidence": "Evidence files (optional)",
        "consent": "I agree to the collection",
        "send": "Send the complaint",
        "received": "Complaint received",
        "follow": "Follow your complaint now",
        "status": "Received",
        "problem": "There is a problem with your complaint",
    },
}


def serious(results):
    return [
        (v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.fixture
def server(request, settings):
    """The live server. Django's live-server media handler parses MEDIA_URL, which is None here
    (evidence has no public URL), so give it a path that nothing links to while it starts."""
    settings.MEDIA_URL = "/live-server-media-unused/"
    return request.getfixturevalue("live_server")


@pytest.fixture
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        instance = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield instance
        finally:
            instance.close()
            # Inside sync_playwright() code runs in another greenlet, whose context gets its own
            # database connection (Django keeps connections per context); close it here, or it
            # outlives the test and PostgreSQL refuses to drop the test database.
            # The greenlet counts as an async context, so Django would refuse the close itself.
            from django.db import connections

            with mock.patch.dict(os.environ, {"DJANGO_ALLOW_ASYNC_UNSAFE": "true"}):
                connections.close_all()


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("language", ["ko", "en"])
def test_fill_and_submit_the_form_and_scan_form_and_status_pages(
    server, customs, browser, language, tmp_path, monkeypatch
):
    from axe_playwright_python.sync_playwright import Axe

    evidence = tmp_path / "invoice.pdf"
    evidence.write_bytes(PDF)
    t = TEXTS[language]
    findings = {}
    context = browser.new_context(
        locale="ko-KR" if language == "ko" else "en-US", extra_http_headers={"Accept-Language": language}
    )
    page = context.new_page()
    page.goto(f"{server.url}/complaints/new/")
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".hp-field").is_hidden()  # the honeypot is not shown to people
    findings["form"] = serious(Axe().run(page))

    page.get_by_label(t["company"]).fill("Hanbit Cosmetics")
    page.get_by_label(t["brn"]).fill("123-45-67890")  # wrong check digit first
    page.get_by_label(t["contact"]).fill("Kim Minji")
    page.get_by_label(t["email"]).fill("minji@hanbit.example")
    page.get_by_label(t["phone"]).fill("010-1234-5678")
    page.locator("#id_country").select_option("CN")  # under its searchable picker
    page.get_by_label(t["category"]).select_option(str(customs.pk))
    page.get_by_label(t["what"]).fill("Customs wants a declaration for every parcel.")
    page.get_by_label(t["evidence"]).set_input_files(str(evidence))
    # KRDS draws the checkbox on its label (the native box is visually hidden): click what a person sees.
    page.locator("label[for=id_consent]").click()
    assert page.get_by_label(t["consent"]).is_checked()
    page.get_by_role("button", name=t["send"]).click()

    page.wait_for_load_state()
    assert t["problem"] in page.content()
    findings["form with errors"] = serious(Axe().run(page))
    page.locator(".error-summary a[href='#id_business_number']").click()
    assert page.get_by_label(t["brn"]).input_value() == "123-45-67890"  # input kept
    assert page.get_by_label(t["company"]).input_value() == "Hanbit Cosmetics"
    page.get_by_label(t["brn"]).fill("1234567891")
    page.get_by_label(t["evidence"]).set_input_files(str(evidence))
    page.get_by_role("button", name=t["send"]).click()

    page.wait_for_url(re.compile(r".*/complaints/received/.*"))
    assert t["received"] in page.content()
    reference = page.locator(".reference").inner_text()
    assert re.fullmatch(r"C-\d{4}-\d{6}", reference)
    page.get_by_role("link", name=t["follow"]).click()
    page.wait_for_url(re.compile(r".*/complaints/status/.*"))
    assert reference in page.content() and t["status"] in page.locator(".complaint-status").inner_text()
    findings["status"] = serious(Axe().run(page))
    context.close()

    assert findings == {"form": [], "form with errors": [], "status": []}
    # Playwright's sync API keeps an event loop on this thread; this one query is not concurrent with it.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    complaint = Complaint.objects.get(reference=reference)
    assert complaint.language == language and complaint.evidence.count() == 1
