"""Complaints over GraphQL: officers triage from the list; oversight reads the facts without PII."""

from datetime import timedelta

import pytest
from django.utils import timezone

from api.tokens import issue_token
from barriers.models import Complaint
from barriers.services import complaints as complaint_services

from .factories import submit_complaint

pytestmark = pytest.mark.django_db

QUERY = """query($status: [ComplaintStatus!], $overdue: Boolean, $category: [String!]) {
  complaints(first: 50, status: $status, overdue: $overdue, category: $category) {
    totalCount
    edges { node {
      reference status isOverdue barrierReference description
      country { code } category { code } answeringMinistry { code }
      companyName businessNumber contactName email phone
    } }
  }
}"""
PERSONAL = ("companyName", "businessNumber", "contactName", "email", "phone")


def nodes(body):
    return [edge["node"] for edge in body["data"]["complaints"]["edges"]]


@pytest.fixture
def two_complaints(customs, kcs, kcs_officer, barrier):
    late, _ = submit_complaint(
        customs,
        company_name="Hanbit Cosmetics",
        email="minji@hanbit.example",
        description="Customs wants a declaration per parcel",
    )
    linked, _ = submit_complaint(customs, company_name="Daon Fashion")
    complaint_services.start_review(kcs_officer, linked, answering_ministry=kcs)
    complaint_services.link_to_barrier(kcs_officer, linked, barrier)
    Complaint.objects.filter(pk=late.pk).update(first_reply_due=timezone.now() - timedelta(days=1))  # set-up only
    return late, linked


@pytest.mark.parametrize("who", ["kcs_officer", "coord"])
def test_officers_and_coordinators_see_complaints_with_personal_data(request, gql, two_complaints, barrier, who):
    late, linked = two_complaints
    status, body = gql(QUERY, user=request.getfixturevalue(who))
    assert status == 200 and "errors" not in body, body
    assert body["data"]["complaints"]["totalCount"] == 2
    by_ref = {n["reference"]: n for n in nodes(body)}
    assert by_ref[late.reference]["companyName"] == "Hanbit Cosmetics"
    assert by_ref[late.reference]["email"] == "minji@hanbit.example"
    assert by_ref[late.reference]["isOverdue"] is True and by_ref[linked.reference]["isOverdue"] is False
    assert by_ref[linked.reference]["status"] == "LINKED"
    assert by_ref[linked.reference]["barrierReference"] == barrier.reference
    assert by_ref[linked.reference]["answeringMinistry"] == {"code": "KCS"}


def test_oversight_reads_the_facts_but_no_personal_data(gql, two_complaints, reader):
    status, body = gql(QUERY, user=reader)
    assert status == 200 and "errors" not in body
    assert sorted(n["reference"] for n in nodes(body)) == sorted(c.reference for c in two_complaints)
    for node in nodes(body):
        assert node["description"] and node["country"]["code"]
        assert all(node[field] is None for field in PERSONAL), node


def test_a_read_token_never_carries_personal_data_even_for_an_officer(gql, two_complaints, kcs_officer):
    _, raw = issue_token(kcs_officer, scope="read")
    status, body = gql(QUERY, token=raw)
    assert status == 200 and "errors" not in body
    assert sorted(n["reference"] for n in nodes(body)) == sorted(c.reference for c in two_complaints)
    assert all(node[field] is None for node in nodes(body) for field in PERSONAL)


def test_anonymous_callers_get_nothing(gql, two_complaints):
    status, body = gql(QUERY)
    assert status == 401 and "data" not in body


def test_filters_come_from_the_shared_complaint_filterset(gql, two_complaints, kcs_officer):
    late, linked = two_complaints
    _, body = gql(QUERY, {"overdue": True}, user=kcs_officer)
    assert [n["reference"] for n in nodes(body)] == [late.reference]
    _, body = gql(QUERY, {"status": ["LINKED"]}, user=kcs_officer)
    assert [n["reference"] for n in nodes(body)] == [linked.reference]
    _, body = gql(QUERY, {"category": ["customs"]}, user=kcs_officer)
    assert body["data"]["complaints"]["totalCount"] == 2
    _, body = gql(QUERY, {"category": ["nope"]}, user=kcs_officer)
    assert body["errors"][0]["message"].startswith("Invalid filter: category")


def test_the_complaint_list_costs_the_same_queries_for_one_row_and_many(gql, customs, kcs, kcs_officer, barrier):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count():
        with CaptureQueriesContext(connection) as ctx:
            status, body = gql(QUERY, user=kcs_officer)
        assert status == 200 and "errors" not in body
        return len(ctx.captured_queries), body["data"]["complaints"]["totalCount"]

    first, _ = submit_complaint(customs)
    complaint_services.start_review(kcs_officer, first, answering_ministry=kcs)
    complaint_services.link_to_barrier(kcs_officer, first, barrier)
    one = count()
    for _ in range(5):
        c, _ = submit_complaint(customs)
        complaint_services.start_review(kcs_officer, c, answering_ministry=kcs)
        complaint_services.link_to_barrier(kcs_officer, c, barrier)
    many = count()
    assert one[1] == 1 and many[1] == 6
    assert one[0] == many[0]  # session + user + membership, COUNT, one SELECT with its joins
