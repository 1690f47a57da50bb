"""API tokens count on the API's URLs only, and their scope is enforced where every rule starts.

A bearer token sent to the admin, the evidence download, the pages or the exports is ignored: the
request is anonymous there (redirected to the login page), never authenticated and never exempt
from CSRF. On /graphql/ a read token reads like an oversight reader.
"""

import datetime

import pytest
from django.test import Client, override_settings
from django.utils import timezone

from api.auth import is_api_path
from api.models import ApiToken
from api.tokens import issue_token
from barriers.models import Barrier, Complaint

from .complaint_support import PDF, form_data, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def evidence(customs):
    Client().post("/complaints/new/", form_data(customs, evidence=[upload("invoice.pdf", PDF)]))
    return Complaint.objects.get().evidence.get()


def bearer(raw):
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.mark.parametrize("scope", ["read", "write"])
def test_a_token_outside_the_api_is_anonymous(scope, barrier, evidence, kcs_officer):
    _, raw = issue_token(kcs_officer, scope=scope)
    client = Client(enforce_csrf_checks=True)
    urls = [
        "/admin/",
        f"/admin/barriers/barrier/{barrier.pk}/change/",
        f"/admin/barriers/complaint/{evidence.complaint_id}/change/",
        f"/complaints/evidence/{evidence.pk}/",
        "/barriers/export.csv",
        "/barriers/export.xlsx",
        "/barriers/",
        "/dashboard/",
    ]
    for url in urls:
        response = client.get(url, **bearer(raw))
        assert response.status_code == 302 and "login" in response["Location"], url
    before = (Barrier.objects.get(pk=barrier.pk).title, Barrier.history.count())
    response = client.post(
        f"/admin/barriers/barrier/{barrier.pk}/change/", {"title": "Hijacked", "change_reason": "x"}, **bearer(raw)
    )
    assert response.status_code == 403  # anonymous, and CSRF still enforced
    assert (Barrier.objects.get(pk=barrier.pk).title, Barrier.history.count()) == before


def test_a_bad_token_outside_the_api_is_ignored_not_a_401():
    response = Client().get("/complaints/new/", **bearer("bt_nonsense"))
    assert response.status_code == 200


def test_a_token_does_not_override_the_session_outside_the_api(client_for, barrier, reader, kcs_officer):
    _, raw = issue_token(kcs_officer, scope="write")
    client = client_for(reader)
    response = client.get("/workspace/", **bearer(raw))
    assert response.status_code == 302 and response["Location"] == "/dashboard/"  # the reader's, not the officer's


def test_the_api_paths_are_one_setting():
    assert is_api_path("/graphql/") and not is_api_path("/admin/") and not is_api_path("/graphqlx")
    with override_settings(API_URL_PREFIXES=["/graphql/", "/api/v2/"]):
        assert is_api_path("/api/v2/barriers") and is_api_path("/graphql/")


def test_a_read_token_is_an_oversight_reader_for_every_mutation(gql, barrier, kcs_officer, kcs):
    _, raw = issue_token(kcs_officer, scope="read")
    before = (Barrier.objects.count(), Barrier.history.count())
    _, body = gql(
        """mutation($input: CreateBarrierInput!) { createBarrier(input: $input) { errors { code message } } }""",
        {
            "input": {
                "title": "x",
                "country": "US",
                "scope": "KOREA",
                "category": "customs",
                "source": "OTHER",
                "leadMinistry": "KCS",
                "reason": "r",
            }
        },
        token=raw,
    )
    assert body["data"]["createBarrier"]["errors"][0]["code"] == "forbidden"
    assert (Barrier.objects.count(), Barrier.history.count()) == before


def test_last_used_is_written_at_most_once_a_minute(gql, kcs_officer, django_assert_num_queries):
    token, raw = issue_token(kcs_officer, scope="read")
    assert gql("{ __typename }", token=raw)[0] == 200
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    gql("{ __typename }", token=raw)
    token.refresh_from_db()
    assert token.last_used_at == first  # within the minute: no write
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - datetime.timedelta(seconds=61))
    gql("{ __typename }", token=raw)
    token.refresh_from_db()
    assert timezone.now() - token.last_used_at < datetime.timedelta(seconds=5)
