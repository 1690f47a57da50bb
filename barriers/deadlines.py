"""Deadline arithmetic: which days count, when a complaint's periods end, how many days are left.

The one home for these rules: services store the due dates computed here, and every page and mail
that shows a deadline asks `complaint_deadlines()` / `days_left()` for the days left, so they all
count alike.

The legal basis (민원 처리에 관한 법률 제19조, 같은 법 시행령 제19조~제21조): a period of 6 days or
more is counted in days, the first day (the day of receipt) included, Saturdays and public holidays
(관공서의 공휴일에 관한 규정: Sundays, the national holidays, substitute and temporary holidays)
excluded; a period of 5 days or less is counted in working hours (8 a day). The tracker's periods
are all 6 days or more (a system check refuses shorter ones), so hours are never counted. The time
the complainant takes to supply requested information is not counted (시행령 제21조: 보완 기간).

TRACKER["DEADLINE_CALENDAR"] = "working" (the default, the rule above) or "calendar" (every day
counts; the day of receipt is still day 1). Public holidays come from the `holidays` package's KR
calendar; closure days that coordinators add (temporary holidays are declared at short notice) come
from the ClosureDay table.

A day "counts" when it is a working day (or any day, under the calendar rule) and the complaint is
not waiting on the complainant at its end: a clock paused on day P and resumed on day R does not
count the days P .. R-1; the day the complainant answers counts, as the day of receipt does.
A deadline falls due at the end of its last day (Asia/Seoul).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import holidays
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext

WORKING = "working"
CALENDAR = "calendar"
RULES = (WORKING, CALENDAR)
SHORTEST_PERIOD = 6  # shorter periods are counted in hours by law; the tracker has none

# the complaint periods in TRACKER, each a whole number of days of at least SHORTEST_PERIOD
PERIOD_SETTINGS = ("COMPLAINT_FIRST_REPLY_DAYS", "COMPLAINT_REFUSAL_GROUNDS_DAYS", "COMPLAINT_FINAL_ANSWER_DAYS")

FIRST_REPLY = "first_reply"
FINAL_ANSWER = "final_answer"

_MAX_SPAN = 366 * 5  # a runaway loop guard: no period of the tracker comes near five years


def current_rule():
    return settings.TRACKER.get("DEADLINE_CALENDAR", WORKING)


@lru_cache(maxsize=64)
def _public_holidays(year):
    return {day: str(name) for day, name in holidays.country_holidays("KR", years=year).items()}


def public_holiday(day):
    """The name of Korea's public holiday on `day` (substitute holidays included), or None."""
    return _public_holidays(day.year).get(day)


# --- the calendar ---------------------------------------------------------------------------------


class Calendar:
    """Which days count toward a period, under one rule and a set of closure days.

    Build one per request or run (`Calendar.load()` reads the closure days in one query) and pass
    it to everything that counts on that page.
    """

    def __init__(self, rule=None, closures=None):
        self.rule = rule or current_rule()
        if self.rule not in RULES:
            raise ValueError(f"DEADLINE_CALENDAR must be one of {RULES}, not {self.rule!r}")
        self.closures = dict(closures or {})  # date -> name

    @classmethod
    def load(cls, rule=None):
        from .models import ClosureDay

        return cls(rule, dict(ClosureDay.objects.values_list("date", "name")))

    def closed_because(self, day):
        """Why `day` is not a working day ("Saturday", a holiday's name), or None if it is one."""
        if day in self.closures:
            return self.closures[day]
        if day.weekday() == 5:
            return gettext("Saturday")
        if day.weekday() == 6:
            return gettext("Sunday")
        return public_holiday(day)

    def is_working_day(self, day):
        return self.closed_because(day) is None

    def counts(self, day):
        """Does `day` count toward a period (before any pause is considered)?"""
        return self.rule == CALENDAR or self.is_working_day(day)

    def _counted(self, day, paused):
        return self.counts(day) and not _in_pauses(day, paused)

    def nth_day(self, start, n, paused=()):
        """The day on which a period of `n` days that starts on `start` (day 1) ends.

        `paused` is a sequence of (first day, day it resumed or None) spans that do not count.
        """
        if n < 1:
            raise ValueError("a period is at least one day")
        day, counted = start, 0
        for _ in range(_MAX_SPAN):
            if self._counted(day, paused):
                counted += 1
                if counted == n:
                    return day
            day += dt.timedelta(days=1)
        raise ValueError("period too long")

    def count(self, first, last, paused=()):
        """How many days from `first` to `last`, both included, count."""
        total, day = 0, first
        while day <= last:
            total += self._counted(day, paused)
            day += dt.timedelta(days=1)
        return total

    def shift(self, day, n):
        """The counted day `n` counted days after `day` (n > 0) or before it (n < 0)."""
        step = dt.timedelta(days=1 if n > 0 else -1)
        remaining = abs(n)
        for _ in range(_MAX_SPAN):
            if remaining == 0:
                return day
            day += step
            if self.counts(day):
                remaining -= 1
        raise ValueError("shift too long")


