"""Reference data (ministries, categories): loaded by seed_demo, edited by administrators."""

from django.db import transaction

from ..change_reasons import SYSTEM_REASONS
from ..errors import Forbidden
from .common import stamp, validate


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
