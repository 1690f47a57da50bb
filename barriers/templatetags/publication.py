"""{% barrier_publication barrier %}: the publication panel of the barrier page (state, wording,
and the actions the signed-in user may take). Kept here so that the barrier page needs one line."""

from django import template

from .. import permissions
from ..models import Publication, PublicVersion

register = template.Library()


@register.inclusion_tag("public/_barrier_publication.html", takes_context=True)
def barrier_publication(context, barrier):
    user = context["request"].user
    publication = Publication.objects.select_related("live", "pending__proposed_by").filter(barrier=barrier).first()
    versions = PublicVersion.objects.filter(barrier=barrier).count() if publication else 0
    return {
        "barrier": barrier,
        "publication": publication,
        "versions": versions,
        "can_propose": permissions.can_propose_publication(user, barrier),
        "can_approve": permissions.can_approve_publication(user, barrier),
        "can_unpublish": permissions.can_unpublish(user, barrier),
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
    }
