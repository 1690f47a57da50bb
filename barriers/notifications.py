"""What mail goes to whom. Called by services; mail is queued only after the transaction commits."""

from collections import defaultdict
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


def _enqueue_mail(recipients, template, context, language="ko"):
    """Render `<template>_subject.txt` / `_body.txt` now, queue the mail when the transaction commits."""
    recipients = [r for r in recipients if r]
    if not recipients or _muted.get():
        return
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context, using="text").split())
        body = render_to_string(f"{template}_body.txt", context, using="text")

    def enqueue():
        from .tasks import send_email

        send_email.enqueue(recipients, subject, body)

    # robust: with the immediate backend a mail server failure would otherwise surface as an error
    # page for a change that is already saved; Django logs the failure instead.
    transaction.on_commit(enqueue, robust=True)


def _ministry_email(ministry_id):
    return Ministry.objects.filter(pk=ministry_id).values_list("email", flat=True).first()


def _coordinator_emails():
    """The addresses of every active coordinator who has one."""
    from django.contrib.auth import get_user_model

    from .choices import Role

    return list(
        get_user_model()
        .objects.filter(is_active=True, membership__role=Role.COORDINATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    )


def barrier_assigned(barrier, ministry_id):
    _enqueue_mail(
        [_ministry_email(ministry_id)],
        "barriers/email/barrier_assigned",
        {"barrier": barrier, "site_url": settings.SITE_URL},
    )


def complaint_linked(complaint, barrier):
    """To the barrier's lead ministry: a complaint now counts toward its barrier. The complaint's
    facts only (reference, market, category, what happened): no personal data in the mail."""
    _enqueue_mail(
        [_ministry_email(barrier.lead_ministry_id)],
        "barriers/email/complaint_linked",
        {"barrier": barrier, "complaint": complaint, "site_url": settings.SITE_URL},
    )


def barrier_status_changed(barrier, previous, reason, actor_name):
    from .choices import BarrierStatus

    _enqueue_mail(
        [_ministry_email(barrier.lead_ministry_id)],
        "barriers/email/barrier_status_changed",
        {
            "barrier": barrier,
            "previous": BarrierStatus(previous).label,
            "reason": reason,
            "actor": actor_name,
            "site_url": settings.SITE_URL,
        },
    )
    complaint_barrier_status_changed(barrier, previous)


def escalation_digest(email, steps, today):
    """The escalation ladder's mail to one person: every step of this run that concerns them
    (barriers/services/escalation.py), grouped by step. Facts only, never a complainant's person."""
    from .choices import BarrierEscalationKind, EscalationStep

    groups = {key: [] for key in ("reminders", "missed", "oversight", "overdue", "stale")}
    key_of = {
        EscalationStep.REMINDER: "reminders",
        EscalationStep.MISSED: "missed",
        EscalationStep.OVERSIGHT: "oversight",
        BarrierEscalationKind.OVERDUE: "overdue",
        BarrierEscalationKind.STALE: "stale",
    }
    for step in steps:
        if step.complaint is not None:
            complaint = step.complaint
            ministry = complaint.answering_ministry if complaint.answering_ministry_id else complaint.routed_ministry
            item = {
                "complaint": complaint,
                "deadline": step.deadline,
                "ministry": ministry,
                "url": complaint_staff_url(complaint),
            }
        else:
            item = step.barrier
        groups[key_of[step.kind]].append(item)
    _enqueue_mail(
        [email],
        "barriers/email/escalation",
        {**groups, "total": len(steps), "today": today, "site_url": settings.SITE_URL.rstrip("/")},
    )


# --- complaints: the SME hears of every change without asking -----------------------------------


def _complaint_context(complaint, calendar=None, **extra):
    from . import deadlines

    return {
        "complaint": complaint,
        "site_url": settings.SITE_URL,
        "retention_years": max(1, settings.TRACKER["COMPLAINT_RETENTION_DAYS"] // 365),
        # rendered in the complainant's language: the labels are translated when shown
        "deadlines": deadlines.complaint_deadlines(complaint, calendar or deadlines.Calendar.load()),
        **extra,
    }


def complaint_status_url(complaint):
    """A working private link for a mail after the first (only the first token's hash is kept)."""
    from django.urls import reverse

    from .services.complaints import status_token

    return settings.SITE_URL.rstrip("/") + reverse("complaints:status", args=[status_token(complaint)])


def _public_barrier(barrier, language):
    """What a complainant may read of a barrier: its reference, status and, when it is on the
    public register, its public title (never the internal one)."""
    if barrier is None:
        return None
    from .models import Publication

    live = (
        Publication.objects.published()
        .filter(barrier_id=barrier.pk)
        .select_related("live")
        .values_list("live__title_ko", "live__title_en")
    ).first()
    with translation.override(language):
        status = str(barrier.get_status_display())
    title = (live[1] if language == "en" else live[0]) if live else ""
    return {"reference": barrier.reference, "title": title, "status": status}


def complaint_received(complaint, status_url, calendar=None):
    """The confirmation with the private status link (the only time the link exists in clear)."""
    _enqueue_mail(
        [complaint.email],
        "complaints/email/complaint_received",
        _complaint_context(complaint, calendar, status_url=status_url),
        complaint.language,
    )


def complaint_updated(complaint, calendar=None):
    """A change of status or a reply on the complaint itself."""
    if complaint.anonymised_at:
        return
    _enqueue_mail(
        [complaint.email],
        "complaints/email/complaint_updated",
        _complaint_context(
            complaint,
            calendar,
            barrier=_public_barrier(complaint.barrier, complaint.language),
            status_url=complaint_status_url(complaint),
        ),
        complaint.language,
    )


def complaint_new_link(complaint, status_url):
    """'Find my report': a new private link, to the address the report was sent from."""
    _enqueue_mail(
        [complaint.email],
        "complaints/email/complaint_new_link",
        _complaint_context(complaint, status_url=status_url),
        complaint.language,
    )


def information_requested(complaint, question):
    """The ministry asks the complainant for more information; their clock is paused."""
    if complaint.anonymised_at:
        return
    _enqueue_mail(
        [complaint.email],
        "complaints/email/information_requested",
        _complaint_context(complaint, question=question),
        complaint.language,
    )


def complaint_staff_url(complaint):
    """Where officers act on a complaint: the workspace's triage page (contract path)."""
    from django.urls import NoReverseMatch, reverse

    try:
        return reverse("workspace:complaint", args=[complaint.reference])
    except NoReverseMatch:
        return f"/workspace/complaints/{complaint.reference}/"


def _ministry_facts(complaint, template, calendar=None, **extra):
    """Mail to the ministry now holding a complaint: its facts (reference, market, category,
    product, deadlines) and the link to its triage page; never the complainant's personal data."""
    from . import deadlines
    from .permissions import complaint_owner_id

    _enqueue_mail(
        [_ministry_email(complaint_owner_id(complaint))],
        template,
        {
            "complaint": complaint,
            "deadlines": deadlines.complaint_deadlines(complaint, calendar or deadlines.Calendar.load()),
            "site_url": settings.SITE_URL.rstrip("/"),
            "complaint_url": complaint_staff_url(complaint),
            **extra,
        },
    )


def complaint_arrived(complaint, calendar=None):
    """A new complaint was routed to a ministry: its contact address hears of it."""
    _ministry_facts(complaint, "complaints/email/complaint_arrived", calendar)


def complaint_handed_on(complaint, *, previous, reason, by):
    """A complaint was re-routed (coordinator) or handed on (its ministry) to another ministry:
    the new ministry hears of it, with who sent it on and why."""
    _ministry_facts(complaint, "complaints/email/complaint_handed_on", previous=previous, reason=reason, by=by)


def information_received(complaint, pause):
    """The complainant answered: the officer who asked (or the ministry's contact) hears of it.
    Facts only: the answer itself is read on the triage page."""
    recipients = [pause.asked_by.email] if pause.asked_by_id and pause.asked_by.email else []
    if not recipients:
        from .permissions import complaint_owner_id

        recipients = [_ministry_email(complaint_owner_id(complaint))]
    _enqueue_mail(
        recipients,
        "complaints/email/information_received",
        {
            "complaint": complaint,
            "pause": pause,
            "site_url": settings.SITE_URL.rstrip("/"),
            "complaint_url": complaint_staff_url(complaint),
        },
    )


def complaint_barrier_status_changed(barrier, previous):
    """Every complainant whose complaint is linked to the barrier hears of its new status."""
    from .choices import BarrierStatus
    from .models import Complaint

    linked = Complaint.objects.filter(barrier=barrier, anonymised_at__isnull=True).exclude(email="")
    public = {}
    for complaint in linked.only("pk", "reference", "email", "language", "barrier_id", "token_hash"):
        with translation.override(complaint.language):
            previous_label = str(BarrierStatus(previous).label)
        if complaint.language not in public:
            public[complaint.language] = _public_barrier(barrier, complaint.language)
        _enqueue_mail(
            [complaint.email],
            "complaints/email/barrier_status_changed",
            _complaint_context(
                complaint,
                barrier=public[complaint.language],
                previous=previous_label,
                status_url=complaint_status_url(complaint),
            ),
            complaint.language,
        )


# --- the public register --------------------------------------------------------------------------


def publication_proposed(barrier, version):
    """Coordinators hear that a public version awaits their approval."""
    coordinators = _coordinator_emails()
    _enqueue_mail(
        sorted(set(coordinators)),
        "barriers/email/publication_proposed",
        {"barrier": barrier, "version": version, "site_url": settings.SITE_URL},
    )


def note_mentioned(note, recipients, subject_url):
    """Someone was @mentioned in an internal note: the note's text and a link to where it is, one
    mail per language the recipients chose for their mails (follows: DigestSubscription.language)."""
    from .models import DigestSubscription

    chosen = dict(DigestSubscription.objects.filter(user__in=recipients).values_list("user_id", "language"))
    by_language = defaultdict(list)
    for user in recipients:
        by_language[chosen.get(user.pk, settings.LANGUAGE_CODE)].append(user.email)
    context = {
        "note": note,
        "subject": note.subject,
        "author": note.author.get_full_name() or note.author.get_username(),
        "url": settings.SITE_URL.rstrip("/") + subject_url,
    }
    for language, emails in sorted(by_language.items()):
        _enqueue_mail(emails, "follows/email/note_mentioned", context, language=language)


def follow_digest(user, digest, unsubscribe_token, language=settings.LANGUAGE_CODE):
    """One person's digest of what changed in what they follow (selectors/digests.py builds it)."""
    from django.urls import reverse

    site = settings.SITE_URL.rstrip("/")
    unsubscribe_url = reverse("follows:unsubscribe", args=[unsubscribe_token])
    follows_url = reverse("follows:follows")
    _enqueue_mail(
        [user.email],
        "follows/email/digest",
        {
            "digest": digest,
            "site_url": site,
            "unsubscribe_url": site + unsubscribe_url,
            "follows_url": site + follows_url,
        },
        language=language,
    )