def _in_pauses(day, paused):
    return any(start <= day and (end is None or day < end) for start, end in paused)


# --- a complaint's clock ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """Everything a complaint's deadlines are rebuilt from (all dates local)."""

    received: dt.date
    pauses: tuple = ()  # closed pauses: (first day paused, day resumed)
    extended_on: dt.date | None = None
    extension_due: dt.date | None = None


@dataclass(frozen=True)
class DueDates:
    first_reply: dt.date
    final_answer: dt.date


def period(name):
    return settings.TRACKER[name]


def due_dates(clock, calendar):
    """The first-reply and final-answer due dates of a clock.

    Without an extension the final answer (or a refusal with its grounds) is due within
    COMPLAINT_REFUSAL_GROUNDS_DAYS of receipt. An extension states its new deadline; from then on
    that deadline counts, moved on by any later pause.
    """
    first = calendar.nth_day(clock.received, period("COMPLAINT_FIRST_REPLY_DAYS"), clock.pauses)
    if clock.extended_on is None:
        final = calendar.nth_day(clock.received, period("COMPLAINT_REFUSAL_GROUNDS_DAYS"), clock.pauses)
    else:
        length = max(1, calendar.count(clock.extended_on, clock.extension_due))
        later = tuple(p for p in clock.pauses if p[1] is None or p[1] > clock.extended_on)
        final = calendar.nth_day(clock.extended_on, length, later)
    return DueDates(first, final)


def extension_limit(clock, calendar):
    """The latest final-answer date an extension may state: COMPLAINT_FINAL_ANSWER_DAYS from receipt."""
    return calendar.nth_day(clock.received, period("COMPLAINT_FINAL_ANSWER_DAYS"), clock.pauses)


