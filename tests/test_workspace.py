"""The officers' workspace through HTTP: who lands where, the inbox (queues, deadlines, changes since
the last visit, the navigation's count, filters, pages, fixed query counts), and the triage page
(facts, personal data for those allowed, only the actions the state allows, every action's
permission matrix: each denial changes nothing and writes no history row)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from barriers.models import Barrier, Complaint
from barriers.services import barriers as barrier_services
from barriers.services import complaints as services

from .complaint_support import submit_complaint
from .factories import CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def certification(motie):
    return CategoryFactory(code="certification", name_en="Certification", name_ko="인증", default_ministry=motie)


def inbox_refs(response):
    return [c.reference for c in response.context["complaint_page"]]


# --- landing ------------------------------------------------------------------------------------


def test_officers_land_on_their_workspace_and_readers_on_the_dashboard(client, kcs_officer, reader, client_for):
    assert client.get("/workspace/")["Location"].startswith("/accounts/login/")
    assert client_for(reader).get("/workspace/")["Location"] == "/dashboard/"
    assert client_for(kcs_officer).get("/")["Location"] == "/workspace/"
    assert client_for(reader).get("/")["Location"] == "/dashboard/"
    kcs_officer.set_password("pw-12345-long")
    kcs_officer.save()
    response = client.post("/accounts/login/", {"username": "kcs_officer", "password": "pw-12345-long"})
    assert response.status_code == 302 and response["Location"] == "/workspace/"


# --- the inbox ----------------------------------------------------------------------------------


def test_the_inbox_shows_the_ministrys_queue_overdue_first_with_days_left(
    customs, certification, kcs_officer, coord, client_for
):
    from datetime import timedelta

    from django.utils import timezone

    fresh, _ = submit_complaint(customs)
    late, _ = submit_complaint(customs)
    Complaint.objects.filter(pk=late.pk).update(first_reply_due=timezone.now() - timedelta(days=3))
    other, _ = submit_complaint(certification)
    closed, _ = submit_complaint(customs)
    services.reject_complaint(kcs_officer, closed, grounds="Out of scope.")

    response = client_for(kcs_officer).get("/workspace/", HTTP_ACCEPT_LANGUAGE="en")
    assert inbox_refs(response) == [late.reference, fresh.reference]
    html = response.content.decode()
    assert "First reply due" in html and "working days left" in html and "overdue by" in html
    assert other.reference not in html and closed.reference not in html

    coordinator = client_for(coord)
    assert set(inbox_refs(coordinator.get("/workspace/"))) == {late.reference, fresh.reference, other.reference}
    assert inbox_refs(coordinator.get("/workspace/", {"ministry": "MOTIE"})) == [other.reference]
    # an officer cannot look at another ministry's queue
    assert inbox_refs(client_for(kcs_officer).get("/workspace/", {"ministry": "MOTIE"})) == [
        late.reference,
        fresh.reference,
    ]
    # the shared FilterSet's other filters
    assert inbox_refs(coordinator.get("/workspace/", {"overdue": "true"})) == [late.reference]


def test_a_handed_on_complaint_moves_between_queues(customs, motie, kcs_officer, motie_officer, client_for):
    complaint, _ = submit_complaint(customs)
    services.start_review(kcs_officer, complaint)
    services.hand_on_complaint(kcs_officer, complaint, ministry=motie, reason="Certification.")
    assert inbox_refs(client_for(kcs_officer).get("/workspace/")) == []
    assert inbox_refs(client_for(motie_officer).get("/workspace/")) == [complaint.reference]


def test_barriers_that_need_action(barrier, kcs, customs, kcs_officer, fsc_officer, client_for):
    from datetime import date

    barrier_services.edit_barrier(
        kcs_officer, barrier, version=barrier.version, reason="Target set", target_on=date(2026, 1, 31)
    ) if hasattr(barrier_services, "edit_barrier") else Barrier.objects.filter(pk=barrier.pk).update(
        target_on=date(2026, 1, 31), identified_on=date(2025, 12, 1)
    )
    response = client_for(kcs_officer).get("/workspace/")
    assert [b.reference for b in response.context["barrier_page"]] == [barrier.reference]
    assert [b.reference for b in client_for(fsc_officer).get("/workspace/").context["barrier_page"]] == []


def test_changes_since_the_last_visit_and_the_count_in_the_navigation(customs, kcs_officer, coord, client_for):
    officer = client_for(kcs_officer)
    first = officer.get("/workspace/", HTTP_ACCEPT_LANGUAGE="en")
    assert first.context["changes"] == [] and "This is your first visit" in first.content.decode()
    complaint, _ = submit_complaint(customs)
    services.start_review(coord, complaint)
    second = officer.get("/workspace/", HTTP_ACCEPT_LANGUAGE="en")
    changes = second.context["changes"]
    assert [(c.reference, c.reason) for c in changes] == [
        (complaint.reference, "Review started"),
        (complaint.reference, "Submitted through the public form"),
    ]
    assert officer.get("/workspace/").context["changes"] == []  # seen now
    submit_complaint(customs)  # the coordinator's review made the first one MOEF's; this one waits for KCS
    officer.get("/workspace/")
    # the navigation counts what waits, on every page
    page = officer.get("/barriers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "My work (1)" in page


def test_the_inbox_costs_a_fixed_number_of_queries(
    customs, barrier, kcs_officer, coord, client_for, django_assert_num_queries
):
    officer = client_for(kcs_officer)
    coordinator = client_for(coord)
    submit_complaint(customs)
    officer.get("/workspace/")
    coordinator.get("/workspace/")
    with django_assert_num_queries(OFFICER_INBOX_QUERIES):
        officer.get("/workspace/")
    with django_assert_num_queries(COORDINATOR_INBOX_QUERIES):
        coordinator.get("/workspace/", {"ministry": "KCS"})
    for _ in range(30):
        submit_complaint(customs)
    with django_assert_num_queries(OFFICER_INBOX_QUERIES):
        response = officer.get("/workspace/")
    assert len(response.context["complaint_page"]) == 25 and response.context["complaint_page"].has_next()
    with django_assert_num_queries(COORDINATOR_INBOX_QUERIES):
        coordinator.get("/workspace/", {"ministry": "KCS"})
    assert len(officer.get("/workspace/", {"page": 2}).context["complaint_page"]) == 6


OFFICER_INBOX_QUERIES = 17
COORDINATOR_INBOX_QUERIES = 21


# --- the triage page ----------------------------------------------------------------------------


def test_the_triage_page_shows_the_person_only_to_those_allowed(customs, kcs_officer, motie_officer, coord, client_for):
    complaint, _ = submit_complaint(customs)
    url = f"/workspace/complaints/{complaint.reference}/"
    for user in (kcs_officer, coord):
        html = client_for(user).get(url).content.decode()
        assert "minji@hanbit.example" in html and "김민지" in html and 'id="action-start_review"' in html
    html = client_for(motie_officer).get(url).content.decode()
    assert "minji@hanbit.example" not in html and "김민지" not in html and "Parcel declarations." in html
    assert 'id="no-actions"' in html and '<form method="post" class="tracker-form' not in html
    assert client_for(kcs_officer).get("/workspace/complaints/C-1999-000001/").status_code == 404


def test_only_the_actions_the_state_allows(customs, kcs_officer, client_for):
    complaint, _ = submit_complaint(customs)
    url = f"/workspace/complaints/{complaint.reference}/"
    offered = [f.action for f in client_for(kcs_officer).get(url).context["forms"]]
    assert offered == [
        "start_review",
        "reply",
        "extend",
        "request_information",
        "link",
        "create_barrier",
        "answer",
        "reject",
        "hand_on",
    ]
    services.start_review(kcs_officer, complaint)
    offered = [f.action for f in client_for(kcs_officer).get(url).context["forms"]]
    assert "start_review" not in offered and "reply" in offered
    services.reject_complaint(kcs_officer, complaint, grounds="No.")
    assert client_for(kcs_officer).get(url).context["forms"] == []


def post(client, complaint, action, **fields):
    data = {"action": action}
    data.update({f"{action}-{name}": value for name, value in fields.items()})
    return client.post(f"/workspace/complaints/{complaint.reference}/", data, HTTP_ACCEPT_LANGUAGE="en")


ACTIONS = {
    "start_review": {},
    "reply": {"reply": "We are looking into it."},
    "extend": {"grounds": "We need the other ministry."},
    "request_information": {"question": "Which carrier?"},
    "link": {"barrier": "{barrier}"},
    "create_barrier": {
        "barrier_title": "Parcel declarations",
        "scope": "korea",
        "lead_ministry": "{kcs}",
        "country": "CN",
        "category": "{customs}",
        "description": "Full declaration per parcel.",
    },
    "answer": {"reply": "Allowed since May.", "outcome": "already_possible"},
    "reject": {"grounds": "Out of scope."},
    "hand_on": {"ministry": "{motie}", "reason": "Certification."},
    "reroute": {"ministry": "{motie}", "reason": "Wrong desk."},
}

# who may take each action on a fresh complaint routed to KCS
ALLOWED = {
    "anonymous": set(),
    "reader": set(),
    "motie_officer": set(),
    "kcs_officer": set(ACTIONS) - {"reroute"},
    "coord": set(ACTIONS) - {"hand_on"},
}


def fill(fields, barrier, kcs, motie, customs):
    values = {"barrier": barrier.reference, "kcs": kcs.pk, "motie": motie.pk, "customs": customs.pk}
    return {name: str(value).format(**values) for name, value in fields.items()}


@pytest.mark.parametrize("actor", list(ALLOWED))
@pytest.mark.parametrize("action", list(ACTIONS))
def test_every_action_through_http_for_every_actor(
    actor, action, request, customs, kcs, motie, barrier, client_for, django_capture_on_commit_callbacks
):
    user = None if actor == "anonymous" else request.getfixturevalue(actor)
    complaint, _ = submit_complaint(customs)
    before = (Complaint.objects.values().get(pk=complaint.pk), complaint.history.count(), Barrier.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client_for(user), complaint, action, **fill(ACTIONS[action], barrier, kcs, motie, customs))
    after = (Complaint.objects.values().get(pk=complaint.pk), complaint.history.count(), Barrier.objects.count())
    if action in ALLOWED[actor]:
        assert response.status_code == 302, response.content.decode()[:2000]
        assert after[1] == before[1] + 1
        row = complaint.history.latest("history_id")
        assert row.history_user == user
    else:
        assert response.status_code in (302, 403), response.status_code
        if response.status_code == 302:
            assert "login" in response["Location"] or response["Location"] == "/dashboard/"
        assert after == before


def test_errors_all_at_once_with_the_input_kept(customs, kcs_officer, client_for):
    complaint, _ = submit_complaint(customs)
    response = post(
        client_for(kcs_officer), complaint, "create_barrier", barrier_title="", scope="", description="Kept text"
    )
    assert response.status_code == 400
    form = response.context["bound"]
    assert {"barrier_title", "scope", "lead_ministry"} <= set(form.errors)
    html = response.content.decode()
    assert "Kept text" in html and "There is a problem" in html
    assert complaint.history.count() == 1


def test_a_service_refusal_is_shown_on_the_form(customs, kcs_officer, client_for):
    complaint, _ = submit_complaint(customs)
    response = post(client_for(kcs_officer), complaint, "link", barrier="XX-9999", reply="Kept reply")
    assert response.status_code == 400 and "barrier" in response.context["bound"].errors
    assert "Kept reply" in response.content.decode()


def test_a_conflict_is_explained_and_nothing_is_saved(customs, kcs, kcs_officer, client_for):
    from .factories import officer as make_officer

    colleague = make_officer(kcs, username="kcs_colleague")
    complaint, _ = submit_complaint(customs)
    officer = client_for(kcs_officer)
    seen = officer.get(f"/workspace/complaints/{complaint.reference}/").context["forms"][1].initial["seen"]
    services.start_review(colleague, complaint)  # someone acted first
    response = post(officer, complaint, "reply", reply="Our reply.", seen=seen)
    assert response.status_code == 409
    html = response.content.decode()
    assert (
        "This complaint changed since you read it" in html
        and "Review started" in html
        and "kcs_colleague (KCS)" in html
    )
    assert "Our reply." in html
    complaint.refresh_from_db()
    assert complaint.reply == "" and complaint.history.count() == 2
    # submitted again from the page as it is now, it is saved
    seen = response.context["bound"].data["reply-seen"]
    assert post(officer, complaint, "reply", reply="Our reply.", seen=seen).status_code == 302


def test_linking_keeps_the_ministrys_reply_on_the_status_page(customs, barrier, kcs_officer, client_for, client):
    complaint, token = submit_complaint(customs)
    officer = client_for(kcs_officer)
    assert post(officer, complaint, "reply", reply="We are checking the customs rule.").status_code == 302
    assert post(officer, complaint, "link", barrier=barrier.reference).status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == "linked" and complaint.reply == "We are checking the customs rule."
    status = client.get(f"/complaints/status/{token}/").content.decode()
    assert "We are checking the customs rule." in status


def test_the_link_search_box_finds_barriers_likely_matches_first(customs, barrier, kcs_officer, client_for):
    complaint, _ = submit_complaint(customs, country="US", description="Small-parcel export declaration per parcel.")
    url = f"/workspace/complaints/{complaint.reference}/"
    officer = client_for(kcs_officer)

    def candidates(**params):
        forms = officer.get(url, params).context["forms"]
        link = next(f for f in forms if f.action == "link")
        return [value for value, _label in link.fields["barrier"].widget.choices]

    assert candidates() == [barrier.reference]  # same market, similar wording
    assert candidates(find=barrier.reference) == [barrier.reference]
    assert candidates(find="export declaration") == [barrier.reference]
    assert candidates(find="nothing like it") == []


def test_the_triage_page_costs_a_fixed_number_of_queries(
    customs, barrier, kcs_officer, client_for, django_assert_num_queries
):
    officer = client_for(kcs_officer)
    complaint, _ = submit_complaint(customs)
    url = f"/workspace/complaints/{complaint.reference}/"
    officer.get(url)
    with django_assert_num_queries(TRIAGE_QUERIES):
        officer.get(url)
    for text in ("We look.", "Still looking.", "Almost."):
        services.reply_to_complaint(kcs_officer, complaint, text=text)
    with django_assert_num_queries(TRIAGE_QUERIES):
        officer.get(url)


TRIAGE_QUERIES = 16  # 15, and the internal notes with their authors (follows/_notes.html)


def test_anonymous_triage_is_refused(customs, client):
    complaint, _ = submit_complaint(customs)
    response = client.get(f"/workspace/complaints/{complaint.reference}/")
    assert "login" in response["Location"]
    assert isinstance(AnonymousUser(), AnonymousUser)
