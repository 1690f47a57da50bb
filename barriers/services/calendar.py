"""Closure days: temporary holidays that coordinators declare. Each change recounts the open
complaints whose periods it may move (barriers/services/complaint_clock.py)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..change_reasons import SYSTEM_REASONS
from ..errors import Invalid, NotFound
from ..models import ClosureDay
from .common import require, stamp, validate


def _allowed(actor):
    require(permissions.can_manage_closure_days(actor), _("Only coordinators manage closure days."))


def _recount(actor, *days):
    from .complaint_clock import recount_open_complaints

    for day in sorted(set(days)):
        recount_open_complaints(actor, day)


def _name(name):
    name = (name or "").strip()
    if not name:
        raise Invalid(_("Name the closure day (e.g. Temporary holiday)."), field="name", code="required")
    return name


@transaction.atomic
def add_closure_day(actor, *, date, name, reason=""):
    _allowed(actor)
    closure = ClosureDay(date=date, name=_name(name))
    validate(closure, exclude=["date"])
    if ClosureDay.objects.filter(date=date).exists():
        raise Invalid(_("%(day)s is already a closure day.") % {"day": date}, field="date", code="invalid")
    stamp(closure, actor, reason or SYSTEM_REASONS.CLOSURE_DAY_ADDED)
    try:
        with transaction.atomic():
            closure.save()
    except IntegrityError:  # a concurrent twin
        raise Invalid(_("%(day)s is already a closure day.") % {"day": date}, field="date")
    _recount(actor, date)
    return closure


@transaction.atomic
def change_closure_day(actor, closure, *, date, name, reason=""):
    _allowed(actor)
    try:
        current = ClosureDay.objects.select_for_update().get(pk=closure.pk)
    except ClosureDay.DoesNotExist:
        raise NotFound(_("This closure day no longer exists."))
    before = current.date
    if date != before and ClosureDay.objects.filter(date=date).exists():
        raise Invalid(_("%(day)s is already a closure day.") % {"day": date}, field="date")
    current.date, current.name = date, _name(name)
    stamp(current, actor, reason or SYSTEM_REASONS.CLOSURE_DAY_CHANGED)
    current.save()
    _recount(actor, before, date)
    return current


@transaction.atomic
def remove_closure_day(actor, closure, *, reason=""):
    _allowed(actor)
    try:
        current = ClosureDay.objects.select_for_update().get(pk=closure.pk)
    except ClosureDay.DoesNotExist:
        raise NotFound(_("This closure day no longer exists."))
    day = current.date
    stamp(current, actor, reason or SYSTEM_REASONS.CLOSURE_DAY_REMOVED)
    current.delete()
    _recount(actor, day)
