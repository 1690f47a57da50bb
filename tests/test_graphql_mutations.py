"""Changing barriers over GraphQL: each mutation's success and each error code, nothing saved on error."""

import pytest

from barriers.models import Barrier, ProgressUpdate

pytestmark = pytest.mark.django_db

PAYLOAD = "barrier { reference status version title leadMinistry { code } supportingMinistries { code } } errors { field code message }"


def history_count(barrier):
    return Barrier.history.filter(id=barrier.pk).count()


def run(gql, name, input, user, extra="", **headers):
    status, body = gql(
        "mutation($input: %sInput!) { %s(input: $input) { %s %s } }"
        % (
            name[0].upper() + name[1:],
            name,
            PAYLOAD if name != "addProgressUpdate" else "errors { field code message }",
            extra,
        ),
        {"input": input},
        user=user,
        **headers,
    )
    assert status == 200 and "errors" not in body, body
    return body["data"][name]


def test_create_barrier(gql, kcs_officer, kcs, motie, customs):
    result = run(
        gql,
        "createBarrier",
        {
            "title": "Certificate per shipment",
            "country": "CN",
            "scope": "MARKET",
            "category": "customs",
            "source": "SME_COMPLAINT",
            "leadMinistry": "KCS",
            "supportingMinistries": ["MOTIE"],
            "priority": "HIGH",
            "tradeImpactKrw": 5_000_000_000,
            "reason": "From a complaint",
        },
        kcs_officer,
    )
    assert result["errors"] == []
    assert result["barrier"]["reference"] == "CN-0001" and result["barrier"]["status"] == "REPORTED"
    assert result["barrier"]["supportingMinistries"] == [{"code": "MOTIE"}]
    barrier = Barrier.objects.get(reference="CN-0001")
    assert barrier.trade_impact_krw == 5_000_000_000 and barrier.priority == "high"
    assert barrier.history.get().history_change_reason == "From a complaint"


def test_create_barrier_errors_are_camel_case_fields(gql, kcs_officer, kcs, customs):
    base = {"title": "t", "country": "CN", "scope": "MARKET", "category": "customs", "source": "OTHER"}
    result = run(gql, "createBarrier", {**base, "leadMinistry": "NOPE"}, kcs_officer, HTTP_ACCEPT_LANGUAGE="en")
    assert result["barrier"] is None
    assert result["errors"] == [
        {"field": "leadMinistry", "code": "not_found", "message": "No ministry with code NOPE."}
    ]
    result = run(gql, "createBarrier", {**base, "leadMinistry": "NOPE"}, kcs_officer)  # Korean by default
    assert result["errors"][0]["message"] == "코드가 NOPE인 부처가 없습니다."

    result = run(gql, "createBarrier", {**base, "leadMinistry": "KCS", "title": ""}, kcs_officer)
    assert {(e["field"], e["code"]) for e in result["errors"]} == {("title", "required")}

    result = run(
        gql,
        "createBarrier",
        {**base, "leadMinistry": "KCS", "identifiedOn": "2026-05-01", "targetOn": "2026-01-01"},
        kcs_officer,
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("targetOn", "invalid")]
    assert Barrier.objects.count() == 0


def test_create_barrier_for_another_ministry_is_forbidden(gql, fsc_officer, kcs, customs):
    result = run(
        gql,
        "createBarrier",
        {
            "title": "t",
            "country": "CN",
            "scope": "MARKET",
            "category": "customs",
            "source": "OTHER",
            "leadMinistry": "KCS",
        },
        fsc_officer,
    )
    assert [e["code"] for e in result["errors"]] == ["forbidden"]
    assert Barrier.objects.count() == 0 and Barrier.history.count() == 0


def test_update_barrier_with_version(gql, barrier, kcs_officer):
    result = run(
        gql,
        "updateBarrier",
        {
            "reference": barrier.reference,
            "version": 1,
            "title": "Clearer title",
            "priority": "CRITICAL",
            "reason": "Clarified",
        },
        kcs_officer,
    )
    assert result["errors"] == []
    assert result["barrier"]["title"] == "Clearer title" and result["barrier"]["version"] == 2
    barrier.refresh_from_db()
    assert barrier.priority == "critical"
    assert barrier.history.latest().history_change_reason == "Clarified"


def test_update_barrier_sets_the_strategy_area_and_null_hands_it_back_to_the_category(gql, barrier, kcs_officer):
    result = run(
        gql, "updateBarrier", {"reference": barrier.reference, "version": 1, "strategyArea": "PAYMENT"}, kcs_officer
    )
    assert result["errors"] == []
    barrier.refresh_from_db()
    assert barrier.strategy_area == "payment" and barrier.history.latest().strategy_area == "payment"
    result = run(
        gql, "updateBarrier", {"reference": barrier.reference, "version": 2, "strategyArea": None}, kcs_officer
    )
    assert result["errors"] == []
    barrier.refresh_from_db()
    assert barrier.strategy_area == "" and barrier.effective_strategy_area == barrier.category.strategy_area
    query = "query($r: String!) { barrier(reference: $r) { strategyArea } }"
    area = gql(query, {"r": barrier.reference}, user=kcs_officer)[1]["data"]["barrier"]["strategyArea"]
    assert area == barrier.category.strategy_area.upper()


