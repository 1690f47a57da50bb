"""What people may type, wherever they type it: text without control characters, dates within
sane bounds. Services apply these on every write (services.common.validate and stamp); model
fields carry the date bounds as validators, so the admin's forms and GraphQL inputs meet the
same rule; the exports clean text again for rows written before.
"""

import re
from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# C0 controls except tab, line feed and carriage return, plus DEL: a spreadsheet (openpyxl
# refuses them: IllegalCharacterError) and many mail clients choke on them, and nobody types them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

EARLIEST_DATE = date(2000, 1, 1)
PLANNING_HORIZON_YEARS = 10


def clean_text(value):
    """`value` without control characters (other values unchanged)."""
    if isinstance(value, str):
        return CONTROL_CHARACTERS.sub("", value)
    return value


def clean_text_fields(instance):
    """Clean every text column of a model instance in place, before it is validated and saved."""
    for field in instance._meta.concrete_fields:
        value = getattr(instance, field.attname, None)
        if isinstance(value, str):
            setattr(instance, field.attname, clean_text(value))


def latest_planned_date(today=None):
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + PLANNING_HORIZON_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLANNING_HORIZON_YEARS, day=28)


def not_before_earliest(value):
    if value is not None and value < EARLIEST_DATE:
        raise ValidationError(
            _("Enter a date from %(earliest)s on.") % {"earliest": EARLIEST_DATE.isoformat()}, code="too_early"
        )


def not_in_future(value):
    """A date something happened on: not after today (a future date would, for instance, keep a
    barrier from ever counting as stale)."""
    today = timezone.localdate()
    if value is not None and value > today:
        raise ValidationError(
            _("Enter a date that is not in the future (today is %(today)s).") % {"today": today.isoformat()},
            code="in_future",
        )


def within_planning_horizon(value):
    """A date something is planned for: at most PLANNING_HORIZON_YEARS ahead."""
    latest = latest_planned_date()
    if value is not None and value > latest:
        raise ValidationError(
            _("Enter a date no later than %(latest)s.") % {"latest": latest.isoformat()}, code="too_late"
        )


PAST_DATE = [not_before_earliest, not_in_future]
PLANNED_DATE = [not_before_earliest, within_planning_horizon]


def period_bounds(today=None):
    """The first and last year a reporting period may name."""
    today = today or timezone.localdate()
    return EARLIEST_DATE.year, today.year + 1
