"""Hostile and malformed input through /graphql/: a 400 or a GraphQL error with a code, never a
500, never "Internal error", and never a walk that grows with 2^depth (issue 10)."""

import base64
import json

import pytest
from django.test import Client
from graphql import parse

from api import limits

pytestmark = pytest.mark.django_db


def codes(body):
    return [e.get("extensions", {}).get("code") for e in body["errors"]]


def assert_refused_with_a_code(status, body):
    assert status in (200, 400), (status, body)
    assert body.get("errors"), body
    assert all(codes(body)) and "internal_error" not in codes(body), body
    assert not any("Internal error" in e["message"] for e in body["errors"])


def bomb(levels):
    """Each fragment spreads the one below it twice: 2^levels fields once expanded, ~1 KB of text."""
    parts = ["fragment F0 on Barrier { reference }"]
    for k in range(1, levels + 1):
        parts.append(f"fragment F{k} on Barrier {{ ...F{k - 1} history {{ ...H }} ...F{k - 1} }}")
    parts.append("fragment H on TimelineEntry { who reason }")
    return "{ barriers { edges { node { ...F%d } } } } " % levels + " ".join(parts)


def test_the_limit_walk_visits_each_fragment_once_on_a_30_level_bomb():
    document = parse(bomb(30))
    operation = document.definitions[0]
    measure = limits.Measure(limits.fragments_of(document), {})
    depth, _intro, aliases, cost = measure.selection_set(operation.selection_set)
    # the operation's 4 selection sets, 31 fragments, 30 `history` selections, H: linear in the text
    assert measure.visits == 4 + 31 + 30 + 1
    assert depth == 5 and cost > 2**30


def test_a_fragment_bomb_is_refused_by_the_cost_limit(gql, reader):
    status, body = gql(bomb(30), user=reader)
    assert status == 400 and "data" not in body
    assert body["errors"][0]["message"].startswith("query cost ")
    assert codes(body) == ["limit_exceeded"]


def test_introspection_fields_count_for_aliases(gql, reader):
    query = "{ __schema { " + " ".join(f"a{i}: types {{ name }}" for i in range(31)) + " } }"
    status, body = gql(query, user=reader)
    assert status == 400 and body["errors"][0]["message"] == "alias count 31 exceeds the limit of 30"


def test_introspection_fields_count_for_depth(gql, reader):
    nested = "name"
    for _ in range(16):
        nested = f"ofType {{ {nested} }}"
    status, body = gql("{ __schema { types { %s } } }" % nested, user=reader)
    assert status == 400
    assert [e["message"] for e in body["errors"]] == ["introspection depth 19 exceeds the limit of 15"]


