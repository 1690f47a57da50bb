"""{% barrier_publication barrier %}: the publication panel of the barrier page (state, wording,
and the actions the signed-in user may take), in one query, and, on a resolved barrier, how many
complainants say it did not solve their problem (one more). Kept here so that the barrier page
needs one line."""

from django import template

from .. import permissions
from ..models import Publication
from ..selectors.complaints import unsolved_reports

register = template.Library()


@register.inclusion_tag("public/_barrier_publication.html", takes_context=True)
def barrier_publication(context, barrier):
    user = context["request"].user
    publication = Publication.objects.select_related("live", "pending").filter(barrier=barrier).first()
    return {
        "unsolved": unsolved_reports(barrier),
        "barrier": barrier,
        "publication": publication,
        "can_propose": permissions.can_propose_publication(user, barrier),
        "can_approve": permissions.can_approve_publication(user, barrier),
        "can_unpublish": permissions.can_unpublish(user, barrier),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
