"""Barrier work on /barriers/<reference>/ (one small form per action) and /barriers/new/, through HTTP.

Each action's permission matrix: anonymous, oversight reader, officer of another ministry,
owning officer, coordinator. A denial changes nothing and writes no history row."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone, translation

from barriers.models import Barrier, ProgressUpdate
from barriers.services import barriers as services
from barriers.services import complaints as complaint_services

from .complaint_support import submit_complaint

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def action_url(barrier, action):
    return f"/barriers/{barrier.reference}/actions/{action}/"


def rejected(barrier, actor):
    return services.reject_barrier(actor, barrier, grounds="Market practice, not a rule", reason="No", version=1)


def post_data(action, barrier, fsc=None, kcs=None):
    v = barrier.version
    today = timezone.localdate().isoformat()
    if action == "status":
        return {"status-status": "confirmed", "status-reason": "Checked with the desk", "status-version": v}
    if action == "progress":
        return {"progress-rag": "at_risk", "progress-text": "Talks slow", "progress-date": today, "progress-version": v}
    if action == "edit":
        return {
            "edit-version": v,
            "edit-title": "Per-parcel declaration",
            "edit-description": barrier.description,
            "edit-country": "US",
            "edit-scope": "korea",
            "edit-category": barrier.category_id,
            "edit-sectors": "",
            "edit-priority": "high",
            "edit-trade_impact_krw": "1500000",
            "edit-source": barrier.source,
            "edit-identified_on": barrier.identified_on.isoformat(),
            "edit-target_on": "",
            "edit-next_actor": "korean_government",
            "edit-reason": "Sharper title",
        }
    if action == "assign":
        return {"assign-version": v, "assign-lead_ministry": fsc.pk, "assign-supporting_ministries": [kcs.pk]}
    if action == "reopen":
        return {"reopen-version": v, "reopen-reason": "New evidence from the market"}
    raise AssertionError(action)


def snapshot(barrier):
    b = Barrier.objects.get(pk=barrier.pk)
    return (
        b.version,
        b.status,
        b.title,
        b.lead_ministry_id,
        b.history.count(),
        ProgressUpdate.objects.count(),
        ProgressUpdate.history.count(),
    )


ACTORS = ["anonymous", "reader", "fsc_officer", "kcs_officer", "coord"]
ALLOWED = {
    "status": {"kcs_officer", "coord"},
    "progress": {"kcs_officer", "coord"},
    "edit": {"kcs_officer", "coord"},
    "assign": {"coord"},
    "reopen": {"coord"},
}


@pytest.mark.parametrize("action", list(ALLOWED))
@pytest.mark.parametrize("actor", ACTORS)
def test_permission_matrix(action, actor, request, barrier, kcs_officer, coord, fsc, kcs, client_for):
    if action == "reopen":
        barrier = rejected(barrier, kcs_officer)
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    client = client_for(user)
    before = snapshot(barrier)
    response = client.post(action_url(barrier, action), post_data(action, barrier, fsc, kcs))
    if actor in ALLOWED[action]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert response["Location"] == f"/barriers/{barrier.reference}/"
        assert snapshot(barrier) != before
        return
    if actor == "anonymous":
        assert response.status_code == 302 and "login" in response["Location"]
    else:
        assert response.status_code == 403
    assert snapshot(barrier) == before


@pytest.mark.parametrize(
    "actor, offered",
    [
        ("reader", set()),
        ("fsc_officer", set()),
        ("motie_officer", {"status", "progress", "edit"}),  # a supporting ministry
        ("kcs_officer", {"status", "progress", "edit"}),
        ("coord", {"status", "progress", "edit", "assign"}),
    ],
)
def test_the_page_offers_only_the_actions_the_user_may_take(actor, offered, request, barrier, client_for):
    response = client_for(request.getfixturevalue(actor)).get(barrier.get_absolute_url())
    assert response.status_code == 200
    assert {form.action for form in response.context["action_forms"]} == offered
    html = response.content.decode()
    for action in ("status", "progress", "edit", "assign", "reopen"):
        assert (f'action="/barriers/{barrier.reference}/actions/{action}/"' in html) == (action in offered)


def test_status_lists_only_the_allowed_targets_and_a_closed_barrier_offers_reopening(
    barrier, kcs_officer, coord, client_for
):
    form = client_for(kcs_officer).get(barrier.get_absolute_url()).context["action_forms"][0]
    assert [value for value, _label in form.fields["status"].choices] == ["", "confirmed", "rejected"]
    barrier = rejected(barrier, kcs_officer)
    offered = {f.action for f in client_for(coord).get(barrier.get_absolute_url()).context["action_forms"]}
    assert "reopen" in offered and "status" not in offered
    offered = {f.action for f in client_for(kcs_officer).get(barrier.get_absolute_url()).context["action_forms"]}
    assert offered == {"progress", "edit"}


def test_a_refused_status_change_keeps_the_input_and_says_why(barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
    before = snapshot(barrier)
    data = {"status-status": "rejected", "status-reason": "Not a rule at all", "status-version": 1}
    response = client.post(action_url(barrier, "status"), data, **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Rejecting needs the grounds for rejection." in html
    assert "Not a rule at all" in html and '<option value="rejected" selected>' in html
    assert 'name="status-version" value="1"' in html
    assert snapshot(barrier) == before

    response = client.post(action_url(barrier, "status"), {"status-status": "confirmed", "status-version": 1}, **EN)
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    assert snapshot(barrier) == before


def test_a_stale_form_is_explained_with_the_conflict_message_and_keeps_the_input(
    barrier, kcs_officer, coord, client_for
):
    services.change_status(coord, barrier, status="confirmed", reason="Seen", version=1)
    before = snapshot(barrier)
    data = {
        "status-status": "rejected",
        "status-reason": "Old news",
        "status-resolution_summary": "x",
        "status-version": 1,
    }
    response = client_for(kcs_officer).post(action_url(barrier, "status"), data, **EN)
    assert response.status_code == 409
    html = response.content.decode()
    assert "This barrier changed since you read version 1" in html and "Old news" in html
    assert snapshot(barrier) == before

    edit = post_data("edit", barrier) | {"edit-version": 1, "edit-title": "My own title"}
    response = client_for(kcs_officer).post(action_url(barrier, "edit"), edit, **EN)
    assert response.status_code == 409 and "My own title" in response.content.decode()
    assert snapshot(barrier) == before


def test_status_change_with_a_reason_shows_on_the_page(barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
    response = client.post(action_url(barrier, "status"), post_data("status", barrier), follow=True, **EN)
    assert response.status_code == 200
    html = response.content.decode()
    assert "The status was changed." in html and "Checked with the desk" in html
    assert Barrier.objects.get(pk=barrier.pk).status == "confirmed"


def test_progress_update_edit_and_assignment(barrier, kcs_officer, coord, fsc, kcs, client_for):
    client = client_for(kcs_officer)
    assert client.post(action_url(barrier, "progress"), post_data("progress", barrier)).status_code == 302
    update = ProgressUpdate.objects.get(barrier=barrier)
    assert (update.rag, update.text, update.author) == ("at_risk", "Talks slow", kcs_officer)
    assert client.post(action_url(barrier, "edit"), post_data("edit", barrier)).status_code == 302
    barrier.refresh_from_db()
    assert (barrier.title, barrier.priority, barrier.trade_impact_krw, barrier.version) == (
        "Per-parcel declaration",
        "high",
        1500000,
        2,
    )
    assert barrier.history.first().history_change_reason == "Sharper title"
    response = client_for(coord).post(action_url(barrier, "assign"), post_data("assign", barrier, fsc, kcs))
    assert response.status_code == 302
    barrier.refresh_from_db()
    assert barrier.lead_ministry == fsc and [m.code for m in barrier.supporting_ministries.all()] == ["KCS"]


def test_bad_progress_input_is_kept(barrier, kcs_officer, client_for):
    future = (timezone.localdate() + datetime.timedelta(days=30)).isoformat()
    data = {"progress-rag": "nope", "progress-text": "Half done", "progress-date": future, "progress-version": 1}
    response = client_for(kcs_officer).post(action_url(barrier, "progress"), data, **EN)
    assert response.status_code == 400
    assert "Half done" in response.content.decode()
    assert not ProgressUpdate.objects.exists()


def test_reopening_keeps_the_old_resolution_in_history_and_clears_it_from_the_page(
    barrier, kcs_officer, coord, client_for
):
    barrier = rejected(barrier, kcs_officer)
    client = client_for(coord)
    page = client.get(barrier.get_absolute_url(), **EN).content.decode()
    assert "Market practice, not a rule" in page
    response = client.post(action_url(barrier, "reopen"), post_data("reopen", barrier), follow=True, **EN)
    assert response.status_code == 200
    barrier.refresh_from_db()
    assert (barrier.status, barrier.resolution_summary, barrier.next_actor) == ("confirmed", "", "korean_government")
    assert barrier.history.filter(resolution_summary="Market practice, not a rule").exists()
    html = response.content.decode()
    assert "The barrier was reopened." in html
    assert "New evidence from the market" in html  # the reason, in the history
    assert "<dd>No one</dd>" not in html


def test_the_lead_ministry_sees_linked_complaints_and_is_mailed(
    barrier, customs, kcs_officer, motie_officer, reader, coord, client_for, django_capture_on_commit_callbacks
):
    complaint, _token = submit_complaint(customs, country="US", description="Each parcel needs a full declaration.")
    complaint_services.start_review(kcs_officer, complaint)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.link_to_barrier(kcs_officer, complaint, barrier)
    to_kcs = [m for m in mail.outbox if m.to == ["kcs@tracker.example"]]
    assert len(to_kcs) == 1 and complaint.reference in to_kcs[0].subject
    assert "minji@hanbit.example" not in to_kcs[0].body and "김민지" not in to_kcs[0].body

    for user, sees in ((kcs_officer, True), (coord, True), (motie_officer, False), (reader, False)):
        response = client_for(user).get(barrier.get_absolute_url())
        assert (complaint.reference in response.content.decode()) == sees, user
        assert ("linked-complaints" in response.content.decode()) == sees


# --- /barriers/new/ ----------------------------------------------------------------------------


def new_data(category, lead, **overrides):
    return {
        "title": "Card checks fail",
        "description": "Foreign cards are refused.",
        "country": "VN",
        "scope": "market",
        "category": category.pk,
        "sectors": "",
        "priority": "medium",
        "trade_impact_krw": "",
        "source": "strategy_study",
        "identified_on": timezone.localdate().isoformat(),
        "target_on": "",
        "next_actor": "market_government",
        "lead_ministry": lead.pk,
        "reason": "",
        **overrides,
    }


def test_new_barrier_prefills_the_officers_ministry_and_files(kcs_officer, kcs, customs, client_for):
    client = client_for(kcs_officer)
    response = client.get("/barriers/new/", **EN)
    assert response.status_code == 200
    assert response.context["form"]["lead_ministry"].value() == kcs.pk
    assert f'<option value="{kcs.pk}" selected>' in response.content.decode()
    response = client.post("/barriers/new/", new_data(customs, kcs))
    barrier = Barrier.objects.get()
    assert response.status_code == 302 and response["Location"] == barrier.get_absolute_url()
    assert (barrier.reference, barrier.lead_ministry, barrier.status) == ("VN-0001", kcs, "reported")
    assert barrier.history.get().history_user == kcs_officer


def test_new_barrier_errors_keep_the_input(kcs_officer, kcs, fsc, customs, client_for):
    client = client_for(kcs_officer)
    response = client.post("/barriers/new/", new_data(customs, kcs, title="", country="KR"), **EN)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Foreign cards are refused." in html and "This field is required." in html
    # Another ministry's barrier: refused by the service, shown on the lead ministry field.
    response = client.post("/barriers/new/", new_data(customs, fsc), **EN)
    assert response.status_code == 400 and "Card checks fail" in response.content.decode()
    assert response.context["form"].errors["lead_ministry"]
    assert not Barrier.objects.exists()


@pytest.mark.parametrize("actor, expected", [("anonymous", 302), ("reader", 403), ("coord", 302)])
def test_new_barrier_permissions(actor, expected, request, kcs, customs, client_for):
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    response = client_for(user).post("/barriers/new/", new_data(customs, kcs))
    assert response.status_code == expected
    assert Barrier.objects.exists() == (actor == "coord")
    if actor == "anonymous":
        assert "login" in response["Location"]


def test_an_officer_chooses_the_strategy_area_and_can_hand_it_back_to_the_category(barrier, kcs_officer, client_for):
    client = client_for(kcs_officer)
    with translation.override("en"):
        category_area = barrier.category.get_strategy_area_display()
    page = client.get(barrier.get_absolute_url(), **EN).content.decode()
    assert f'id="strategy-area">{category_area}' in page
    edit = post_data("edit", barrier) | {"edit-strategy_area": "payment"}
    assert client.post(action_url(barrier, "edit"), edit).status_code == 302
    barrier.refresh_from_db()
    assert barrier.strategy_area == "payment"
    assert barrier.history.first().strategy_area == "payment"
    assert 'id="strategy-area">Payment</dd>' in client.get(barrier.get_absolute_url(), **EN).content.decode()
    again = post_data("edit", barrier) | {"edit-strategy_area": ""}
    assert client.post(action_url(barrier, "edit"), again).status_code == 302
    barrier.refresh_from_db()
    assert barrier.strategy_area == "" and barrier.effective_strategy_area == barrier.category.strategy_area


def test_an_unknown_strategy_area_is_refused_and_the_form_kept(barrier, kcs_officer, client_for):
    edit = post_data("edit", barrier) | {"edit-strategy_area": "space", "edit-title": "Kept title"}
    response = client_for(kcs_officer).post(action_url(barrier, "edit"), edit, **EN)
    assert response.status_code == 400
    assert "Kept title" in response.content.decode()
    barrier.refresh_from_db()
    assert barrier.strategy_area == "" and barrier.version == 1
