"""System change reasons: what a service writes into a history row when no person gave a reason.

Every one is registered here. They are stored as these fixed English texts whatever the
request's language (the audit trail must not depend on who was signed in), and translated only
when shown, by `display_reason`. A reason with a reference in it ("Filed from complaint
C-2026-000123") is stored filled in with `system_reason(...)`; `display_reason` recognises its
pattern, translates the pattern and fills it in again.
"""

import re
from functools import cache

from django.utils.translation import gettext, gettext_noop


class SYSTEM_REASONS:
    # Barriers
    FILED = gettext_noop("Barrier filed")
    EDITED = gettext_noop("Edited")
    UNCHANGED = gettext_noop("Saved without changes")
    REASSIGNED = gettext_noop("Ministries reassigned")
    PROGRESS = gettext_noop("Progress update")
    FILED_FROM_COMPLAINT = gettext_noop("Filed from complaint %(reference)s")
    # Complaints
    SUBMITTED = gettext_noop("Submitted through the public form")
    REVIEW_STARTED = gettext_noop("Review started")
    REPLIED = gettext_noop("Replied to the complainant")
    REVIEW_EXTENDED = gettext_noop("Review extended")
    LINKED = gettext_noop("Linked to %(reference)s")
    FOLLOWED_AT_INTAKE = gettext_noop("Submitted as a report of %(reference)s")
    NEW_LINK = gettext_noop("New private link sent to the complainant")
    FEEDBACK = gettext_noop("Feedback from the complainant")
    NEW_BARRIER_FROM_IT = gettext_noop("New barrier %(reference)s filed from it")
    REROUTED = gettext_noop("Re-routed to another ministry")
    ANSWERED = gettext_noop("Answered")
    REJECTED = gettext_noop("Rejected with grounds")
    ESCALATED = gettext_noop("Escalated: overdue")
    # the escalation ladder (barriers/services/escalation.py), one per step and deadline
    REMINDED_FIRST_REPLY = gettext_noop("Reminder sent to the officers: first reply due soon")
    REMINDED_FINAL_ANSWER = gettext_noop("Reminder sent to the officers: final answer due soon")
    ESCALATED_FIRST_REPLY = gettext_noop("Escalated to the ministry and the coordinators: first reply overdue")
    ESCALATED_FINAL_ANSWER = gettext_noop("Escalated to the ministry and the coordinators: final answer overdue")
    OVERSIGHT_FIRST_REPLY = gettext_noop("Escalated to oversight: first reply still overdue")
    OVERSIGHT_FINAL_ANSWER = gettext_noop("Escalated to oversight: final answer still overdue")
    CLOCK_PAUSED = gettext_noop("Clock paused: information asked of the complainant")
    CLOCK_RESUMED_BY_COMPLAINANT = gettext_noop("Clock resumed: the complainant answered")
    PAUSE_ENDED_BY_CLOSING = gettext_noop("Closed while waiting on the complainant")
    DEADLINES_RECOUNTED = gettext_noop("Deadlines recounted: closure days changed")
    # Closure days
    CLOSURE_DAY_ADDED = gettext_noop("Closure day added")
    CLOSURE_DAY_CHANGED = gettext_noop("Closure day changed")
    CLOSURE_DAY_REMOVED = gettext_noop("Closure day removed")
    ANONYMISED = gettext_noop("Anonymised after the retention period")
    # The public register
    PUBLIC_VERSION_PROPOSED = gettext_noop("Public version %(number)s proposed")
    PUBLISHED = gettext_noop("Public version %(number)s published")
    ROUTING_CHANGED = gettext_noop("Complaint routing changed")
    # Internal notes
    NOTE_WRITTEN = gettext_noop("Internal note written")
    NOTE_EDITED = gettext_noop("Internal note edited within its edit window")
    # Market strategies
    MARKET_AREA_EDITED = gettext_noop("Market strategy area edited")
    MARKET_PROFILE_LOADED = gettext_noop("Demo market profile loaded")
    MARKET_PROFILE_ADDED = gettext_noop("Market profile added")
    MARKET_AREA_MINISTRIES_SET = gettext_noop("Ministries responsible for the area changed")
    MARKET_INDICATORS_IMPORTED = gettext_noop("Export figures imported")
    # Users and reference data
    MEMBERSHIP_SET = gettext_noop("Membership set")
    REFERENCE_UPDATED = gettext_noop("Reference data updated")
    REFERENCE_LOADED = gettext_noop("Reference data loaded")


ALL = frozenset(value for name, value in vars(SYSTEM_REASONS).items() if name.isupper())
_PLACEHOLDER = re.compile(r"%\((\w+)\)s")
# What a placeholder stands for: a reference (CN-0007, C-2026-000123), so that a person's own words
# that happen to start like a system reason ("Filed from complaint of mine") stay as written.
REFERENCE = r"[A-Z]{1,3}(?:-[0-9]+)+"


def system_reason(reason, **params):
    """The text to store for a registered reason, its placeholders filled (never translated)."""
    if reason not in ALL:
        raise ValueError(f"not a registered system reason: {reason!r}")
    return reason % params if params else reason


@cache
def _patterns():
    """(regex, msgid) for each reason with placeholders, e.g. 'Linked to (?P<reference>.+)'."""
    out = []
    for msgid in ALL:
        if not _PLACEHOLDER.search(msgid):
            continue
        regex = "".join(
            f"(?P<{part}>{REFERENCE})" if i % 2 else re.escape(part) for i, part in enumerate(_PLACEHOLDER.split(msgid))
        )
        out.append((re.compile(regex), msgid))
    return out


def display_reason(reason):
    """A stored reason in the reader's language: system reasons translated, people's words as written."""
    if not reason:
        return ""
    if reason in ALL:
        return gettext(reason)
    for regex, msgid in _patterns():
        match = regex.fullmatch(reason)
        if match:
            return gettext(msgid) % match.groupdict()
    return reason
