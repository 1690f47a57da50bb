"""How the tracker writes numbers, money and dates, in the active language: one home for it.

Dates come from the formats modules (tracker/formats/<lang>/formats.py): 2026. 12. 16. on Korean
pages, 16 December 2026 on English ones. Templates use Django's `|date` (and
`|date:"SHORT_DATE_FORMAT"` in tables) and the `number` / `money` filters of
`{% load tracker_formats %}`; Python code (exports, reports, messages) calls these functions.
"""

import datetime

from django.utils import formats, timezone
from django.utils.translation import gettext as _


def number(value):
    """A whole number with thousands separators: 1,500,000."""
    if value is None or value == "":
        return ""
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def money(value):
    """An amount in won with separators and the unit: 1,500,000원 / KRW 1,500,000."""
    if value is None or value == "":
        return ""
    return _("KRW %(amount)s") % {"amount": number(value)}


def day(value, short=False):
    """A date (or the local day of a datetime): 2026. 12. 16. / 16 December 2026."""
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "SHORT_DATE_FORMAT" if short else "DATE_FORMAT")


def moment(value):
    """A point in time, in local time: 2026. 12. 16. 14:02 / 16 December 2026, 14:02."""
    if not value:
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    return formats.date_format(value, "DATETIME_FORMAT")
