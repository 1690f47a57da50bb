"""Arrival and routing: a new complaint mails the ministry it is routed to (facts, no personal
data); coordinators re-route, the holding ministry hands on with a reason; each is a history row
and mails the new ministry. Each refusal changes nothing and writes no history row."""

import pytest
from django.core import mail

from barriers.errors import Forbidden, Invalid, InvalidTransition
from barriers.services import complaints as services

from .complaint_support import submit_complaint
from .factories import MinistryFactory

pytestmark = pytest.mark.django_db

PERSONAL = ("한빛화장품", "1234567891", "김민지", "minji@hanbit.example")


@pytest.fixture
def routed(customs, kcs, motie):
    kcs.email = "desk@customs.example"
    kcs.save()
    motie.email = "desk@motie.example"
    motie.save()
    return customs


def ministry_mails(address):
    return [m for m in mail.outbox if m.to == [address]]


def test_a_new_complaint_mails_its_routed_ministry_facts_only(routed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _ = submit_complaint(routed, product="HS 3304 cosmetics")
    [message] = ministry_mails("desk@customs.example")
    assert complaint.reference in message.subject
    assert complaint.reference in message.body and "HS 3304" in message.body
    assert f"/workspace/complaints/{complaint.reference}/" in message.body
    for value in PERSONAL + ("Parcel declarations.",):
        assert value not in message.body and value not in message.subject


def test_nothing_is_mailed_when_the_submission_rolls_back(routed, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Invalid):
            submit_complaint(routed, country="KR")
    assert not ministry_mails("desk@customs.example")


def test_a_complaint_with_no_routed_ministry_mails_no_ministry(db, django_capture_on_commit_callbacks):
    from .factories import CategoryFactory

    with django_capture_on_commit_callbacks(execute=True):
        submit_complaint(CategoryFactory(code="other", default_ministry=None))
    assert all(m.to == ["minji@hanbit.example"] for m in mail.outbox)


def rows(complaint):
    return complaint.history.count()


def test_a_coordinator_reroutes_with_history_and_mail(routed, kcs, motie, coord, django_capture_on_commit_callbacks):
    complaint, _ = submit_complaint(routed)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reroute_complaint(coord, complaint, ministry=motie)
    complaint.refresh_from_db()
    assert complaint.routed_ministry == motie and complaint.answering_ministry is None
    row = complaint.history.latest("history_date")
    assert (row.history_user, row.history_change_reason, row.routed_ministry_id) == (
        coord,
        "Re-routed to another ministry",
        motie.pk,
    )
    [message] = ministry_mails("desk@motie.example")
    assert complaint.reference in message.subject and "KCS" in message.body
    assert not any(value in message.body for value in PERSONAL)


def test_the_holding_ministry_hands_on_with_a_reason(
    routed, kcs, motie, kcs_officer, motie_officer, django_capture_on_commit_callbacks
):
    complaint, _ = submit_complaint(routed)
    services.start_review(kcs_officer, complaint)
    complaint.refresh_from_db()
    assert complaint.answering_ministry == kcs
    with django_capture_on_commit_callbacks(execute=True):
        services.hand_on_complaint(kcs_officer, complaint, ministry=motie, reason="Certification, not customs.")
    complaint.refresh_from_db()
    assert (complaint.routed_ministry, complaint.answering_ministry, complaint.answering_officer) == (motie, None, None)
    assert complaint.status == "under_review"
    row = complaint.history.latest("history_date")
    assert (row.history_user, row.history_change_reason) == (kcs_officer, "Certification, not customs.")
    [message] = ministry_mails("desk@motie.example")
    assert "Certification, not customs." in message.body
    # the new ministry now holds it: its officer triages, KCS's no longer does
    services.reply_to_complaint(motie_officer, complaint, text="We take it from here.")
    with pytest.raises(Forbidden):
        services.reply_to_complaint(kcs_officer, complaint, text="Still ours?")


@pytest.mark.parametrize("actor", ["anonymous", "reader", "motie_officer", "kcs_officer"])
def test_only_coordinators_reroute(actor, routed, motie, request, english):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if actor == "anonymous" else request.getfixturevalue(actor)
    complaint, _ = submit_complaint(routed)
    before = rows(complaint)
    with pytest.raises(Forbidden):
        services.reroute_complaint(user, complaint, ministry=motie, reason="Wrong desk.")
    complaint.refresh_from_db()
    assert complaint.routed_ministry.code == "KCS" and rows(complaint) == before


@pytest.mark.parametrize("actor", ["anonymous", "reader", "motie_officer", "coord"])
def test_only_the_holding_ministry_hands_on(actor, routed, motie, request):
    from django.contrib.auth.models import AnonymousUser

    user = AnonymousUser() if actor == "anonymous" else request.getfixturevalue(actor)
    complaint, _ = submit_complaint(routed)
    before = rows(complaint)
    with pytest.raises(Forbidden):
        services.hand_on_complaint(user, complaint, ministry=motie, reason="Not ours.")
    complaint.refresh_from_db()
    assert complaint.routed_ministry.code == "KCS" and rows(complaint) == before


def test_handing_on_needs_a_reason_and_another_ministry(routed, kcs, motie, kcs_officer, english):
    complaint, _ = submit_complaint(routed)
    before = rows(complaint)
    with pytest.raises(Invalid) as exc:
        services.hand_on_complaint(kcs_officer, complaint, ministry=motie, reason="  ")
    assert (exc.value.first.field, exc.value.first.code) == ("reason", "required")
    with pytest.raises(Invalid) as exc:
        services.hand_on_complaint(kcs_officer, complaint, ministry=kcs, reason="Mine anyway.")
    assert exc.value.first.field == "ministry"
    with pytest.raises(Invalid) as exc:
        services.hand_on_complaint(kcs_officer, complaint, ministry=None, reason="Someone else.")
    assert exc.value.first.code == "required"
    inactive = MinistryFactory(code="OLD", is_active=False)
    with pytest.raises(Invalid):
        services.hand_on_complaint(kcs_officer, complaint, ministry=inactive, reason="Gone.")
    assert rows(complaint) == before


def test_a_closed_complaint_is_not_sent_on(routed, motie, kcs_officer, coord):
    complaint, _ = submit_complaint(routed)
    services.reject_complaint(kcs_officer, complaint, grounds="Out of scope.")
    before = rows(complaint)
    with pytest.raises(InvalidTransition):
        services.reroute_complaint(coord, complaint, ministry=motie)
    with pytest.raises(InvalidTransition):
        services.hand_on_complaint(kcs_officer, complaint, ministry=motie, reason="Late.")
    assert rows(complaint) == before
