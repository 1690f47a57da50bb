"""The complaint workflow as a table: which triage actions each status allows, the status each
action leads to, and what it needs. Like transitions.py for barriers: the services enforce it,
and pages ask it which actions to offer (`allowed_actions(complaint.status, complaint.paused_at is not None)`).

Besides the status, an action may depend on the complaint's clock (barriers/deadlines.py): while
it waits on the complainant (paused) it cannot be extended or paused again, and only then can an
officer restart it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ComplaintOutcome
from .choices import ComplaintStatus as S

# A complaint is open while it awaits the ministry's answer; linking, answering or rejecting
# closes it (and sets closed_at). ComplaintQuerySet.open()/overdue() read this list.
COMPLAINT_OPEN_STATUSES = (S.RECEIVED, S.UNDER_REVIEW)
COMPLAINT_CLOSED_STATUSES = tuple(s for s in S if s not in COMPLAINT_OPEN_STATUSES)


class Action(models.TextChoices):
    START_REVIEW = "start_review", _("Start review")
    REPLY = "reply", _("Send a first (interim) reply")
    EXTEND = "extend", _("Extend the review (grounds and the new deadline)")
    REQUEST_INFORMATION = "request_information", _("Ask the complainant for more information (pauses the clock)")
    RESUME_CLOCK = "resume_clock", _("Restart the clock without an answer on the status page")
    LINK = "link", _("Link to an existing barrier")
    CREATE_BARRIER = "create_barrier", _("Create a barrier from this complaint")
    ANSWER = "answer", _("Answer (final)")
    REJECT = "reject", _("Reject with grounds")


ANY, RUNNING, PAUSED = "any", "running", "paused"  # the clock an action needs


@dataclass(frozen=True)
class Step:
    sources: tuple  # the statuses in which the action is allowed
    target: str  # the status the complaint has after it
    # The inputs it needs, each with the message shown when it is missing. None: the service the
    # action calls checks it (a barrier reference is looked up; a new barrier is validated).
    needs: dict
    clock: str = ANY  # RUNNING: not while waiting on the complainant; PAUSED: only then

    @property
    def closes(self):
        return self.target in COMPLAINT_CLOSED_STATUSES


WORKFLOW = {
    Action.START_REVIEW: Step((S.RECEIVED,), S.UNDER_REVIEW, {}),
    Action.REPLY: Step(COMPLAINT_OPEN_STATUSES, S.UNDER_REVIEW, {"reply": _("Write the reply to the complainant.")}),
    Action.EXTEND: Step(
        COMPLAINT_OPEN_STATUSES,
        S.UNDER_REVIEW,
        {"grounds": _("Give the grounds for the extension."), "new_due": None},
        clock=RUNNING,
    ),
    Action.REQUEST_INFORMATION: Step(
        COMPLAINT_OPEN_STATUSES,
        S.UNDER_REVIEW,
        {"question": _("Write what the complainant should send.")},
        clock=RUNNING,
    ),
    Action.RESUME_CLOCK: Step(
        COMPLAINT_OPEN_STATUSES, S.UNDER_REVIEW, {"reason": _("Say why the clock restarts.")}, clock=PAUSED
    ),
    Action.LINK: Step(COMPLAINT_OPEN_STATUSES, S.LINKED, {"barrier": None}),
    Action.CREATE_BARRIER: Step(
        COMPLAINT_OPEN_STATUSES, S.LINKED, {"lead_ministry": None, "title": None, "scope": None}
    ),
    Action.ANSWER: Step(
        COMPLAINT_OPEN_STATUSES,
        S.ANSWERED,
        {"reply": _("Write the answer to the complainant."), "outcome": _("Choose the outcome of the answer.")},
    ),
    Action.REJECT: Step(COMPLAINT_OPEN_STATUSES, S.REJECTED, {"grounds": _("A refusal needs its written grounds.")}),
}

# The outcomes an answer may carry: a refusal (not accepted) goes through REJECT, with grounds.
ANSWER_OUTCOMES = tuple(o for o in ComplaintOutcome if o != ComplaintOutcome.NOT_ACCEPTED)


def step(action):
    return WORKFLOW[Action(action)]


def _clock_allows(rule, paused):
    return rule.clock == ANY or rule.clock == (PAUSED if paused else RUNNING)


def is_allowed(status, action, paused=False):
    rule = step(action)
    return status in rule.sources and _clock_allows(rule, paused)


def allowed_actions(status, paused=False):
    """The actions a complaint in `status` (its clock paused or not) allows, in the table's order
    (none once it is closed)."""
    return [action for action, rule in WORKFLOW.items() if status in rule.sources and _clock_allows(rule, paused)]


def is_open(status):
    return status in COMPLAINT_OPEN_STATUSES
