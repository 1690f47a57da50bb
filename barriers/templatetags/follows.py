"""{% notes_panel subject %} and {% follow_button barrier %}: the notes and follow panels of a
barrier's or a complaint's page, each one line on that page (see follows/_notes.html)."""

from django import template
from django.urls import reverse
from django.utils import timezone

from .. import permissions
from ..models import Barrier
from ..selectors.follows import follow_of, notes_for

register = template.Library()


def notes_url(subject):
    kind = "barrier" if isinstance(subject, Barrier) else "complaint"
    return reverse(f"follows:{kind}_notes", args=[subject.reference])


@register.inclusion_tag("follows/_notes_panel.html", takes_context=True)
def notes_panel(context, subject=None, form=None):
    """`subject` is the barrier or complaint; without it, the page's `barrier`, else its `complaint`."""
    subject = subject or context.get("barrier") or context.get("complaint")
    request = context["request"]
    user = request.user
    now = timezone.now()
    notes = notes_for(user, subject) if permissions.can_read_notes(user) else []
    for note in notes:
        note.can_edit = permissions.can_edit_note(user, note, now)
    return {
        "shown": permissions.can_read_notes(user),
        "notes": notes,
        "can_add": permissions.can_add_note(user, subject),
        "action": notes_url(subject),
        "next": request.get_full_path(),
        "form": form,
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("follows/_follow_button.html", takes_context=True)
def follow_button(context, barrier):
    request = context["request"]
    user = request.user
    return {
        "shown": permissions.can_follow(user),
        "following": follow_of(user, barrier=barrier) is not None,
        "barrier": barrier,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }
