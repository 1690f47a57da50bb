"""No admin page saves a model on its own. Only superusers reach the admin; everyone else is sent
to its login page (tests/test_admin.py) and changes nothing here either.

- The history form view (`.../<id>/history/<history_id>/`) shows a version read-only and refuses
  every POST (405): no rewrite, no revert, on every model with history (reference models too,
  never a 500).
- Reference data and memberships change only through their services, and no changelist offers a
  bulk delete.
- A changelist filters only on what it declares: no `?email__startswith=` oracle.
"""

import pytest
from django.contrib import admin
from django.test import Client
from simple_history.admin import SimpleHistoryAdmin

from barriers.admin.base import ServiceHistoryAdmin
from barriers.models import Barrier, Category, Complaint, Membership, Ministry, ProgressUpdate
from barriers.services import barriers as barrier_services
from barriers.services import complaints as complaint_services

from .factories import submit_complaint

pytestmark = pytest.mark.django_db

ACTORS = ["reader", "fsc_officer", "kcs_officer", "coord", "superuser"]


@pytest.fixture
def world(barrier, kcs_officer, customs, coord):
    update = barrier_services.add_progress_update(kcs_officer, barrier, text="Notice drafted", rag="on_track")
    complaint, _ = submit_complaint(customs)
    complaint_services.reject_complaint(coord, complaint, grounds="Already possible under rule 12.")
    return {
        Barrier: barrier,
        ProgressUpdate: update,
        Complaint: complaint,
        Category: customs,
        Ministry: barrier.lead_ministry,
        Membership: kcs_officer.membership,
    }


def snapshot(world):
    """Every row's fields and every history table's size."""
    rows = {}
    for model, obj in world.items():
        fresh = model.objects.get(pk=obj.pk)
        rows[model.__name__] = {f.attname: getattr(fresh, f.attname) for f in model._meta.concrete_fields}
        rows[model.__name__ + ".history"] = model.history.count()
    return rows


def history_url(obj):
    version = type(obj).history.filter(id=obj.pk).order_by("-history_id").first()
    opts = obj._meta
    return f"/admin/{opts.app_label}/{opts.model_name}/{obj.pk}/history/{version.history_id}/"


def test_every_history_admin_is_a_service_history_admin():
    with_history = [type(a).__name__ for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)]
    assert len(with_history) == 10  # ClosureDayAdmin too, and the market guides, areas and export figures
    assert all(
        isinstance(a, ServiceHistoryAdmin) for a in admin.site._registry.values() if isinstance(a, SimpleHistoryAdmin)
    )


@pytest.mark.parametrize("who", ACTORS)
def test_the_history_form_shows_read_only_and_refuses_every_post(request, client_for, world, who):
    client = client_for(request.getfixturevalue(who))
    before = snapshot(world)
    for model, obj in world.items():
        url = history_url(obj)
        page = client.get(url)
        fields = {f.name: "" for f in model._meta.concrete_fields}
        response = client.post(url, {**fields, "text": "Rewritten", "status": "received", "_save": "Revert"})
        if who != "superuser":  # no admin at all
            assert page.status_code == 302 and page["Location"].startswith("/admin/login/"), model
            assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), model
            continue
        assert page.status_code == 200, (model, page.status_code)
        html = page.content.decode()
        assert 'name="_save"' not in html and "<textarea" not in html and "<select" not in html, model
        assert response.status_code == 405, (model, response.status_code)
    assert snapshot(world) == before


def test_no_one_rewrites_a_progress_update_or_reverts_a_rejected_complaint(client_for, world, superuser):
    update, complaint = world[ProgressUpdate], world[Complaint]
    for actor in (superuser,):
        client = client_for(actor)
        response = client.post(
            history_url(update),
            {
                "barrier": update.barrier_id,
                "author": actor.pk,
                "date": "2026-01-01",
                "status": "resolved",
                "rag": "delayed",
                "text": "Nothing happened",
            },
        )
        assert response.status_code == 405
        first = complaint.history.order_by("history_id").first()
        url = f"/admin/barriers/complaint/{complaint.pk}/history/{first.history_id}/"
        assert client.post(url, {"status": "received", "reply": "", "_save": "Revert"}).status_code == 405
    update.refresh_from_db()
    complaint.refresh_from_db()
    assert (update.text, update.rag, update.author.username) == ("Notice drafted", "on_track", "kcs_officer")
    assert complaint.status == "rejected" and complaint.history.count() == 2


