"""Personal data and evidence by need-to-know: one rule (permissions.can_view_personal_data) seen
through every entry point: the workspace's triage page, the evidence download and GraphQL (the admin
is for superusers only).

The rule: coordinators, and the officers of the ministry holding the complaint (the answering
ministry, before that the ministry it was routed to on arrival). Everyone else sees the facts.
"""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from barriers.models import Category, Complaint
from barriers.services import complaints as services

from .complaint_support import PDF, form_data, upload
from .factories import CategoryFactory, officer, submit_complaint

pytestmark = pytest.mark.django_db

PERSON = ("한빛화장품", "1234567891", "minji@hanbit.example", "김민지")


@pytest.fixture
def filed(customs):
    """A complaint sent through the public form with a PDF: customs, so routed to KCS."""
    response = Client().post("/complaints/new/", form_data(customs, evidence=[upload("invoice.pdf", PDF)]))
    assert response.status_code == 303
    return Complaint.objects.get()


def shows_person(html):
    found = [p for p in PERSON if p in html]
    assert found in ([], list(PERSON)), found  # all or nothing
    return bool(found)


def test_a_complaint_is_routed_to_its_categorys_ministry_on_arrival_with_history(filed, kcs):
    assert filed.routed_ministry == kcs and filed.answering_ministry is None
    created = filed.history.get()
    assert created.history_type == "+" and created.routed_ministry_id == kcs.pk


def test_a_category_without_a_default_ministry_leaves_the_complaint_unrouted():
    complaint, _ = submit_complaint(CategoryFactory(code="statistics"))
    assert complaint.routed_ministry is None


def test_the_reference_data_routes_every_category_and_loads_idempotently():
    call_command("seed_demo", "--reference-only", stdout=io.StringIO())
    routes = dict(Category.objects.values_list("code", "default_ministry__code"))
    assert routes["payment"] == "FSC" and routes["customs"] == "KCS" and routes["logistics"] == "KPOST"
    assert routes["certification"] == "KATS" and routes["tax"] == "MOEF" and routes["data_privacy"] == "PIPC"
    assert all(routes.values()), routes
    history = Category.history.count()
    out = io.StringIO()
    call_command("seed_demo", "--reference-only", stdout=out)
    assert "0 rows created or updated" in out.getvalue() and Category.history.count() == history


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("kcs_officer", True),  # routed to KCS, nobody answers yet
        ("coord", True),
        ("fsc_officer", False),  # another ministry
        ("reader", False),  # oversight
    ],
)
def test_the_triage_page_and_evidence_follow_the_rule(request, client_for, filed, who, allowed):
    client = client_for(request.getfixturevalue(who))
    item = filed.evidence.get()
    page = client.get(f"/workspace/complaints/{filed.reference}/")
    if who == "reader":
        assert page.status_code == 302  # oversight readers read the dashboard, not the triage page
    else:
        assert page.status_code == 200
        html = page.content.decode()
        assert shows_person(html) is allowed
        assert (f"/complaints/evidence/{item.pk}/" in html) is allowed
        assert filed.reference in html and "Customs asked for a separate declaration" in html  # facts for all
    admin_page = client.get(f"/admin/barriers/complaint/{filed.pk}/change/")
    assert admin_page.status_code == 302 and "/admin/login/" in admin_page["Location"]  # the admin: superusers
    download = client.get(f"/complaints/evidence/{item.pk}/")
    assert download.status_code == (200 if allowed else 403)
    if allowed:
        assert b"".join(download.streaming_content) == PDF


def test_the_superusers_admin_shows_the_person_and_old_versions(client_for, filed, superuser):
    client = client_for(superuser)
    base = f"/admin/barriers/complaint/{filed.pk}"
    assert shows_person(client.get(f"{base}/change/").content.decode())
    version = filed.history.get()
    old = client.get(f"{base}/history/{version.history_id}/")
    assert old.status_code == 200 and shows_person(old.content.decode())


def test_the_answering_ministry_takes_over_from_the_routed_one(client_for, filed, coord, motie, kcs_officer):
    motie_officer = officer(motie, username="motie_person")
    services.start_review(coord, filed, answering_ministry=motie)
    url = f"/workspace/complaints/{filed.reference}/"
    assert shows_person(client_for(motie_officer).get(url).content.decode())
    assert not shows_person(client_for(kcs_officer).get(url).content.decode())
    item = filed.evidence.get()
    assert client_for(kcs_officer).get(f"/complaints/evidence/{item.pk}/").status_code == 403
    assert client_for(motie_officer).get(f"/complaints/evidence/{item.pk}/").status_code == 200


def test_the_history_list_shows_personal_diffs_to_the_superuser_only(client_for, filed, fsc_officer, coord, superuser):
    from django.utils import timezone

    services.start_review(coord, filed)
    # set-up: a correction of the e-mail, which the admin's history list shows as a diff
    filed.refresh_from_db()
    filed.email = "new@hanbit.example"
    filed._change_reason = "Corrected e-mail"
    filed.replied_at = timezone.now()
    filed.save()
    url = f"/admin/barriers/complaint/{filed.pk}/history/"
    assert "new@hanbit.example" in client_for(superuser).get(url).content.decode()
    for other in (fsc_officer, coord):
        response = client_for(other).get(url)
        assert response.status_code == 302 and "new@hanbit.example" not in response.content.decode()


QUERY = """{ complaints(first: 50) { edges { node { reference routedMinistry { code }
  companyName email phone } } } }"""


def test_graphql_applies_the_rule_per_row_at_a_fixed_query_count(gql, customs, fsc, kcs_officer, fsc_officer):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    payment = CategoryFactory(code="payment", default_ministry=fsc)
    mine, _ = submit_complaint(customs)
    theirs, _ = submit_complaint(payment, company_name="Daon Pay", email="pay@daon.example")
    _, body = gql(QUERY, user=kcs_officer)
    rows = {e["node"]["reference"]: e["node"] for e in body["data"]["complaints"]["edges"]}
    assert (
        rows[mine.reference]["companyName"] == "한빛화장품" and rows[mine.reference]["routedMinistry"]["code"] == "KCS"
    )
    assert rows[theirs.reference] == {
        "reference": theirs.reference,
        "routedMinistry": {"code": "FSC"},
        "companyName": None,
        "email": None,
        "phone": None,
    }
    _, body = gql(QUERY, user=fsc_officer)
    rows = {e["node"]["reference"]: e["node"] for e in body["data"]["complaints"]["edges"]}
    assert rows[theirs.reference]["email"] == "pay@daon.example" and rows[mine.reference]["email"] is None

    def count():
        with CaptureQueriesContext(connection) as ctx:
            gql(QUERY, user=kcs_officer)
        return len(ctx.captured_queries)

    two = count()
    for _ in range(4):
        submit_complaint(payment)
    assert count() == two
