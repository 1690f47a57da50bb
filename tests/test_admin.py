"""The admin for officers: it writes through the services and keeps their rules."""

import pytest
from django.urls import reverse

from barriers.models import Barrier, ProgressUpdate
from barriers.services import barriers as services

pytestmark = pytest.mark.django_db


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


def test_officer_of_another_ministry_sees_the_barrier_read_only_and_cannot_post(barrier, fsc_officer, client_for):
    client = client_for(fsc_officer)
    page = client.get(change_url(barrier))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content  # view-only page
    before = state(barrier)
    response = client.post(change_url(barrier), form_data(barrier, title="Hijacked", change_reason="mine now"))
    assert response.status_code == 403
    assert state(barrier) == before


def test_oversight_reader_cannot_add_or_change(barrier, reader, client_for):
    client = client_for(reader)
    assert client.get(reverse("admin:barriers_barrier_add")).status_code == 403
    before = state(barrier)
    assert client.post(change_url(barrier), form_data(barrier, title="x", change_reason="y")).status_code == 403
    assert state(barrier) == before


def test_a_status_change_in_the_admin_asks_for_a_reason_and_keeps_the_input(english, barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
    before = state(barrier)
    response = client.post(change_url(barrier), form_data(barrier, status="confirmed", title="Typed title"))
    assert response.status_code == 200  # re-rendered, not saved
    assert response.context["adminform"].form.errors["change_reason"]
    assert b"Typed title" in response.content
    assert state(barrier) == before


def test_admin_save_goes_through_the_services(barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
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
        ("Checked with the KCS desk", "kcs_officer", "reported"),  # field edit
        ("Checked with the KCS desk", "kcs_officer", "confirmed"),  # status change
    ]
    update = ProgressUpdate.objects.get(barrier=barrier)
    assert (update.author, update.text, update.status) == (kcs_officer, "Notice drafted", "confirmed")


def test_an_invalid_transition_in_the_admin_is_shown_on_the_form(english, barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
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
    english, barrier, kcs_officer, motie_officer, client_for
):
    stale = form_data(barrier, title="My careful rewrite", change_reason="rewrite")
    services.update_barrier(motie_officer, barrier, version=1, reason="MOTIE edit", title="MOTIE title")
    response = client_for(kcs_officer).post(change_url(barrier), stale, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    errors = str(response.context["adminform"].form.non_field_errors())
    assert "changed since you read version 1" in errors and "(MOTIE)" in errors
    assert b"My careful rewrite" in response.content
    assert state(barrier) == ("reported", "MOTIE title", 2, 2)


def test_officers_cannot_reassign_ministries_in_the_admin(barrier, kcs_officer, coord, fsc, client_for):
    page = client_for(kcs_officer).get(change_url(barrier))
    assert 'name="lead_ministry"' not in page.content.decode()
    page = client_for(coord).get(change_url(barrier))
    assert 'name="lead_ministry"' in page.content.decode()


def test_filing_in_the_admin_creates_a_reference_and_history(kcs_officer, kcs, customs, client_for):
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
    response = client_for(kcs_officer).post(reverse("admin:barriers_barrier_add"), data)
    assert response.status_code == 302
    barrier = Barrier.objects.get()
    assert barrier.reference == "JP-0001" and barrier.created_by == kcs_officer
    row = barrier.history.get()
    assert (row.history_type, row.history_user, row.history_change_reason) == ("+", kcs_officer, "Found in the study")