@pytest.mark.parametrize("who", ["kcs_officer", "coord", "reader"])
def test_members_cannot_touch_reference_data_in_the_admin(request, client_for, world, who):
    """Coordinators route categories on /coordination/; the admin refuses them like any member."""
    client = client_for(request.getfixturevalue(who))
    before = snapshot(world)
    category = world[Category]
    post = {"code": "customs", "name_ko": "x", "name_en": "x", "sort_order": 1, "ntm_chapter": "C"}
    for response in (
        client.get(f"/admin/barriers/category/{category.pk}/change/"),
        client.post(f"/admin/barriers/category/{category.pk}/change/", post),
        client.post("/admin/barriers/category/add/", {**post, "code": "new"}),
        client.post("/admin/barriers/ministry/add/", {"code": "NEW", "name_ko": "x", "name_en": "x"}),
    ):
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert snapshot(world) == before and not Category.objects.filter(code="new").exists()


def test_an_administrator_edits_reference_data_through_the_service(client_for, world, superuser, fsc):
    category = world[Category]
    response = client_for(superuser).post(
        f"/admin/barriers/category/{category.pk}/change/",
        {
            "code": "customs",
            "name_ko": "통관",
            "name_en": "Customs",
            "sort_order": 20,
            "ntm_chapter": "C",
            "default_ministry": fsc.pk,
            "strategy_area": "delivery",
        },
    )
    assert response.status_code == 302
    category.refresh_from_db()
    row = category.history.latest()
    assert category.default_ministry == fsc and row.history_user == superuser
    assert row.history_change_reason.startswith("Edited in admin")


def test_no_changelist_offers_a_bulk_delete(client_for, world, superuser):
    client = client_for(superuser)
    before = snapshot(world)
    for model in (Membership, Ministry, Category, Barrier, ProgressUpdate, Complaint):
        opts = model._meta
        url = f"/admin/{opts.app_label}/{opts.model_name}/"
        assert b"delete_selected" not in client.get(url).content
        client.post(url, {"action": "delete_selected", "_selected_action": [world[model].pk], "post": "yes"})
    assert snapshot(world) == before


PERSONAL_PROBES = [
    "email__startswith=m",
    "company_name=한빛화장품",
    "company_name__icontains=한",
    "business_number__startswith=1",
    "contact_name__startswith=김",
    "phone__contains=010",
    "answering_officer__email__startswith=k",
    "evidence__original_name__startswith=i",
    "description__startswith=C",  # not a declared filter either
]


def test_the_complaint_list_refuses_undeclared_and_personal_lookups(client_for, world, superuser):
    client = client_for(superuser)
    for probe in PERSONAL_PROBES:
        assert client.get(f"/admin/barriers/complaint/?{probe}").status_code == 400, probe
    for declared in ["status__exact=rejected", "overdue=1", "received_at__year=2026", "routed_ministry__id__exact=1"]:
        assert client.get(f"/admin/barriers/complaint/?{declared}").status_code == 200, declared


def test_other_lists_filter_only_on_their_declared_filters(client_for, world, superuser):
    root = client_for(superuser)
    assert root.get("/admin/barriers/barrier/?created_by__email__startswith=k").status_code == 400
    assert root.get("/admin/barriers/barrier/?title__startswith=S").status_code == 400
    assert root.get("/admin/barriers/barrier/?status__exact=reported&flag=stale").status_code == 200
    assert root.get("/admin/barriers/membership/?user__email__startswith=k").status_code == 400
    assert root.get("/admin/api/apitoken/?user__email__startswith=k").status_code == 400
    assert root.get("/admin/api/apitoken/?scope__exact=read&revoked_at__isempty=1").status_code == 200


def test_an_anonymous_post_to_the_history_form_goes_to_the_login_page(world):
    response = Client().post(history_url(world[ProgressUpdate]), {"text": "x"})
    assert response.status_code == 302 and "login" in response["Location"]
