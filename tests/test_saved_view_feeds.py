"""Atom feeds of saved views, opened by a per-user feed token in the URL: read scope only, revocable,
and good for nothing but that user's feeds."""

import re

import pytest
from django.test import Client

from barriers.models import Barrier, FeedToken, SavedView
from barriers.services import follows as services


def feed_url(view, raw):
    return f"/follows/views/{view.pk}/feed/{raw}/"


@pytest.fixture
def feed(reader, barrier):
    view = services.save_view(reader, "US barriers", "country=US")
    _token, raw = services.issue_feed_token(reader)
    return view, raw


def test_the_feed_lists_the_views_barriers_without_signing_in(feed, barrier):
    view, raw = feed
    response = Client().get(feed_url(view, raw))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    body = response.content.decode()
    assert barrier.reference in body and "US barriers" in body
    assert "no-store" in response["Cache-Control"]


def test_the_follows_page_shows_the_feed_addresses_once(client_for, reader, feed):
    view, _raw = feed
    client = client_for(reader)
    page = client.post("/follows/feed-tokens/new/").content.decode()
    found = re.search(rf"/follows/views/{view.pk}/feed/(ft_[\w-]+)/", page)
    assert found and Client().get(feed_url(view, found.group(1))).status_code == 200
    again = client.get("/follows/").content.decode()
    assert found.group(1) not in again
    assert again.index("<main") < again.index('id="feeds-title"') < again.index("</main>")
    assert again.count('id="feeds-title"') == 1


def test_a_revoked_token_opens_nothing(client_for, reader, feed):
    view, raw = feed
    token = FeedToken.objects.get(user=reader)
    assert client_for(reader).post(f"/follows/feed-tokens/{token.pk}/revoke/").status_code == 302
    assert Client().get(feed_url(view, raw)).status_code == 404


def test_only_the_owner_revokes_a_token(client_for, kcs_officer, reader, feed):
    view, raw = feed
    token = FeedToken.objects.get(user=reader)
    assert client_for(kcs_officer).post(f"/follows/feed-tokens/{token.pk}/revoke/").status_code == 404
    assert Client().get(feed_url(view, raw)).status_code == 200


def test_a_token_opens_only_its_users_views(kcs_officer, feed):
    view, raw = feed
    other_view = services.save_view(kcs_officer, "Mine", "")
    assert Client().get(feed_url(other_view, raw)).status_code == 404
    assert Client().get(feed_url(view, raw + "x")).status_code == 404
    assert Client().get(feed_url(view, "ft_nothing")).status_code == 404


def test_a_token_stops_working_when_its_user_leaves_the_tracker(reader, feed):
    view, raw = feed
    reader.membership.delete()
    assert Client().get(feed_url(view, raw)).status_code == 404


def test_the_token_cannot_write_or_open_any_other_url(feed, barrier, gql):
    view, raw = feed
    client = Client()
    for method in ("post", "put", "delete", "patch"):
        assert getattr(client, method)(feed_url(view, raw)).status_code == 405
    # not a bearer token for the API
    status, body = gql("{ barriers(first: 1) { totalCount } }", token=raw)
    assert status == 401 and not body.get("data")
    status, body = gql(
        'mutation { addProgressUpdate(input: {reference: "%s", text: "x", rag: ON_TRACK}) { errors { code } } }'
        % barrier.reference,
        token=raw,
    )
    assert status == 401
    # not a key to any page, in the query string or the header
    for url in (f"/barriers/?token={raw}", f"/follows/?token={raw}", f"/barriers/{barrier.reference}/"):
        response = client.get(url, HTTP_AUTHORIZATION=f"Bearer {raw}")
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(f"/barriers/{barrier.reference}/notes/", {"text": "x", "token": raw})
    assert response.status_code in (302, 403)
    assert barrier.notes.count() == 0 and Barrier.objects.get(pk=barrier.pk).progress_updates.count() == 0
    assert SavedView.objects.count() == 1
