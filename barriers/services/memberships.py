"""Users' ministry and role. A role gives no admin access (the admin is for superusers); what each
role may do is decided in barriers/permissions.py."""

from django.db import transaction

from ..change_reasons import SYSTEM_REASONS
from ..errors import Forbidden
from ..models import Membership
from .common import stamp


@transaction.atomic
def set_membership(actor, user, *, role, ministry=None, reason=""):
    """Give `user` a role (and ministry). Only superusers (or the system, actor=None) do this."""
    if actor is not None and not actor.is_superuser:
        raise Forbidden("Only an administrator may change memberships.")
    membership = Membership.objects.filter(user=user).first() or Membership(user=user)
    if membership.pk and membership.role == role and membership.ministry_id == getattr(ministry, "pk", ministry):
        return membership
    membership.role = role
    membership.ministry_id = getattr(ministry, "pk", ministry)
    stamp(membership, actor, reason or SYSTEM_REASONS.MEMBERSHIP_SET)
    membership.full_clean()
    membership.save()
    return membership
