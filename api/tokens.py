"""Writes for API tokens: issue and revoke (the admin and the command call these)."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from barriers.errors import Forbidden, Invalid

from .models import ApiToken, TokenScope


@transaction.atomic
def issue_token(user, scope=TokenScope.READ, days=None, name=""):
    """Create a token; returns (token, raw secret). The secret is never stored and shown once."""
    if scope not in TokenScope.values:
        raise Invalid(f"Unknown scope {scope!r}.", field="scope")
    if days is not None and days <= 0:
        raise Invalid("--days must be a positive number.", field="days")
    raw, prefix, key_hash = ApiToken.generate()
    token = ApiToken.objects.create(
        user=user,
        name=name,
        prefix=prefix,
        key_hash=key_hash,
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days) if days else None,
    )
    return token, raw


@transaction.atomic
def revoke_token(actor, token):
    if not (actor.is_superuser or actor.pk == token.user_id):
        raise Forbidden("Only the token's owner or a superuser may revoke it.")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
