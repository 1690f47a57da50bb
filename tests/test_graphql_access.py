"""Who gets in and what they may do: anonymous, tokens and scopes, roles, CSRF, GraphiQL, HTTP rules."""

import datetime
import json
import re

import pytest
from django.test import Client
from django.utils import timezone

from api.tokens import issue_token
from barriers.models import Barrier

from .factories import LinkedComplaintFactory

pytestmark = pytest.mark.django_db

BARRIER_Q = '{ barrier(reference: "%s") { reference complaintCount linkedComplaints { reference companyName email } } }'
STATUS_M = """mutation($input: ChangeBarrierStatusInput!) { changeBarrierStatus(input: $input) {
    barrier { status } errors { field code message } } }"""


def history_count(barrier):
    return Barrier.history.filter(id=barrier.pk).count()


def test_anonymous_gets_an_authentication_error_and_no_data(barrier):
    response = Client().post(
        "/graphql/", json.dumps({"query": "{ barriers { totalCount } }"}), content_type="application/json"
    )
    assert response.status_code == 401
    body = response.json()
    assert "data" not in body and body["errors"][0]["extensions"]["code"] == "unauthenticated"


def test_anonymous_introspection_is_refused_but_members_may_introspect(gql, reader):
    status, body = gql("{ __schema { queryType { name } } }")
    assert status == 401 and "data" not in body
    status, body = gql("{ __schema { queryType { name } } __typename }", user=reader)
    assert status == 200 and body["data"]["__schema"]["queryType"]["name"] == "Query"


def test_introspection_rule_only_applies_to_anonymous():
    from django.contrib.auth.models import AnonymousUser
    from graphql import NoSchemaIntrospectionCustomRule

    from api.view import TrackerGraphQLView

    class Req:
        user = AnonymousUser()

    assert NoSchemaIntrospectionCustomRule in TrackerGraphQLView().validation_rules_for(Req())


def test_a_user_without_a_role_is_refused(gql):
    from .factories import UserFactory

    status, body = gql("{ barriers { totalCount } }", user=UserFactory())
    assert status == 403 and body["errors"][0]["extensions"]["code"] == "forbidden"


def test_get_runs_queries_but_never_mutations(barrier, kcs_officer):
    client = Client()
    client.force_login(kcs_officer)
    response = client.get("/graphql/", {"query": "{ barriers { totalCount } }"}, HTTP_ACCEPT="application/json")
    assert response.status_code == 200 and response.json()["data"]["barriers"]["totalCount"] == 1
    mutation = 'mutation { changeBarrierStatus(input: {reference: "%s", status: CONFIRMED, reason: "x", version: 1}) { errors { code } } }'
    response = client.get("/graphql/", {"query": mutation % barrier.reference}, HTTP_ACCEPT="application/json")
    assert response.status_code == 405
    assert Barrier.objects.get(pk=barrier.pk).status == "reported"


def test_read_token_reads_but_cannot_mutate(gql, barrier, kcs_officer):
    _, raw = issue_token(kcs_officer, scope="read")
    status, body = gql("{ barriers { totalCount } }", token=raw)
    assert status == 200 and body["data"]["barriers"]["totalCount"] == 1
    before = history_count(barrier)
    status, body = gql(
        STATUS_M,
        {"input": {"reference": barrier.reference, "status": "CONFIRMED", "reason": "x", "version": 1}},
        token=raw,
    )
    assert body["data"]["changeBarrierStatus"]["errors"][0]["code"] == "forbidden"
    assert Barrier.objects.get(pk=barrier.pk).status == "reported" and history_count(barrier) == before


def test_write_token_mutates_without_csrf_and_history_names_its_user(barrier, kcs_officer):
    _, raw = issue_token(kcs_officer, scope="write")
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/graphql/",
        json.dumps(
            {
                "query": STATUS_M,
                "variables": {
                    "input": {"reference": barrier.reference, "status": "CONFIRMED", "reason": "Checked", "version": 1}
                },
            }
        ),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 200
    assert response.json()["data"]["changeBarrierStatus"] == {"barrier": {"status": "CONFIRMED"}, "errors": []}
    assert Barrier.history.filter(id=barrier.pk).latest().history_user == kcs_officer