def test_update_barrier_with_a_stale_version_is_a_conflict_and_changes_nothing(gql, barrier, kcs_officer):
    run(gql, "updateBarrier", {"reference": barrier.reference, "version": 1, "title": "First"}, kcs_officer)
    before = history_count(barrier)
    result = run(gql, "updateBarrier", {"reference": barrier.reference, "version": 1, "title": "Second"}, kcs_officer)
    assert result["barrier"] is None
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("version", "conflict")]
    assert "Kim" in result["errors"][0]["message"]
    barrier.refresh_from_db()
    assert barrier.title == "First" and history_count(barrier) == before


def test_update_barrier_unknown_reference_is_not_found(gql, kcs_officer):
    result = run(gql, "updateBarrier", {"reference": "XX-0001", "version": 1, "title": "t"}, kcs_officer)
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("reference", "not_found")]


def test_change_status_success(gql, barrier, kcs_officer):
    result = run(
        gql,
        "changeBarrierStatus",
        {"reference": barrier.reference, "status": "CONFIRMED", "reason": "Verified", "version": 1},
        kcs_officer,
    )
    assert result["errors"] == [] and result["barrier"]["status"] == "CONFIRMED"
    assert Barrier.objects.get(pk=barrier.pk).status == "confirmed"


@pytest.mark.parametrize(
    "input, user, expected",
    [
        # permission first, even with a stale version and a bad transition
        ({"status": "RESOLVED", "reason": "", "version": 9}, "fsc_officer", ("forbidden", None)),
        ({"status": "RESOLVED", "reason": "", "version": 9}, "kcs_officer", ("conflict", "version")),
        ({"status": "RESOLVED", "reason": "", "version": 1}, "kcs_officer", ("invalid_transition", "status")),
        ({"status": "REJECTED", "reason": "", "version": 1}, "kcs_officer", ("required", "reason")),
    ],
)
def test_change_status_checks_in_the_contract_order(gql, barrier, request, input, user, expected):
    actor = request.getfixturevalue(user)
    before = history_count(barrier)
    result = run(gql, "changeBarrierStatus", {"reference": barrier.reference, **input}, actor)
    assert result["barrier"] is None
    assert (result["errors"][0]["code"], result["errors"][0]["field"]) == expected
    assert Barrier.objects.get(pk=barrier.pk).status == "reported" and history_count(barrier) == before


def test_rejecting_needs_grounds_named_in_camel_case(gql, barrier, kcs_officer):
    result = run(
        gql,
        "changeBarrierStatus",
        {"reference": barrier.reference, "status": "REJECTED", "reason": "Out of scope", "version": 1},
        kcs_officer,
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("resolutionSummary", "required")]
    result = run(
        gql,
        "changeBarrierStatus",
        {
            "reference": barrier.reference,
            "status": "REJECTED",
            "reason": "Out of scope",
            "version": 1,
            "resolutionSummary": "Not a barrier",
        },
        kcs_officer,
    )
    assert result["errors"] == [] and result["barrier"]["status"] == "REJECTED"


def test_assign_ministries_by_a_coordinator(gql, barrier, coord, fsc):
    result = run(
        gql,
        "assignMinistries",
        {
            "reference": barrier.reference,
            "version": 1,
            "leadMinistry": "FSC",
            "supportingMinistries": ["KCS"],
            "reason": "FSC leads now",
        },
        coord,
    )
    assert result["errors"] == []
    assert result["barrier"]["leadMinistry"] == {"code": "FSC"}
    assert result["barrier"]["supportingMinistries"] == [{"code": "KCS"}]


def test_assign_ministries_is_forbidden_to_officers_and_checks_codes(gql, barrier, kcs_officer, coord):
    before = history_count(barrier)
    result = run(
        gql,
        "assignMinistries",
        {"reference": barrier.reference, "version": 1, "leadMinistry": "KCS", "supportingMinistries": []},
        kcs_officer,
    )
    assert [e["code"] for e in result["errors"]] == ["forbidden"]
    result = run(
        gql,
        "assignMinistries",
        {"reference": barrier.reference, "version": 1, "leadMinistry": "KCS", "supportingMinistries": ["NOPE"]},
        coord,
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("supportingMinistries", "not_found")]
    assert history_count(barrier) == before


def test_add_progress_update(gql, barrier, kcs_officer):
    status, body = gql(
        """mutation($input: AddProgressUpdateInput!) { addProgressUpdate(input: $input) {
        progressUpdate { text rag status authorName } barrier { progressUpdates { text } } errors { code } } }""",
        {"input": {"reference": barrier.reference, "text": "Met KCS", "rag": "AT_RISK"}},
        user=kcs_officer,
    )
    result = body["data"]["addProgressUpdate"]
    assert result["errors"] == []
    assert result["progressUpdate"] == {"text": "Met KCS", "rag": "AT_RISK", "status": "REPORTED", "authorName": "Kim"}
    assert result["barrier"]["progressUpdates"] == [{"text": "Met KCS"}]


def test_add_progress_update_errors(gql, barrier, kcs_officer, reader):
    result = run(
        gql, "addProgressUpdate", {"reference": barrier.reference, "text": " ", "rag": "ON_TRACK"}, kcs_officer
    )
    assert [(e["field"], e["code"]) for e in result["errors"]] == [("text", "required")]
    result = run(gql, "addProgressUpdate", {"reference": barrier.reference, "text": "x", "rag": "ON_TRACK"}, reader)
    assert [e["code"] for e in result["errors"]] == ["forbidden"]
    assert ProgressUpdate.objects.count() == 0 and ProgressUpdate.history.count() == 0
