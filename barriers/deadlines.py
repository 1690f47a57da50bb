"""When a complaint's deadlines fall.

Every due moment is computed by `complaint_due`, so the calendar rule has one home: today a
period is counted in calendar days; to count working days (the contract's DEADLINE_CALENDAR),
replace that one function. What "overdue" means given these moments is ComplaintQuerySet's.
"""

from datetime import timedelta

from django.conf import settings


def complaint_due(start, days):
    """The moment a period of `days` counted from `start` (a complaint's receipt) ends."""
    return start + timedelta(days=days)


def first_reply_due(received_at):
    """The first (interim) reply: COMPLAINT_FIRST_REPLY_DAYS (14) after receipt."""
    return complaint_due(received_at, settings.TRACKER["COMPLAINT_FIRST_REPLY_DAYS"])


def final_answer_due(received_at, extended=False):
    """The final answer, or the grounds for a refusal: COMPLAINT_REFUSAL_GROUNDS_DAYS (90) after
    receipt; under extended review, COMPLAINT_FINAL_ANSWER_DAYS (6 months)."""
    days = settings.TRACKER["COMPLAINT_FINAL_ANSWER_DAYS" if extended else "COMPLAINT_REFUSAL_GROUNDS_DAYS"]
    return complaint_due(received_at, days)


def complaint_periods():
    """The periods as the help page tells them: days after receipt, and whether they are working
    days (settings.TRACKER["DEADLINE_CALENDAR"], "calendar" unless set)."""
    tracker = settings.TRACKER
    return {
        "first_reply_days": tracker["COMPLAINT_FIRST_REPLY_DAYS"],
        "refusal_days": tracker["COMPLAINT_REFUSAL_GROUNDS_DAYS"],
        "final_days": tracker["COMPLAINT_FINAL_ANSWER_DAYS"],
        "working_days": tracker.get("DEADLINE_CALENDAR", "calendar") == "working",
    }