def test_session_posts_keep_csrf(barrier, kcs_officer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(kcs_officer)
    query = json.dumps({"query": "{ barriers { totalCount } }"})
    response = client.post("/graphql/", query, content_type="application/json")
    assert response.status_code == 403 and response.json()["errors"][0]["extensions"]["code"] == "csrf_failed"
    client.get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="application/json")  # sets the cookie
    token = client.cookies["csrftoken"].value
    response = client.post("/graphql/", query, content_type="application/json", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200 and response.json()["data"]["barriers"]["totalCount"] == 1


def test_anonymous_script_without_csrf_gets_401_not_a_csrf_page(barrier):
    response = Client(enforce_csrf_checks=True).post(
        "/graphql/", json.dumps({"query": "{ barriers { totalCount } }"}), content_type="application/json"
    )
    assert response.status_code == 401 and response.json()["errors"][0]["extensions"]["code"] == "unauthenticated"


def test_bad_expired_or_revoked_tokens_are_401(gql, kcs_officer):
    token, raw = issue_token(kcs_officer, scope="read")
    assert gql("{ barriers { totalCount } }", token="bt_wrong")[0] == 401
    token.revoked_at = timezone.now()
    token.save()
    assert gql("{ barriers { totalCount } }", token=raw)[0] == 401
    token2, raw2 = issue_token(kcs_officer, scope="read", days=1)
    token2.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    token2.save()
    assert gql("{ barriers { totalCount } }", token=raw2)[0] == 401


@pytest.mark.parametrize(
    "who, sees_person",
    [("kcs_officer", True), ("coord", True), ("fsc_officer", False), ("reader", False)],
)
def test_linked_complaints_show_the_person_only_to_the_answering_ministry_and_coordinators(
    request, gql, barrier, who, sees_person
):
    LinkedComplaintFactory(barrier=barrier, category=barrier.category, answering_ministry=barrier.lead_ministry)
    _, body = gql(BARRIER_Q % barrier.reference, user=request.getfixturevalue(who))
    assert "errors" not in body and body["data"]["barrier"]["complaintCount"] == 1
    linked = body["data"]["barrier"]["linkedComplaints"]
    expected = ("Hanbit Cosmetics", "lee@hanbit.example") if sees_person else (None, None)
    assert [(c["companyName"], c["email"]) for c in linked] == [expected]  # the facts (reference) for all
    assert ("Hanbit" in json.dumps(body)) is sees_person


def test_a_read_token_never_sees_complainant_data_even_for_an_officer(gql, barrier, kcs_officer):
    LinkedComplaintFactory(barrier=barrier, category=barrier.category, answering_ministry=barrier.lead_ministry)
    _, raw = issue_token(kcs_officer, scope="read")
    _, body = gql(BARRIER_Q % barrier.reference, token=raw)
    assert [c["companyName"] for c in body["data"]["barrier"]["linkedComplaints"]] == [None]
    assert "Hanbit" not in json.dumps(body)
    _, raw = issue_token(kcs_officer, scope="write")
    _, body = gql(BARRIER_Q % barrier.reference, token=raw)
    assert [c["companyName"] for c in body["data"]["barrier"]["linkedComplaints"]] == ["Hanbit Cosmetics"]


@pytest.mark.parametrize(
    "actor, allowed",
    [
        ("reader", False),
        ("fsc_officer", False),
        ("kcs_officer", True),
        ("motie_officer", True),
        ("coord", True),
    ],
)
def test_actor_matrix_for_a_status_change(gql, barrier, request, actor, allowed):
    user = request.getfixturevalue(actor)
    before = history_count(barrier)
    _, body = gql(
        STATUS_M,
        {"input": {"reference": barrier.reference, "status": "CONFIRMED", "reason": "Checked", "version": 1}},
        user=user,
    )
    result = body["data"]["changeBarrierStatus"]
    if allowed:
        assert result["errors"] == [] and result["barrier"]["status"] == "CONFIRMED"
        assert history_count(barrier) == before + 1
    else:
        assert result["barrier"] is None and [e["code"] for e in result["errors"]] == ["forbidden"]
        assert Barrier.objects.get(pk=barrier.pk).status == "reported" and history_count(barrier) == before


def test_anonymous_mutation_is_refused_before_anything_runs(gql, barrier):
    status, body = gql(
        STATUS_M, {"input": {"reference": barrier.reference, "status": "CONFIRMED", "reason": "x", "version": 1}}
    )
    assert status == 401 and history_count(barrier) == 1


def test_graphiql_for_signed_in_browsers_only_from_vendored_files(kcs_officer):
    anonymous = Client().get("/graphql/", HTTP_ACCEPT="text/html")
    assert anonymous.status_code == 302 and "login" in anonymous["Location"]
    client = Client()
    client.force_login(kcs_officer)
    page = client.get("/graphql/", HTTP_ACCEPT="text/html")
    html = page.content.decode()
    assert page.status_code == 200 and 'id="graphiql"' in html
    # Every script and stylesheet is one of the site's own files: nothing from a CDN, no inline script.
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html) + re.findall(r'<link[^>]*href="([^"]+)"', html)
    assert sources and all(src.startswith("/static/") for src in sources), sources
    assert len(re.findall(r"<script", html)) == len(re.findall(r'<script[^>]*src="', html))
    for vendored in ("graphiql/react.production.min", "graphiql/react-dom.production.min", "graphiql/graphiql.min"):
        assert any(vendored in src for src in sources), vendored
    policy = page["Content-Security-Policy"]
    assert "http" not in policy and "unsafe-inline" not in policy and "unsafe-eval" not in policy
    api = client.get("/graphql/", {"query": "{ __typename }"}, HTTP_ACCEPT="application/json")
    directives = dict(part.strip().partition(" ")[::2] for part in api.get("Content-Security-Policy", "").split(";"))
    assert "data:" not in directives.get("font-src", "")


def test_only_json_bodies_are_accepted(kcs_officer):
    client = Client()
    client.force_login(kcs_officer)
    response = client.post("/graphql/", {"query": "{ __typename }"})  # multipart form
    assert response.status_code == 415


def test_graphql_response_json_is_honoured_in_accept(gql, reader):
    client = Client()
    client.force_login(reader)
    response = client.post(
        "/graphql/",
        json.dumps({"query": "{ __typename }"}),
        content_type="application/json",
        HTTP_ACCEPT="application/graphql-response+json",
    )
    assert response["Content-Type"].startswith("application/graphql-response+json")
    assert response.json() == {"data": {"__typename": "Query"}}


def test_no_internal_detail_reaches_the_caller_when_debug_is_off(gql, reader, monkeypatch, settings):
    settings.DEBUG = False

    def boom(*args, **kwargs):
        raise RuntimeError("password=hunter2 at db-host-7")

    monkeypatch.setattr("api.queries.count_by", boom)
    status, body = gql("{ countries { code } }", user=reader)
    text = json.dumps(body)
    assert "hunter2" not in text and "Traceback" not in text and "db-host" not in text
    assert body["errors"][0]["extensions"]["code"] == "internal_error"
