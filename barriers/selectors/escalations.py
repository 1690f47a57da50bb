"""What the escalation ladder has sent (barriers/services/escalation.py), for the coordinators' view."""

from .. import permissions
from ..models import Escalation


def escalations(user):
    """Every step sent, newest first, with what each concerns; none for those who may not see it
    (permissions.can_view_escalations). Facts only: references, deadlines, ministries, never the
    complainant's person. One query a page (plus the count)."""
    if not permissions.can_view_escalations(user):
        return Escalation.objects.none()
    return Escalation.objects.select_related("complaint", "barrier", "ministry").order_by("-sent_at", "-id")
