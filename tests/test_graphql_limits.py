"""Limits: depth, cost, aliases, body size, tokens; one error naming the limit, nothing resolved."""

import json

import pytest
from django.test import Client

from barriers.models import Barrier

pytestmark = pytest.mark.django_db


def test_depth_over_the_limit_is_one_error_naming_both_numbers(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_DEPTH": 4}
    query = "{ barriers { edges { node { history { changes { field } } } } } }"  # depth 6
    status, body = gql(query, user=reader)
    assert status == 400 and "data" not in body
    assert [e["message"] for e in body["errors"]] == ["query depth 6 exceeds the limit of 4"]
    assert body["errors"][0]["extensions"]["code"] == "limit_exceeded"


def test_the_deepest_query_the_schema_allows_fits_the_default_depth_limit(gql, reader):
    query = "{ barriers { edges { node { history { progressUpdate { ministry { code } } } } } } }"
    status, body = gql(query, user=reader)
    assert status == 200 and "errors" not in body


def test_cost_is_page_size_multiplied_through_nesting(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_COST": 1000}
    # 1 + 50 * (1 + (1 + 1 + 20 * (1 + 1))) = 2201 > 1000
    query = "{ barriers(first: 50) { edges { node { reference history { who reason } } } } }"
    status, body = gql(query, user=reader)
    assert status == 400
    assert [e["message"] for e in body["errors"]] == ["query cost 2201 exceeds the limit of 1000"]
    # the same with a smaller page fits
    status, body = gql(query.replace("first: 50", "first: 10"), user=reader)
    assert status == 200 and "errors" not in body


def test_cost_uses_variables_for_page_sizes(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_COST": 1000}
    query = "query($n: Int) { barriers(first: $n) { edges { node { reference history { who reason } } } } }"
    assert gql(query, {"n": 50}, user=reader)[0] == 400
    assert gql(query, {"n": 5}, user=reader)[0] == 200


def test_aliases_over_the_limit(gql, reader):
    query = "{ " + " ".join(f"a{i}: countries {{ code }}" for i in range(31)) + " }"
    status, body = gql(query, user=reader)
    assert status == 400
    assert [e["message"] for e in body["errors"]] == ["alias count 31 exceeds the limit of 30"]


def test_undefined_and_cyclic_fragments_are_validation_errors_not_500(gql, reader):
    status, body = gql("{ barriers { edges { node { ...Missing } } } }", user=reader)
    assert status == 400 and "Missing" in body["errors"][0]["message"]
    cyclic = "{ barriers { edges { node { ...A } } } } fragment A on Barrier { reference ...A }"
    status, body = gql(cyclic, user=reader)
    assert status == 400 and "A" in body["errors"][0]["message"]


def test_unknown_fields_still_fail_validation(gql, reader):
    status, body = gql("{ nope }", user=reader)
    assert status == 400 and "nope" in body["errors"][0]["message"]


def test_oversized_body_is_413(reader):
    client = Client()
    client.force_login(reader)
    body = json.dumps({"query": "{ __typename }", "variables": {"pad": "x" * 200_000}})
    response = client.post("/graphql/", body, content_type="application/json")
    assert response.status_code == 413
    assert "exceeds the limit of 100000" in response.json()["errors"][0]["message"]


def test_too_many_tokens_is_a_syntax_error(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_TOKENS": 50}
    query = "{ " + " ".join("__typename" for _ in range(60)) + " }"
    status, body = gql(query, user=reader)
    assert status == 400 and "token" in body["errors"][0]["message"].lower()


def test_nothing_is_resolved_when_a_mutation_is_over_a_limit(gql, barrier, kcs_officer, settings):
    settings.GRAPHQL_LIMITS = {"MAX_DEPTH": 2}
    mutation = (
        'mutation { changeBarrierStatus(input: {reference: "%s", status: CONFIRMED, reason: "x", '
        "version: 1}) { barrier { leadMinistry { code } } } }" % barrier.reference
    )
    status, body = gql(mutation, user=kcs_officer)
    assert status == 400 and body["errors"][0]["message"] == "query depth 4 exceeds the limit of 2"
    assert Barrier.objects.get(pk=barrier.pk).status == "reported"


def test_graphiqls_full_introspection_query_is_not_caught_by_the_limits(gql, reader):
    from graphql import get_introspection_query

    status, body = gql(get_introspection_query(descriptions=True), user=reader)
    assert status == 200 and "errors" not in body
    assert any(t["name"] == "Barrier" for t in body["data"]["__schema"]["types"])
