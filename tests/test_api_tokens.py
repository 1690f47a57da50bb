"""Issuing and revoking API tokens: the command, hashing, expiry, and the read-only admin."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, hash_token
from api.tokens import issue_token

from .factories import UserFactory

pytestmark = pytest.mark.django_db


def create(*args):
    out = io.StringIO()
    call_command("create_api_token", *args, stdout=out)
    return out.getvalue().strip().splitlines()


def test_command_prints_the_token_alone_on_the_last_line_and_stores_only_its_hash(gql, kcs_officer):
    lines = create("kcs_officer", "--scope", "write", "--days", "30")
    raw = lines[-1]
    assert raw.startswith("bt_") and " " not in raw
    token = ApiToken.objects.get()
    assert token.key_hash == hash_token(raw) and raw not in (token.key_hash, token.prefix)
    assert token.scope == "write" and token.user == kcs_officer
    assert abs(token.expires_at - (timezone.now() + datetime.timedelta(days=30))) < datetime.timedelta(minutes=1)
    status, body = gql("{ barriers { totalCount } }", token=raw)
    assert status == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_command_defaults_to_read_and_never_expires(kcs_officer):
    create("kcs_officer")
    token = ApiToken.objects.get()
    assert token.scope == "read" and token.expires_at is None


def test_command_refuses_unknown_users_bad_scopes_and_days(kcs_officer):
    with pytest.raises(CommandError):
        create("nobody")
    with pytest.raises(CommandError):
        create("kcs_officer", "--scope", "admin")
    with pytest.raises(CommandError):
        create("kcs_officer", "--days", "0")
    assert ApiToken.objects.count() == 0


def test_admin_lists_tokens_read_only_and_revokes_them(kcs_officer):
    admin_user = UserFactory(username="root", is_staff=True, is_superuser=True)
    token, raw = issue_token(kcs_officer, scope="read", name="dashboard")
    client = Client()
    client.force_login(admin_user)
    listing = client.get("/admin/api/apitoken/")
    assert listing.status_code == 200 and token.prefix in listing.content.decode()
    assert raw not in listing.content.decode() and token.key_hash not in listing.content.decode()
    assert client.get("/admin/api/apitoken/add/").status_code == 403
    detail = client.post(f"/admin/api/apitoken/{token.pk}/change/", {"scope": "write"})
    assert detail.status_code == 403
    token.refresh_from_db()
    assert token.scope == "read"

    response = client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert (
        Client()
        .post("/graphql/", "{}", content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
        .status_code
        == 401
    )
