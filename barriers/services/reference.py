"""Reference data (ministries, categories): loaded by seed_demo, edited by administrators."""

from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..change_reasons import SYSTEM_REASONS
from ..errors import Conflict, Forbidden, Invalid, NotFound
from ..models import Category, Ministry
from .common import require, stamp, validate


@transaction.atomic
def save_reference_record(actor, obj, reason=""):
    if actor is not None and not actor.is_superuser:
        raise Forbidden("Only an administrator may change reference data.")
    validate(obj)
    stamp(obj, actor, reason or SYSTEM_REASONS.REFERENCE_UPDATED)
    obj.save()
    return obj


@transaction.atomic
def upsert_reference(model, key, values, reason=SYSTEM_REASONS.REFERENCE_LOADED):
    """Create or update by natural key, saving (and so writing history) only when something changed."""
    obj = model.objects.filter(**key).first()
    if obj is None:
        obj = model(**key, **values)
    elif all(getattr(obj, name) == value for name, value in values.items()):
        return obj, False
    else:
        for name, value in values.items():
            setattr(obj, name, value)
    stamp(obj, None, reason)
    obj.save()
    return obj, True


UNSEEN = object()


@transaction.atomic
def set_default_ministry(actor, category, ministry, *, expected=UNSEEN, reason=""):
    """A coordinator chooses the ministry that receives a category's complaints on arrival.
    `expected`: the ministry (id or None) the coordinator saw; if someone changed it meanwhile,
    Conflict. Complaints already routed stay where they are."""
    require(permissions.can_route_categories(actor), _("Only a coordinator changes where complaints go."))
    try:
        current = Category.objects.select_for_update().get(pk=getattr(category, "pk", category))
    except Category.DoesNotExist:
        raise NotFound(_("This category no longer exists."))
    ministry_id = getattr(ministry, "pk", ministry)
    if ministry_id is not None and not Ministry.objects.filter(pk=ministry_id, is_active=True).exists():
        raise Invalid(_("Choose an active ministry."), field="ministry")
    if expected is not UNSEEN and current.default_ministry_id != getattr(expected, "pk", expected):
        raise Conflict(
            _("Someone changed where %(category)s complaints go since you read the page. Reload it and try again.")
            % {"category": current.name},
            field="expected",
        )
    if current.default_ministry_id == ministry_id:
        return current
    current.default_ministry_id = ministry_id
    stamp(current, actor, reason or SYSTEM_REASONS.ROUTING_CHANGED)
    current.save()
    return current
