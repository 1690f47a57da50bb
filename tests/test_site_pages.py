"""The KRDS layout on every page, the information pages (privacy, help, accessibility, terms, API
guide), and the error pages 400/403/404/429/500 and the CSRF failure, in Korean and English with
DEBUG off (the test settings run with DEBUG=0, as production does)."""

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import include, path

from .factories import UserFactory


def boom(request):
    raise RuntimeError("a fault the page must not show")


urlpatterns = [path("boom/", boom), path("", include("tracker.urls"))]

MASTHEAD = {
    "ko": "이 누리집은 대한민국 공식 전자정부 누리집입니다.",
    "en": "This is an official website of the Republic of Korea government.",
}
PRIVACY = {"ko": "개인정보처리방침", "en": "Privacy policy"}


def get(url, language, client=None, **extra):
    client = client or Client()
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language, **extra)


def assert_layout(html, language):
    assert f'<html lang="{language}">' in html
    assert MASTHEAD[language] in html
    assert 'id="krds-skip-link"' in html and 'href="#main"' in html
    assert 'id="krds-header"' in html and 'id="krds-footer"' in html and "krds-identifier" in html
    assert f'class="point">{PRIVACY[language]}</a>' in html  # the privacy policy link stands out
    for url in ("/privacy/", "/terms/", "/accessibility/", "/help/"):
        assert f'href="{url}"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize(
    "url, heading",
    [
        ("/privacy/", {"ko": "개인정보처리방침", "en": "Privacy policy"}),
        ("/help/", {"ko": "도움말", "en": "Help"}),
        ("/accessibility/", {"ko": "웹 접근성 정책", "en": "Accessibility statement"}),
        ("/terms/", {"ko": "이용약관", "en": "Terms of use"}),
        ("/api/", {"ko": "API 안내", "en": "API guide"}),
    ],
)
def test_information_pages_in_both_languages(url, heading, language):
    response = get(url, language)
    assert response.status_code == 200
    html = response.content.decode()
    assert_layout(html, language)
    assert f"<h1>{heading[language]}</h1>" in html


@pytest.mark.django_db
def test_the_privacy_policy_states_retention_from_settings_and_the_help_page_the_deadlines(settings):
    settings.TRACKER = {**settings.TRACKER, "COMPLAINT_RETENTION_DAYS": 400, "COMPLAINT_FIRST_REPLY_DAYS": 9}
    assert "400일 동안 보관" in get("/privacy/", "ko").content.decode()
    assert "kept for 400 days" in get("/privacy/", "en").content.decode()
    assert "9 working days after receipt" in get("/help/", "en").content.decode()  # DEADLINE_CALENDAR "working"


@pytest.mark.django_db
@pytest.mark.parametrize("language, text", [("ko", "화면을 찾을 수 없습니다"), ("en", "Page not found")])
def test_404_in_the_layout(language, text):
    response = get("/no/such/page/", language)
    assert response.status_code == 404
    html = response.content.decode()
    assert_layout(html, language)
    assert text in html and 'href="/complaints/new/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize("language, text", [("ko", "이 화면을 열 수 없습니다"), ("en", "You cannot open this page")])
def test_403_for_a_user_without_a_role(language, text):
    client = Client()
    client.force_login(UserFactory(username=f"norole_{language}"))
    response = get("/dashboard/", language, client)
    assert response.status_code == 403
    html = response.content.decode()
    assert_layout(html, language)
    assert text in html


@pytest.mark.django_db
@pytest.mark.parametrize("language, text", [("ko", "요청을 처리할 수 없습니다"), ("en", "Request not understood")])
def test_400_for_a_bad_host_renders_without_a_request_context(language, text):
    response = get("/privacy/", language, HTTP_HOST="attacker.example")
    assert response.status_code == 400
    html = response.content.decode()
    assert_layout(html, language)
    assert text in html


@pytest.mark.django_db
@pytest.mark.urls("tests.test_site_pages")
@pytest.mark.parametrize(
    "language, text", [("ko", "시스템에 오류가 발생했습니다"), ("en", "Something went wrong on our side")]
)
def test_500_renders_in_the_layout_with_no_context_processors(language, text):
    client = Client(raise_request_exception=False)
    response = get("/boom/", language, client)
    assert response.status_code == 500
    html = response.content.decode()
    assert_layout(html, language)
    assert text in html and "a fault the page must not show" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("language, text", [("ko", "입력 화면의 유효 시간이 지났습니다"), ("en", "The form expired")])
def test_csrf_failure_page(language, text):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/complaints/new/", {"company_name": "x"}, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 403
    html = response.content.decode()
    assert_layout(html, language)
    assert text in html and 'href="/complaints/new/"' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    "language, text", [("ko", "잠시 후에 다시 보내 주십시오"), ("en", "Please wait a moment before sending")]
)
def test_429_keeps_the_way_back_to_the_form(settings, language, text):
    """A limited request gets the form itself back (issue 13): everything typed, and when to retry."""
    settings.RATELIMIT_ENABLE = True
    settings.TRACKER = {**settings.TRACKER, "COMPLAINT_REFUSED_RATE": "1/h"}
    cache.clear()
    client = Client()
    client.post("/complaints/new/", {"company_name": "Hanbit"}, HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/complaints/new/", {"company_name": "Hanbit"}, HTTP_ACCEPT_LANGUAGE=language)
    cache.clear()
    assert response.status_code == 429
    html = response.content.decode()
    assert_layout(html, language)
    assert 'action="/complaints/new/"' in html and 'value="Hanbit"' in html
    assert text in html


@pytest.mark.django_db
def test_navigation_follows_the_user(client_for, reader, kcs_officer):
    anonymous = get("/privacy/", "en").content.decode()
    assert (
        'href="/complaints/new/"' in anonymous
        and 'href="/dashboard/"' not in anonymous
        and 'href="/api/"' not in anonymous
    )
    signed_in = get("/privacy/", "en", client_for(reader)).content.decode()
    assert 'href="/dashboard/"' in signed_in and 'href="/barriers/"' in signed_in and 'href="/api/"' in signed_in
    # The mobile menu repeats the links and opens without JavaScript (a link to #mobile-nav).
    assert 'href="#mobile-nav"' in signed_in and signed_in.count('href="/dashboard/"') == 2


def test_the_api_guide_example_query_runs(gql, reader):
    from django.test import Client as _Client

    html = get("/api/", "en", _Client()).content.decode()
    start = html.index("query {")
    query = html[start : html.index("</code>", start)].replace("&quot;", '"')
    status, body = gql(query, user=reader)
    assert status == 200 and "errors" not in body, body
