"""Users' ministry and role. The role is mirrored into a Django group so admin permissions follow."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from ..change_reasons import SYSTEM_REASONS
from ..choices import Role
from ..errors import Forbidden
from ..models import Membership
from .common import stamp

# Model permissions each role's group carries in the admin. Row-level rules stay in permissions.py.
# Each role carries the one before it: oversight reads, an officer also writes barriers and
# triages complaints, a coordinator also reads memberships and keeps the closure days.
_READER = ["view_barrier", "view_progressupdate", "view_ministry", "view_category"]
_OFFICER = [
    *_READER,
    "add_barrier",
    "change_barrier",
    "add_progressupdate",
    "view_complaint",
    "change_complaint",
    "view_evidencefile",
    "view_closureday",
]
ROLE_PERMISSIONS = {
    Role.OVERSIGHT: _READER,
    Role.OFFICER: _OFFICER,
    Role.COORDINATOR: [*_OFFICER, "view_membership", "add_closureday", "change_closureday", "delete_closureday"],
}


def role_group(role):
    group, _ = Group.objects.get_or_create(name=f"tracker:{role}")
    wanted = set(
        Permission.objects.filter(content_type__app_label="barriers", codename__in=ROLE_PERMISSIONS[role]).values_list(
            "pk", flat=True
        )
    )
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


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
    tracker_groups = [g for g in user.groups.all() if g.name.startswith("tracker:")]
    user.groups.remove(*tracker_groups)
    user.groups.add(role_group(role))
    if not user.is_staff:
        user.is_staff = True  # officers use the admin; row rules still come from permissions.py
        user.save(update_fields=["is_staff"])
    return membership