def test_introspection_fields_count_for_cost(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_COST": 100}
    status, body = gql("{ __schema { types { name fields { name } } } }", user=reader)
    assert status == 400 and body["errors"][0]["message"].startswith("query cost ")


def test_graphql_cores_own_introspection_nesting_rule_still_applies(gql, reader):
    nested = "name"
    for _ in range(5):
        nested = f"fields {{ type {{ {nested} }} }}"
    status, body = gql("{ __schema { types { %s } } }" % nested, user=reader)
    assert status == 400 and codes(body)[0] == "graphql_validation_failed"


def test_typename_at_the_bottom_counts_for_depth(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_DEPTH": 3}
    status, body = gql("{ barriers { edges { node { __typename } } } }", user=reader)
    assert status == 400 and body["errors"][0]["message"] == "query depth 4 exceeds the limit of 3"


# cost = 1 + 10 * (3 + 2n): 431 at the default history size (20), 2031 at n = 100
COSTLY = "{ barriers(first: 10) { edges { node { history(%s: $n) { who reason } } } } }"


@pytest.mark.parametrize(
    "query,variables",
    [
        ("query($n: Int = 100) " + COSTLY % "first", {}),
        ("query($n: Int) " + COSTLY % "first", {"n": 100.0}),
        ("query($n: Int = 5) " + COSTLY % "last", {"n": 100}),
    ],
    ids=["variable default", "float variable", "variable over its default"],
)
def test_the_cost_limit_sees_every_way_of_giving_a_page_size(gql, reader, settings, query, variables):
    settings.GRAPHQL_LIMITS = {"MAX_COST": 1000}
    status, body = gql(query, variables, user=reader)
    assert status == 400 and body["errors"][0]["message"] == "query cost 2031 exceeds the limit of 1000"
    assert codes(body) == ["limit_exceeded"]


def test_the_default_page_size_fits(gql, reader, settings):
    settings.GRAPHQL_LIMITS = {"MAX_COST": 1000}
    status, body = gql("query($n: Int) " + COSTLY % "first", {}, user=reader)
    assert status == 200 and "errors" not in body


def test_a_float_literal_page_size_is_a_validation_error(gql, reader):
    status, body = gql("{ barriers(first: 100.0) { totalCount } }", user=reader)
    assert status == 400 and codes(body) == ["graphql_validation_failed"]


def post(user, payload, **headers):
    client = Client()
    client.force_login(user)
    return client.post("/graphql/", json.dumps(payload), content_type="application/json", **headers)


@pytest.mark.parametrize(
    "payload",
    [
        {"query": 1},
        {"query": ["{ countries { code } }"]},
        {"query": {"q": 1}},
        {"query": "{ countries { code } }", "variables": [1]},
        {"query": "{ countries { code } }", "variables": "[1]"},
        {"query": "{ countries { code } }", "variables": 5},
        {"query": "{ countries { code } }", "extensions": 5},
        {"query": "{ countries { code } }", "extensions": ["x"]},
        {"query": "{ countries { code } }", "operationName": 7},
    ],
)
def test_a_request_of_the_wrong_shape_is_a_400_with_a_code(reader, payload):
    response = post(reader, payload)
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "invalid_request"


@pytest.mark.parametrize(
    "query",
    [
        "{ barriers(first: -1) { edges { node { reference } } } }",
        "{ barriers(last: -1) { edges { node { reference } } } }",
        "{ complaints(first: -1) { edges { node { reference } } } }",
        '{ barrier(reference: "X") { history(first: -1) { who } } }',
    ],
)
def test_a_negative_page_size_is_an_invalid_error(gql, reader, barrier, query):
    status, body = gql(query.replace('"X"', f'"{barrier.reference}"'), user=reader)
    assert_refused_with_a_code(status, body)
    assert "invalid" in codes(body)


def b64(text):
    return base64.b64encode(text.encode()).decode()


@pytest.mark.parametrize(
    "node_id",
    ["garbage", b64("Barrier:abc"), b64("Barrier:"), b64("Nope:1"), b64("Barrier:99999999999999999999999"), ""],
)
def test_a_malformed_node_id_is_an_invalid_error(gql, reader, node_id):
    status, body = gql("query($id: ID!) { node(id: $id) { id } }", {"id": node_id}, user=reader)
    assert_refused_with_a_code(status, body)
    assert codes(body) == ["invalid"]


def test_a_well_formed_unknown_node_id_is_null(gql, reader):
    status, body = gql("query($id: ID!) { node(id: $id) { id } }", {"id": b64("Barrier:424242")}, user=reader)
    assert status == 200 and body == {"data": {"node": None}}


@pytest.mark.parametrize(
    "query,variables",
    [
        ('{ barrier(reference: "CN-\\u0000") { title } }', None),
        ("query($r: String!) { barrier(reference: $r) { title } }", {"r": "CN-\x00"}),
        ("query($q: String) { barriers(q: $q) { totalCount } }", {"q": "a\x00b"}),
        ("query($c: [String!]) { barriers(country: $c) { totalCount } }", {"c": ["C\x00"]}),
    ],
)
def test_a_nul_in_a_string_is_an_invalid_error(gql, reader, query, variables):
    status, body = gql(query, variables, user=reader)
    assert_refused_with_a_code(status, body)
    assert codes(body) == ["invalid"]


@pytest.mark.parametrize(
    "span",
    [("0001-01-01", "9999-12-31"), ("9999-11-01", "9999-12-31"), ("0001-01-01", "0001-02-01")],
)
def test_a_progress_range_out_of_bounds_is_an_error_with_a_code(gql, reader, span):
    query = '{ progress(from: "%s", to: "%s", interval: QUARTER) { open } }' % span
    status, body = gql(query, user=reader)
    assert_refused_with_a_code(status, body)
    assert codes(body)[0] in ("invalid", "limit_exceeded")


def test_accept_application_json_gets_request_errors_as_a_200(reader):
    for query in ("{ nope }", "{ barriers(", "{ " + "a: countries { code } " * 31 + "}"):
        response = post(reader, {"query": query}, HTTP_ACCEPT="application/json")
        assert response.status_code == 200, query
        assert response["Content-Type"].startswith("application/json")
        body = response.json()
        assert "data" not in body and body["errors"][0]["extensions"]["code"]
        response = post(reader, {"query": query}, HTTP_ACCEPT="application/graphql-response+json")
        assert response.status_code == 400, query
        assert response["Content-Type"].startswith("application/graphql-response+json")


def test_parse_and_validate_run_once_per_query_text(gql, reader, monkeypatch):
    from api import view

    calls = []
    real_parse = view.parse
    monkeypatch.setattr(view, "parse", lambda *a, **k: calls.append(1) or real_parse(*a, **k))
    query = "{ countries { code nameEn } } # parse-once"
    for _ in range(3):
        status, body = gql(query, user=reader)
        assert status == 200 and "errors" not in body
    assert len(calls) == 1
