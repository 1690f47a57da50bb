"""Calendar periods: months, quarters, years, "this period", and the `2026-Q2` / `2026` keys.

The dashboard's period, the charts' months and quarters, the `progress` query's intervals and the
history passes all count periods with these functions, so a quarter means the same everywhere.
"""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

MONTH = "month"
QUARTER = "quarter"


def add_months(day, months):
    """`day` moved by whole months, the day clamped to the month's length (31 Jan + 1 -> 28/29 Feb)."""
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def quarter_number(day):
    return (day.month - 1) // 3 + 1


def quarter_of(day):
    """(first day, last day) of the calendar quarter holding `day`."""
    first = date(day.year, 3 * (quarter_number(day) - 1) + 1, 1)
    return first, add_months(first, 3) - timedelta(days=1)


def quarter_key(day):
    """'2026-Q2' for any day of April to June 2026."""
    return f"{day.year}-Q{quarter_number(day)}"


def periods(start, end, interval=MONTH):
    """[(first_day, last_day), ...]: the calendar months or quarters covering start..end."""
    step = 3 if interval == QUARTER else 1
    first_month = start.month - (start.month - 1) % step
    cursor = date(start.year, first_month, 1)
    out = []
    while cursor <= end:
        nxt = add_months(cursor, step)
        out.append((cursor, nxt - timedelta(days=1)))
        cursor = nxt
    return out


@dataclass
class Period:
    """A reporting period: a quarter ('2026-Q2') or a year ('2026'), with its first and last day."""

    key: str
    first: date
    last: date

    @property
    def label(self):
        """As people write it: 2026년 2분기 / Q2 2026, 2026년 / 2026."""
        match = re.fullmatch(r"(\d{4})-Q([1-4])", self.key)
        if match:
            return _("Q%(quarter)s %(year)s") % {"quarter": match[2], "year": match[1]}
        return pgettext("period", "%(year)s") % {"year": self.key}


def current_quarter(today=None):
    """'This period': the quarter holding today."""
    today = today or timezone.localdate()
    first, last = quarter_of(today)
    return Period(quarter_key(first), first, last)


class PeriodOutOfRange(ValueError):
    """A well-formed period outside the years anything is counted for (input_rules.period_bounds)."""

    def __init__(self, key, first_year, last_year):
        super().__init__(key)
        self.key, self.first_year, self.last_year = key, first_year, last_year


def parse_period(value, today=None):
    """'2026-Q2' (a quarter) or '2026' (a year); anything else -> the current quarter. A period
    before 2000 or after next year raises PeriodOutOfRange (9999-Q4 used to overflow a date)."""
    from .input_rules import period_bounds

    value = (value or "").strip().upper()
    match = re.fullmatch(r"(\d{4})(?:-Q([1-4]))?", value)
    if not match:
        return current_quarter(today)
    first_year, last_year = period_bounds(today)
    year = int(match[1])
    if not first_year <= year <= last_year:
        raise PeriodOutOfRange(value, first_year, last_year)
    if match[2]:
        first, last = quarter_of(date(year, 3 * int(match[2]) - 2, 1))
        return Period(value, first, last)
    return Period(value, date(year, 1, 1), date(year, 12, 31))


def period_choices(today=None, quarters=8, years=3):
    """The keys a period picker offers: the last `quarters` quarters, newest first, then years."""
    today = today or timezone.localdate()
    first, _last = quarter_of(today)
    out = []
    for _i in range(quarters):
        out.append(quarter_key(first))
        first = add_months(first, -3)
    out += [str(today.year - i) for i in range(years)]
    return out
