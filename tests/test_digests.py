"""Digests: one mail per follower per period with exactly the changes in what they follow; none when
nothing changed; running it twice sends nothing new; unsubscribing works without signing in."""

import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from barriers.models import DigestSubscription
from barriers.services import barriers as barrier_services
from barriers.services import complaints as complaint_services
from barriers.services import follows as services

from .complaint_support import submit_complaint


def new_barrier(author, lead, category, country, title):
    return barrier_services.create_barrier(
        author,
        lead_ministry=lead,
        title=title,
        description="d",
        country=country,
        scope="korea",
        category=category,
        source="strategy_study",
        reason="r",
    )


@pytest.fixture
def digests(django_capture_on_commit_callbacks):
    """Run the command as cron would; {recipient: mail} of what it sent."""

    def run(period="daily"):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            call_command("send_digests", "--period", period, stdout=StringIO())
        return {m.to[0]: m for m in mail.outbox}

    return run


@pytest.fixture
def world(barrier, kcs_officer, fsc_officer, reader, coord, kcs, customs):
    quiet = new_barrier(kcs_officer, kcs, customs, "CN", "Quiet CN barrier")
    services.follow_barrier(reader, barrier)  # directly
    services.save_view(kcs_officer, "US customs", "country=US&category=customs")  # by a view
    services.follow_barrier(fsc_officer, quiet)  # nothing will happen to it
    services.follow_barrier(coord, barrier)
    services.set_digest_period(coord, "weekly")
    return {"quiet": quiet}


def test_one_mail_per_follower_with_exactly_their_changes(
    digests, world, barrier, kcs_officer, coord, kcs, customs, reader, fsc_officer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        barrier_services.change_status(kcs_officer, barrier, status="confirmed", reason="checked", version=1)
        barrier_services.add_progress_update(kcs_officer, barrier, text="Met the customs office", rag="on_track")
        complaint, _token = submit_complaint(customs, country="US")
        complaint_services.link_to_barrier(coord, complaint, barrier, reply="Known.")
        fresh = new_barrier(kcs_officer, kcs, customs, "US", "Fresh US barrier")
        new_barrier(kcs_officer, kcs, customs, "JP", "Not in any view")
    mail.outbox.clear()

    sent = digests()
    assert set(sent) == {reader.email, kcs_officer.email}  # not fsc (nothing changed), not coord (weekly)
    mine = sent[reader.email].body
    assert "접수 → 확인" in mine
    assert "Met the customs office" in mine
    assert complaint.reference in mine
    assert "Fresh US barrier" not in mine and "Not in any view" not in mine
    assert "Quiet CN barrier" not in mine
    view = sent[kcs_officer.email].body
    assert "US customs" in view and "Fresh US barrier" in view and fresh.reference in view
    assert "보기에 새로 든 장벽" in view and "접수 → 확인" in view and complaint.reference in view
    assert "Not in any view" not in view
    assert view.count("접수 → 확인") == 1 and view.count("Met the customs office") == 1

    assert digests() == {}  # twice: nothing new

    weekly = digests("weekly")
    assert list(weekly) == [coord.email] and "Met the customs office" in weekly[coord.email].body

    with django_capture_on_commit_callbacks(execute=True):
        barrier_services.add_progress_update(kcs_officer, barrier, text="Second meeting", rag="at_risk")
    again = digests()
    assert set(again) == {reader.email, kcs_officer.email}
    assert "Second meeting" in again[reader.email].body and "Met the customs office" not in again[reader.email].body


def test_each_follower_reads_the_digest_in_the_language_they_chose(
    digests, world, barrier, kcs_officer, reader, django_capture_on_commit_callbacks
):
    services.set_digest_period(reader, "daily", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        barrier_services.change_status(kcs_officer, barrier, status="confirmed", reason="checked", version=1)
    sent = digests()
    english, korean = sent[reader.email], sent[kcs_officer.email]
    assert "Reported → Confirmed" in english.body and "Stop these e-mails" in english.body
    assert not re.search("[가-힣]", english.subject + english.body.replace(barrier.title, ""))
    assert "접수 → 확인" in korean.body


def test_nothing_changed_nothing_sent(world, digests):
    assert digests() == {} and digests("weekly") == {}


def test_changes_before_the_follow_are_not_in_the_digest(barrier, kcs_officer, reader, digests):
    barrier_services.add_progress_update(kcs_officer, barrier, text="Before the follow", rag="on_track")
    services.follow_barrier(reader, barrier)
    assert digests() == {}


def test_the_unsubscribe_link_works_without_signing_in(world, barrier, kcs_officer, reader, digests):
    barrier_services.add_progress_update(kcs_officer, barrier, text="News", rag="on_track")
    body = digests()[reader.email].body
    url = re.search(r"https?://\S+/follows/unsubscribe/\S+/", body).group(0)
    path = url.split("://", 1)[1].split("/", 1)[1]
    client = Client()
    page = client.get("/" + path)
    assert page.status_code == 200 and 'id="unsubscribe"' in page.content.decode()
    assert DigestSubscription.objects.get(user=reader).period == "daily"  # a GET changes nothing
    assert client.post("/" + path).status_code == 200
    assert DigestSubscription.objects.get(user=reader).period == "off"
    barrier_services.add_progress_update(kcs_officer, barrier, text="More news", rag="on_track")
    assert reader.email not in digests()
    tampered = "/" + path[:-3] + "xx/"
    assert client.post(tampered).status_code == 404


def test_the_command_refuses_an_unknown_period():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("send_digests", "--period", "hourly")