def local_date(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def end_of_day(day):
    """A deadline falls due at the end of its last day, Seoul time."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def clock_of(complaint, pauses=None):
    """The Clock of a complaint. `pauses` defaults to its pause rows (prefetch `pauses` for lists)."""
    rows = pauses if pauses is not None else complaint.pauses.all()
    closed = tuple(
        sorted((local_date(p.paused_at), local_date(p.resumed_at)) for p in rows if p.resumed_at is not None)
    )
    return Clock(
        received=local_date(complaint.received_at),
        pauses=closed,
        extended_on=local_date(complaint.extended_at),
        extension_due=complaint.extension_due,
    )


def complaint_due(start, days, calendar=None):
    """The moment a period of `days` that starts at `start` (an aware datetime) ends: the end of
    its last counted day. One call, one closure-day query; pass a calendar when counting many."""
    calendar = calendar or Calendar.load()
    return end_of_day(calendar.nth_day(local_date(start), days))


def first_reply_due(received_at, calendar=None):
    """The first (interim) reply: COMPLAINT_FIRST_REPLY_DAYS (14) counted from receipt."""
    return complaint_due(received_at, period("COMPLAINT_FIRST_REPLY_DAYS"), calendar)


def final_answer_due(received_at, extended=False, calendar=None):
    """The final answer or a refusal's grounds: COMPLAINT_REFUSAL_GROUNDS_DAYS (90) from receipt;
    the latest an extension may set, COMPLAINT_FINAL_ANSWER_DAYS."""
    name = "COMPLAINT_FINAL_ANSWER_DAYS" if extended else "COMPLAINT_REFUSAL_GROUNDS_DAYS"
    return complaint_due(received_at, period(name), calendar)


def initial_due_dates(received_at, calendar):
    """The stored due datetimes of a complaint received at `received_at`."""
    due = due_dates(Clock(received=local_date(received_at)), calendar)
    return end_of_day(due.first_reply), end_of_day(due.final_answer)


def rebuild_due_dates(complaint, calendar, pauses=None):
    """Set the complaint's stored due datetimes from its clock; True if either moved."""
    due = due_dates(clock_of(complaint, pauses), calendar)
    first, final = end_of_day(due.first_reply), end_of_day(due.final_answer)
    changed = (complaint.first_reply_due, complaint.final_answer_due) != (first, final)
    complaint.first_reply_due, complaint.final_answer_due = first, final
    return changed


# --- days left --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DaysLeft:
    """How a deadline stands on a day. `days`: counted days after today up to the due date (0 on
    the due date itself); when overdue, counted days since the due date (at least 1)."""

    due: dt.date
    days: int
    overdue: bool
    paused: bool
    rule: str

    @property
    def label(self):
        unit_working = self.rule == WORKING
        if self.paused:
            if unit_working:
                text = ngettext(
                    "clock paused: %(n)d working day left when it restarts",
                    "clock paused: %(n)d working days left when it restarts",
                    self.days,
                )
            else:
                text = ngettext(
                    "clock paused: %(n)d day left when it restarts",
                    "clock paused: %(n)d days left when it restarts",
                    self.days,
                )
            return text % {"n": self.days}
        if self.overdue:
            if unit_working:
                text = ngettext("overdue by %(n)d working day", "overdue by %(n)d working days", self.days)
            else:
                text = ngettext("overdue by %(n)d day", "overdue by %(n)d days", self.days)
            return text % {"n": self.days}
        if self.days == 0:
            return pgettext("deadline", "due today")
        if unit_working:
            text = ngettext("%(n)d working day left", "%(n)d working days left", self.days)
        else:
            text = ngettext("%(n)d day left", "%(n)d days left", self.days)
        return text % {"n": self.days}

    def __str__(self):
        return self.label


def days_left(due, today, calendar, paused_on=None):
    """How `due` stands on `today`. With `paused_on` (the clock stopped that day) the count is frozen
    at what was left then, unless the deadline was already missed before the pause."""
    due = local_date(due)
    if paused_on is not None and paused_on <= due:
        days = calendar.count(paused_on + dt.timedelta(days=1), due)
        return DaysLeft(due, days, False, True, calendar.rule)
    if paused_on is not None:
        today = paused_on  # missed before the pause: it stays as it stood then
    if today <= due:
        return DaysLeft(due, calendar.count(today + dt.timedelta(days=1), due), False, False, calendar.rule)
    return DaysLeft(due, max(1, calendar.count(due + dt.timedelta(days=1), today)), True, False, calendar.rule)


@dataclass(frozen=True)
class Deadline:
    kind: str  # FIRST_REPLY | FINAL_ANSWER
    due: dt.date
    left: DaysLeft

    @property
    def title(self):
        return gettext("First reply due") if self.kind == FIRST_REPLY else gettext("Final answer due")


def complaint_deadlines(complaint, calendar, today=None):
    """The deadlines a complaint still has to meet, with the days left to each (none once closed)."""
    if complaint.closed_at is not None:
        return []
    today = today or timezone.localdate()
    paused_on = local_date(complaint.paused_at)
    out = []
    if complaint.replied_at is None:
        due = local_date(complaint.first_reply_due)
        out.append(Deadline(FIRST_REPLY, due, days_left(due, today, calendar, paused_on)))
    due = local_date(complaint.final_answer_due)
    out.append(Deadline(FINAL_ANSWER, due, days_left(due, today, calendar, paused_on)))
    return out


def complaint_periods():
    """The periods as the help page tells them: days counted from receipt, and whether they are
    working days (TRACKER["DEADLINE_CALENDAR"])."""
    return {
        "first_reply_days": period("COMPLAINT_FIRST_REPLY_DAYS"),
        "refusal_days": period("COMPLAINT_REFUSAL_GROUNDS_DAYS"),
        "final_days": period("COMPLAINT_FINAL_ANSWER_DAYS"),
        "working_days": current_rule() == WORKING,
    }
