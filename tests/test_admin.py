"""The Django admin is for superusers (reference data, accounts, tokens). Officers, coordinators and
oversight readers work on the site's pages (/workspace/, /barriers/<ref>/, /coordination/): the
admin sends them to its login page and changes nothing for them. The superuser's saves still go
through the services, with history."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from barriers.models import Barrier, Category, ClosureDay, Membership, ProgressUpdate
from barriers.services import barriers as services

from .factories import UserFactory, officer

pytestmark = pytest.mark.django_db

MEMBERS = [None, "reader", "fsc_officer", "kcs_officer", "coord"]  # None: anonymous


def change_url(barrier):
    return reverse("admin:barriers_barrier_change", args=[barrier.pk])


def form_data(barrier, **overrides):
    barrier.refresh_from_db()
    data = {
        "title": barrier.title,
        "description": barrier.description,
        "country": barrier.country.code,
        "scope": barrier.scope,
        "category": barrier.category_id,
        "sectors": barrier.sectors,
        "lead_ministry": barrier.lead_ministry_id,
        "supporting_ministries": [m.pk for m in barrier.supporting_ministries.all()],
        "status": barrier.status,
        "next_actor": barrier.next_actor,
        "priority": barrier.priority,
        "trade_impact_krw": "",
        "source": barrier.source,
        "identified_on": barrier.identified_on.isoformat(),
        "target_on": "",
        "resolution_summary": barrier.resolution_summary,
        "read_version": barrier.version,
        "change_reason": "",
        "progress_updates-TOTAL_FORMS": "1",
        "progress_updates-INITIAL_FORMS": "0",
        "progress_updates-MIN_NUM_FORMS": "0",
        "progress_updates-MAX_NUM_FORMS": "1000",
        "progress_updates-0-date": "",
        "progress_updates-0-rag": "",
        "progress_updates-0-text": "",
    }
    data.update(overrides)
    return data


def state(barrier):
    barrier.refresh_from_db()
    return barrier.status, barrier.title, barrier.version, barrier.history.count()


def everything(barrier):
    """What an admin write could touch: the barrier and every history table."""
    return (
        state(barrier),
        Barrier.objects.count(),
        ProgressUpdate.history.count(),
        Category.history.count(),
        Membership.history.count(),
        ClosureDay.history.count(),
    )


def refused(response):
    return response.status_code == 302 and response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("who", MEMBERS)
def test_members_get_no_admin_page_and_change_nothing(request, client_for, barrier, customs, who):
    client = client_for(request.getfixturevalue(who) if who else None)
    before = everything(barrier)
    pages = [
        "/admin/",
        "/admin/barriers/barrier/",
        change_url(barrier),
        reverse("admin:barriers_barrier_add"),
        f"/admin/barriers/barrier/{barrier.pk}/history/",
        "/admin/barriers/complaint/",
        f"/admin/barriers/category/{customs.pk}/change/",
        "/admin/barriers/closureday/add/",
        "/admin/barriers/membership/",
        "/admin/api/apitoken/",
    ]
    for url in pages:
        assert refused(client.get(url)), url
    posts = [
        (change_url(barrier), form_data(barrier, title="Hijacked", status="confirmed", change_reason="mine now")),
        (reverse("admin:barriers_barrier_add"), {**form_data(barrier, title="New"), "lead_ministry": customs.pk}),
        (f"/admin/barriers/category/{customs.pk}/change/", {"code": "customs", "name_ko": "x", "name_en": "x"}),
        ("/admin/barriers/closureday/add/", {"date": "2026-10-02", "name": "x", "change_reason": "x"}),
    ]
    for url, data in posts:
        assert refused(client.post(url, data)), url
    assert everything(barrier) == before


def test_the_admin_login_turns_members_away(client, kcs_officer):
    response = client.post("/admin/login/", {"username": "kcs_officer", "password": "pw"})
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert refused(client.get("/admin/"))


def test_a_membership_gives_no_admin_access(superuser, kcs):
    user = officer(kcs, username="new_officer")
    assert not user.is_staff


def test_the_migration_takes_members_out_of_the_admin(kcs_officer, superuser):
    User = get_user_model()
    User.objects.filter(pk=kcs_officer.pk).update(is_staff=True)  # as the old membership service left it
    leftover = UserFactory(username="no_role", is_staff=True)  # staff without a membership: not ours to change
    migration = importlib.import_module("barriers.migrations.0013_admin_for_superusers_only")
    migration.members_leave_the_admin(apps, None)
    staff = dict(User.objects.values_list("username", "is_staff"))
    assert staff["kcs_officer"] is False and staff["root"] is True and staff[leftover.username] is True


# --- the superuser's admin writes through the services ----------------------------------------------


def test_a_status_change_in_the_admin_asks_for_a_reason_and_keeps_the_input(english, barrier, superuser, client_for):
    client = client_for(superuser)
    before = state(barrier)
    response = client.post(change_url(barrier), form_data(barrier, status="confirmed", title="Typed title"))
    assert response.status_code == 200  # re-rendered, not saved
    assert response.context["adminform"].form.errors["change_reason"]
    assert b"Typed title" in response.content
    assert state(barrier) == before


def test_admin_save_goes_through_the_services(barrier, superuser, client_for):
    client = client_for(superuser)
    response = client.post(
        change_url(barrier),
        form_data(
            barrier,
            status="confirmed",
            title="Per-parcel declaration",
            change_reason="Checked with the KCS desk",
            **{
                "progress_updates-0-rag": "on_track",
                "progress_updates-0-text": "Notice drafted",
                "progress_updates-0-date": "2026-11-20",
            },
        ),
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    barrier.refresh_from_db()
    assert (barrier.status, barrier.title) == ("confirmed", "Per-parcel declaration")
    rows = list(
        barrier.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user__username", "status"
        )
    )
    assert rows[1:] == [
        ("Checked with the KCS desk", "root", "reported"),  # field edit
        ("Checked with the KCS desk", "root", "confirmed"),  # status change
    ]
    update = ProgressUpdate.objects.get(barrier=barrier)
    assert (update.author, update.text, update.status) == (superuser, "Notice drafted", "confirmed")


def test_an_invalid_transition_in_the_admin_is_shown_on_the_form(english, barrier, superuser, client_for):
    client = client_for(superuser)
    before = state(barrier)
    response = client.post(
        change_url(barrier),
        form_data(barrier, status="resolved", change_reason="done", resolution_summary="fixed"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot go from Reported to Resolved" in str(response.context["adminform"].form.errors)
    assert state(barrier) == before


def test_a_stale_admin_form_is_refused_with_a_conflict_and_keeps_the_input(
    english, barrier, superuser, motie_officer, client_for
):
    stale = form_data(barrier, title="My careful rewrite", change_reason="rewrite")
    services.update_barrier(motie_officer, barrier, version=1, reason="MOTIE edit", title="MOTIE title")
    response = client_for(superuser).post(change_url(barrier), stale, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "changed since you read version 1" in errors and "(MOTIE)" in errors
    assert b"My careful rewrite" in response.content
    assert state(barrier) == ("reported", "MOTIE title", 2, 2)


def test_filing_in_the_admin_creates_a_reference_and_history(superuser, kcs, customs, client_for):
    data = {
        "title": "EMS cost",
        "description": "",
        "country": "JP",
        "scope": "korea",
        "category": customs.pk,
        "sectors": "",
        "lead_ministry": kcs.pk,
        "next_actor": "korean_government",
        "priority": "medium",
        "trade_impact_krw": "",
        "source": "strategy_study",
        "identified_on": "2026-11-01",
        "target_on": "",
        "resolution_summary": "",
        "change_reason": "Found in the study",
        "progress_updates-TOTAL_FORMS": "0",
        "progress_updates-INITIAL_FORMS": "0",
        "progress_updates-MIN_NUM_FORMS": "0",
        "progress_updates-MAX_NUM_FORMS": "1000",
    }
    response = client_for(superuser).post(reverse("admin:barriers_barrier_add"), data)
    assert response.status_code == 302
    barrier = Barrier.objects.get()
    assert barrier.reference == "JP-0001" and barrier.created_by == superuser
    row = barrier.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("+", superuser, "Found in the study")


def test_the_superuser_changes_a_membership_through_the_service(superuser, kcs_officer, fsc, client_for):
    membership = kcs_officer.membership
    response = client_for(superuser).post(
        f"/admin/barriers/membership/{membership.pk}/change/",
        {"user": kcs_officer.pk, "role": "officer", "ministry": fsc.pk},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    row = membership.history.latest()
    assert membership.ministry == fsc and (row.history_user, row.history_change_reason) == (
        superuser,
        "Edited in admin",
    )
    kcs_officer.refresh_from_db()
    assert not kcs_officer.is_staff


# --- the admin's Korean, where it remains ----------------------------------------------------------


TASK_RESULTS = "django_tasks_database/dbtaskresult"


def our_english_msgids():
    """Every msgid of our catalogue that Korean writes differently, case-folded: a page showing one
    of them as a whole label shows our English."""
    import polib
    from django.conf import settings

    po = polib.pofile(f"{settings.LOCALE_PATHS[0]}/ko/LC_MESSAGES/django.po")
    out = set()
    for entry in po:
        for msgid in (entry.msgid, entry.msgid_plural):
            if msgid and any(c.isascii() and c.isalpha() for c in msgid) and "%" not in msgid:
                out.add(msgid.strip().casefold())
    return out


@pytest.mark.parametrize(
    "model", ["barriers/barrier", "barriers/complaint", "barriers/category", "barriers/ministry", TASK_RESULTS]
)
def test_the_admin_changelists_in_korean_show_no_english_label_of_ours(client_for, superuser, barrier, model):
    from barriers.models import Ministry

    from .factories import submit_complaint
    from .test_languages import ALLOWED_LATIN, visible_text

    submit_complaint(barrier.category)
    DBTaskResult.objects.create(
        task_path="barriers.tasks.send_email", args_kwargs={"args": [], "kwargs": {}}, backend_name="default"
    )
    data = {barrier.title.casefold(), barrier.description.casefold(), *(w.casefold() for w in ALLOWED_LATIN)}
    for row in (*Ministry.objects.all(), *Category.objects.all()):
        data |= {row.code.casefold(), row.name_en.casefold()}
    client = client_for(superuser)

    def labels_of_ours(language):
        html = client.get(f"/admin/{model}/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        parts = {p.strip().rstrip(":").strip().casefold() for p in visible_text(html).splitlines()}
        return sorted((parts - data) & our_english_msgids())

    assert labels_of_ours("en")  # the check sees our labels where they are English
    assert labels_of_ours("ko") == []
