"""The barrier page with its actions, each action's POST, and /barriers/new/. Thin: the forms
check input, the services decide and write, barriers.permissions says what is offered."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from ... import permissions
from ...errors import Conflict, Forbidden, ServiceError
from ...selectors.barriers import barrier_detail_queryset
from ...selectors.complaints import complaints_linked_to
from ...selectors.history import timeline
from ...services import barriers as services
from ..oversight.views import reader_required
from .forms import ACTION_FORMS, NewBarrierForm

# What each action asks of the user before its form is even read (the services ask again).
ACTION_ALLOWED = {
    "status": permissions.can_change_barrier,
    "progress": permissions.can_add_progress,
    "edit": permissions.can_change_barrier,
    "assign": permissions.can_assign_ministries,
    "reopen": permissions.can_reopen,
}
ACTION_ORDER = ("status", "reopen", "progress", "edit", "assign")
SUCCESS = {
    "status": gettext_lazy("The status was changed."),
    "reopen": gettext_lazy("The barrier was reopened."),
    "progress": gettext_lazy("The progress update was posted."),
    "edit": gettext_lazy("The barrier was saved."),
    "assign": gettext_lazy("The ministries were assigned."),
}


def _barrier_or_404(user, reference):
    barrier = barrier_detail_queryset(user).filter(reference=reference).first()
    if barrier is None:
        raise Http404(_("There is no barrier %(ref)s.") % {"ref": reference})
    return barrier


def _triage_url(reference):
    try:
        return reverse("workspace:complaint", args=[reference])
    except NoReverseMatch:
        return None


def render_barrier_page(request, barrier, bound=None, status=200):
    """The barrier page: its fields, complaints (for the lead ministry), progress, history, and a
    form for each action the user may take (`bound`: the refused one, with its errors and input)."""
    offered = permissions.barrier_actions(request.user, barrier)
    if bound is not None:
        offered.add(bound.action)
    forms = []
    for action in ACTION_ORDER:
        if action not in offered:
            continue
        form = bound if bound is not None and bound.action == action else ACTION_FORMS[action](barrier=barrier)
        form.url = reverse("barriers:action", args=[barrier.reference, action])
        forms.append(form)
    linked = None
    if permissions.can_view_linked_complaints(request.user, barrier):
        linked = complaints_linked_to(barrier, request.user)
        for complaint in linked:
            complaint.triage_url = _triage_url(complaint.reference)
    return render(
        request,
        "oversight/barrier_detail.html",
        {
            "barrier": barrier,
            "supporting": sorted(barrier.supporting_ministries.all(), key=lambda m: m.code),
            "progress_updates": list(barrier.progress_updates.all()),
            "timeline": list(reversed(timeline(barrier))),
            "action_forms": forms,
            "linked_complaints": linked,
        },
        status=status,
    )


def _perform(action, user, barrier, data):
    if action == "status":
        return services.change_status(
            user,
            barrier,
            status=data["status"],
            reason=data["reason"],
            version=data["version"],
            resolution_summary=data.get("resolution_summary") or "",
        )
    if action == "reopen":
        return services.reopen_barrier(user, barrier, reason=data["reason"], version=data["version"])
    if action == "progress":
        return services.add_progress_update(user, barrier, text=data["text"], rag=data["rag"], date=data["date"])
    if action == "edit":
        fields = {name: data[name] for name in ACTION_FORMS["edit"].FIELDS}
        return services.update_barrier(user, barrier, version=data["version"], reason=data["reason"], **fields)
    if action == "assign":
        return services.assign_ministries(
            user,
            barrier,
            lead_ministry=data["lead_ministry"],
            supporting_ministries=list(data["supporting_ministries"]),
            version=data["version"],
            reason=data["reason"],
        )
    raise Http404


@require_POST
@reader_required
def barrier_action(request, reference, action):
    if action not in ACTION_FORMS:
        raise Http404
    barrier = _barrier_or_404(request.user, reference)
    if not ACTION_ALLOWED[action](request.user, barrier):
        raise PermissionDenied(_("You may not do this to this barrier."))
    form = ACTION_FORMS[action](request.POST, barrier=barrier)
    if not form.is_valid():
        return render_barrier_page(request, barrier, bound=form, status=400)
    try:
        _perform(action, request.user, barrier, form.cleaned_data)
    except Forbidden as exc:
        raise PermissionDenied(exc.first.message) from exc
    except ServiceError as exc:
        form.add_service_errors(exc)
        barrier = _barrier_or_404(request.user, reference)
        return render_barrier_page(request, barrier, bound=form, status=409 if isinstance(exc, Conflict) else 400)
    messages.success(request, SUCCESS[action])
    return redirect(barrier.get_absolute_url(), permanent=False)


@reader_required
def new_barrier(request):
    """File a barrier; an officer's own ministry is the lead unless they choose otherwise."""
    if not permissions.can_create_barrier(request.user):
        raise PermissionDenied(_("Your role does not file barriers."))
    lead = permissions.ministry_id_of(request.user)
    form = NewBarrierForm(request.POST or None, initial={"lead_ministry": lead} if lead else {})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                barrier = services.create_barrier(
                    request.user,
                    lead_ministry=data["lead_ministry"],
                    supporting_ministries=list(data["supporting_ministries"]),
                    reason=data["reason"],
                    **form.barrier_fields(),
                )
            except Forbidden as exc:
                form.add_error("lead_ministry", exc.first.message)
            except ServiceError as exc:
                form.add_service_errors(exc)
            else:
                messages.success(request, _("Barrier %(ref)s was filed.") % {"ref": barrier.reference})
                return redirect(barrier.get_absolute_url())
        status = 400
    return render(request, "barrier_work/new.html", {"form": form}, status=status)
