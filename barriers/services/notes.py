"""Internal notes on barriers and complaints: write one, correct it within its edit window.

An @mention (`@username`) mails that user after the transaction commits, if they may read notes.
Every write records its author and a registered change reason in the note's history.
"""

import re

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications, permissions
from ..change_reasons import SYSTEM_REASONS
from ..errors import Forbidden, Invalid, NotFound
from ..models import Barrier, Complaint, Note
from ..models.follow import NOTE_EDIT_MINUTES
from .common import require, stamp, validate

# `@kim.officer` mentions kim.officer; an address such as a@b.kr mentions nobody (a word before the @).
MENTION = re.compile(r"(?<![\w.@+-])@([\w.@+-]+)")


def mentioned_usernames(text):
    return sorted({name.rstrip(".") for name in MENTION.findall(text or "") if name.rstrip(".")})


def _subject_url(note):
    if note.barrier_id:
        return note.barrier.get_absolute_url() + "#notes"
    return notifications.complaint_staff_url(note.complaint) + "#notes"


def _mention(note, previous_text=""):
    """Mail who is newly @mentioned (an edit does not mail again those already mentioned)."""
    names = set(mentioned_usernames(note.text)) - set(mentioned_usernames(previous_text))
    if not names:
        return []
    users = [
        user
        for user in get_user_model()
        .objects.filter(username__in=names, is_active=True)
        .exclude(pk=note.author_id)
        .select_related("membership")
        if permissions.can_be_mentioned(user) and user.email
    ]
    if users:
        notifications.note_mentioned(note, users, _subject_url(note))
    return users


@transaction.atomic
def add_note(user, subject, text):
    """Write a note on a Barrier or a Complaint."""
    require(permissions.can_add_note(user, subject), _("You may not write internal notes."))
    if isinstance(subject, Barrier):
        note = Note(barrier=subject, author=user, text=text or "")
    elif isinstance(subject, Complaint):
        note = Note(complaint=subject, author=user, text=text or "")
    else:
        raise NotFound(_("Notes are written on a barrier or a complaint."), field="subject")
    note.text = note.text.strip()
    if not note.text:
        raise Invalid(_("Write the note first."), field="text", code="required")
    validate(note)
    stamp(note, user, SYSTEM_REASONS.NOTE_WRITTEN)
    note.save()
    _mention(note)
    return note


@transaction.atomic
def edit_note(user, note_id, text, now=None):
    """Correct one's own note within NOTE_EDIT_MINUTES of writing it; after that, write a new one."""
    now = now or timezone.now()
    note = (
        Note.objects.select_for_update(of=("self",)).filter(pk=note_id).select_related("barrier", "complaint").first()
    )
    if note is None:
        raise NotFound(_("There is no such note."), field="note")
    if not permissions.can_edit_note(user, note, now):
        if note.author_id == getattr(user, "pk", None) and permissions.can_add_note(user):
            raise Forbidden(
                _("A note can be edited for %(minutes)s minutes after it was written. Write a new note to correct it.")
                % {"minutes": NOTE_EDIT_MINUTES},
                field="text",
            )
        raise Forbidden(_("Only the note's author may edit it."), field="note")
    previous = note.text
    note.text = (text or "").strip()
    if not note.text:
        raise Invalid(_("Write the note first."), field="text", code="required")
    validate(note)
    if note.text == previous:
        return note
    stamp(note, user, SYSTEM_REASONS.NOTE_EDITED)
    note.save()
    _mention(note, previous_text=previous)
    return note
