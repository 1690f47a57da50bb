"""What mail goes to whom. Called by services; mail is queued only after the transaction commits."""
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

from .models import Ministry


_muted = ContextVar("notifications_muted", default=False)


@contextmanager
def muted():
    """No mail for what happens inside (bulk imports such as the demo seed)."""
    token = _muted.set(True)
    try:
        yield
    finally:
        _muted.reset(token)


def _enqueue_after_commit(recipients, template, context, language="ko"):
    recipients = [r for r in recipients if r]
    if not recipients or _muted.get():
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"barriers/email/{template}_subject.txt", context).split())
        body = render_to_string(f"barriers/email/{template}_body.txt", context)

    def enqueue():
        from .tasks import send_email

        send_email.enqueue(recipients, subject, body)

    transaction.on_commit(enqueue)


def _ministry_email(ministry_id):
    return Ministry.objects.filter(pk=ministry_id).values_list("email", flat=True).first()


def barrier_assigned(barrier, ministry_id):
    _enqueue_after_commit(
        [_ministry_email(ministry_id)], "barrier_assigned",
        {"barrier": barrier, "site_url": settings.SITE_URL},
    )


def barrier_status_changed(barrier, previous, reason, actor_name):
    from .choices import BarrierStatus

    _enqueue_after_commit(
        [_ministry_email(barrier.lead_ministry_id)], "barrier_status_changed",
        {"barrier": barrier, "previous": BarrierStatus(previous).label, "reason": reason,
         "actor": actor_name, "site_url": settings.SITE_URL},
    )


def deadline_digest(ministry, overdue, stale, today):
    _enqueue_after_commit(
        [ministry.email], "deadline_digest",
        {"ministry": ministry, "overdue": overdue, "stale": stale, "today": today, "site_url": settings.SITE_URL},
    )
