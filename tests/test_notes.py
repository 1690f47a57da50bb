"""Internal notes on barriers and complaints: who reads and writes them, @mentions, the edit window."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from barriers.errors import Forbidden, Invalid
from barriers.models import Note
from barriers.services import notes as services

from .factories import UserFactory, officer


@pytest.fixture
def actors(kcs_officer, fsc_officer, coord, reader):
    return {"anonymous": None, "reader": reader, "other": fsc_officer, "owner": kcs_officer, "coord": coord}


def _note_history_count():
    return Note.history.count()


def test_officers_and_coordinators_write_notes_readers_and_anonymous_cannot(
    client_for, actors, barrier, django_capture_on_commit_callbacks
):
    url = f"/barriers/{barrier.reference}/notes/"
    expected = {"anonymous": 302, "reader": 403, "other": 302, "owner": 302, "coord": 302}
    for name, user in actors.items():
        before_notes, before_history = Note.objects.count(), _note_history_count()
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(user).post(url, {"text": f"note by {name}", "next": barrier.get_absolute_url()})
        assert response.status_code == expected[name], name
        if name in ("anonymous", "reader"):
            if name == "anonymous":
                assert "login" in response["Location"]
            assert Note.objects.count() == before_notes
            assert _note_history_count() == before_history
        else:
            assert response["Location"].startswith(barrier.get_absolute_url())
            note = Note.objects.latest("id")
            assert note.text == f"note by {name}" and note.author == user
            row = note.history.get()
            assert row.history_user == user and row.history_change_reason == "Internal note written"


def test_notes_show_on_the_barrier_page_for_members_only(client_for, actors, barrier, kcs_officer):
    services.add_note(kcs_officer, barrier, "Customs said <b>no</b> yesterday")
    for name, user in actors.items():
        response = client_for(user).get(barrier.get_absolute_url())
        if user is None:
            assert response.status_code == 302
            continue
        page = response.content.decode()
        assert 'id="notes"' in page and "Customs said &lt;b&gt;no&lt;/b&gt; yesterday" in page, name
        assert ('class="tracker-form note-form"' in page) == (name != "reader"), name
    # never on the public pages
    assert "Customs said" not in client_for(None).get(f"/public/barriers/{barrier.reference}/").content.decode()


def test_bad_input_keeps_the_form_and_says_why(client_for, barrier, kcs_officer):
    response = client_for(kcs_officer).post(f"/barriers/{barrier.reference}/notes/", {"text": "   "})
    assert response.status_code == 400
    assert 'id="error-summary"' in response.content.decode()
    long = "x" * 5001
    response = client_for(kcs_officer).post(f"/barriers/{barrier.reference}/notes/", {"text": long})
    assert response.status_code == 400 and long in response.content.decode()
    assert Note.objects.count() == 0


def test_mentions_mail_the_mentioned_members_after_commit(
    barrier, kcs_officer, kcs, django_capture_on_commit_callbacks
):
    officer(kcs, username="lee.kcs", email="lee@kcs.example")
    UserFactory(username="nomember", email="nomember@example.com")  # no role: cannot read notes
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(kcs_officer, barrier, "@lee.kcs please check, and @nomember, and a@b.kr, and @ghost.")
    assert [m.to for m in mail.outbox] == [["lee@kcs.example"]]
    assert barrier.reference in mail.outbox[0].subject
    assert "please check" in mail.outbox[0].body and f"/barriers/{barrier.reference}/#notes" in mail.outbox[0].body


def test_a_mention_is_mailed_in_the_language_each_recipient_chose(
    barrier, kcs_officer, kcs, django_capture_on_commit_callbacks
):
    from barriers.services import follows

    officer(kcs, username="lee.kcs", email="lee@kcs.example")
    english = officer(kcs, username="park.kcs", email="park@kcs.example")
    follows.set_digest_period(english, "off", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        services.add_note(kcs_officer, barrier, "@lee.kcs and @park.kcs please check")
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["lee@kcs.example", "park@kcs.example"]
    assert not re.search("[가-힣]", by_recipient["park@kcs.example"].subject)
    assert re.search("[가-힣]", by_recipient["lee@kcs.example"].subject)


def test_a_rolled_back_note_mails_nobody(barrier, kcs_officer, kcs, django_capture_on_commit_callbacks):
    from django.db import transaction

    officer(kcs, username="lee.kcs", email="lee@kcs.example")
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError), transaction.atomic():
            services.add_note(kcs_officer, barrier, "@lee.kcs look")
            raise RuntimeError
    assert mail.outbox == [] and Note.objects.count() == 0


def test_a_note_is_edited_by_its_author_within_fifteen_minutes_only(barrier, kcs_officer, fsc_officer, coord):
    note = services.add_note(kcs_officer, barrier, "first wording")
    with pytest.raises(Forbidden):
        services.edit_note(fsc_officer, note.pk, "not mine")
    with pytest.raises(Forbidden):
        services.edit_note(coord, note.pk, "not mine either")
    services.edit_note(kcs_officer, note.pk, "second wording", now=note.created_at + timedelta(minutes=14))
    note.refresh_from_db()
    assert note.text == "second wording"
    assert note.history.count() == 2
    with pytest.raises(Forbidden, match="15"):
        services.edit_note(kcs_officer, note.pk, "too late", now=note.created_at + timedelta(minutes=16))
    note.refresh_from_db()
    assert note.text == "second wording" and note.history.count() == 2
    with pytest.raises(Invalid):
        services.edit_note(kcs_officer, note.pk, " ", now=note.created_at + timedelta(minutes=1))


def test_the_edit_page_refuses_an_old_note(client_for, barrier, kcs_officer):
    note = services.add_note(kcs_officer, barrier, "old")
    Note.objects.filter(pk=note.pk).update(created_at=timezone.now() - timedelta(minutes=20))  # test set-up only
    client = client_for(kcs_officer)
    assert client.get(f"/follows/notes/{note.pk}/edit/").status_code == 403
    response = client.post(f"/follows/notes/{note.pk}/edit/", {"text": "changed"})
    assert response.status_code == 400 and "changed" in response.content.decode()
    note.refresh_from_db()
    assert note.text == "old"


def test_the_edit_page_saves_a_fresh_note(client_for, barrier, kcs_officer):
    note = services.add_note(kcs_officer, barrier, "typo hree")
    response = client_for(kcs_officer).post(f"/follows/notes/{note.pk}/edit/", {"text": "typo here"})
    assert response.status_code == 302 and response["Location"].endswith(f"#note-{note.pk}")
    note.refresh_from_db()
    assert note.text == "typo here"


def test_notes_on_a_complaint(client_for, kcs_officer, reader, customs, django_capture_on_commit_callbacks):
    from .complaint_support import submit_complaint

    complaint, _token = submit_complaint(customs)
    url = f"/workspace/complaints/{complaint.reference}/notes/"
    response = client_for(kcs_officer).post(url, {"text": "call them"})
    assert response.status_code == 302
    page = client_for(reader).get(url).content.decode()
    assert "call them" in page
    assert client_for(reader).post(url, {"text": "x"}).status_code == 403
    triage = client_for(kcs_officer).get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert 'id="notes"' in triage and "call them" in triage
    assert Note.objects.filter(complaint=complaint).count() == 1


NOTES_PAGE = (
    "{ barriers(first: 100) { edges { node { reference notes { text authorName authorMinistry createdAt } } } } }"
)


def _notes_world(n, author, lead, category):
    from barriers.services import barriers as barrier_services

    for i in range(n):
        barrier = barrier_services.create_barrier(
            author,
            lead_ministry=lead,
            title=f"Barrier {i}",
            description="d",
            country="US",
            scope="korea",
            category=category,
            source="strategy_study",
            reason="r",
        )
        services.add_note(author, barrier, f"note {i} a")
        services.add_note(author, barrier, f"note {i} b")


@pytest.mark.parametrize("n", [1, 12])
def test_graphql_notes_cost_a_fixed_number_of_queries(
    n, gql, kcs_officer, kcs, customs, coord, django_assert_num_queries
):
    _notes_world(n, kcs_officer, kcs, customs)
    from django.test import Client

    client = Client()
    client.force_login(coord)
    # session, user, membership; count, page, notes (with authors, memberships, ministries)
    with django_assert_num_queries(6):
        status, body = gql(NOTES_PAGE, client=client)
    assert status == 200, body
    edges = body["data"]["barriers"]["edges"]
    assert len(edges) == n
    assert [note["text"] for note in edges[0]["node"]["notes"]][0].endswith(" a")
    assert edges[0]["node"]["notes"][0]["authorMinistry"] == "KCS"


def test_graphql_notes_for_a_read_token(gql, barrier, kcs_officer, reader):
    from api.tokens import issue_token

    services.add_note(kcs_officer, barrier, "visible to oversight")
    _token, raw = issue_token(reader, scope="read")
    status, body = gql('{ barrier(reference: "%s") { notes { text } } }' % barrier.reference, token=raw)
    assert status == 200 and body["data"]["barrier"]["notes"] == [{"text": "visible to oversight"}]
