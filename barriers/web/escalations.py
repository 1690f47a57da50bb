"""/workspace/escalations/: what the escalation ladder has sent, for coordinators and oversight.

Included from tracker/urls.py. Reads through barriers/selectors/escalations.py; who may read it is
permissions.can_view_escalations.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext as _

from barriers import permissions
from barriers.filters import EscalationFilterSet
from barriers.selectors.escalations import escalations

PAGE_SIZE = 50

app_name = "escalations"


@login_required
def escalation_list(request):
    if not permissions.can_view_escalations(request.user):
        raise PermissionDenied(_("Only coordinators and oversight readers see what has been escalated."))
    filterset = EscalationFilterSet(request.GET, queryset=escalations(request.user))
    rows = filterset.qs if filterset.is_valid() else filterset.queryset.none()
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "workspace/escalations.html",
        {"page": page, "filterset": filterset, "query": query.urlencode(), "filtered": bool(query)},
    )


urlpatterns = [path("", escalation_list, name="list")]
