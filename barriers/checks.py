"""System checks for the deadline settings (run by runserver, migrate and `manage.py check`)."""

from django.conf import settings
from django.core.checks import Error, register

from . import deadlines


@register()
def deadline_settings(app_configs, **kwargs):
    errors = []
    tracker = settings.TRACKER
    rule = tracker.get("DEADLINE_CALENDAR", deadlines.WORKING)
    if rule not in deadlines.RULES:
        errors.append(
            Error(
                f'TRACKER["DEADLINE_CALENDAR"] is {rule!r}; use "working" or "calendar".',
                id="barriers.E001",
            )
        )
    for name in deadlines.PERIOD_SETTINGS:
        value = tracker.get(name)
        if not isinstance(value, int) or value < deadlines.SHORTEST_PERIOD:
            errors.append(
                Error(
                    f'TRACKER["{name}"] is {value!r}: complaint periods are whole days, at least '
                    f"{deadlines.SHORTEST_PERIOD} (the Civil Petitions Act counts shorter periods in working "
                    "hours, which the tracker does not do).",
                    id="barriers.E002",
                )
            )
    for name in ("ESCALATION_REMINDER_DAYS", "ESCALATION_OVERSIGHT_AFTER_DAYS"):
        value = tracker.get(name)
        if not isinstance(value, int) or value < 0:
            errors.append(
                Error(f'TRACKER["{name}"] must be a whole number of working days, 0 or more.', id="barriers.E003")
            )
    if tracker.get("ESCALATION_BARRIER_WEEKDAY") not in range(7):
        errors.append(Error('TRACKER["ESCALATION_BARRIER_WEEKDAY"] is a weekday, 0 (Monday) to 6.', id="barriers.E004"))
    return errors
