"""The officers' workspace pages. Officers and coordinators work here; oversight readers are sent
to the dashboard, anonymous visitors to the sign-in page."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _

from barriers import permissions
from barriers.filters import BarrierFilterSet, ComplaintFilterSet
from barriers.selectors import workspace as selectors

PAGE_SIZE = 25


class OneOf(forms.SelectMultiple):
    """A multiple-choice filter shown as a plain one-line <select> with "All" first: the inbox
    filters on one market or category at a time (the FilterSet still takes several)."""

    allow_multiple_selected = False

    def value_from_datadict(self, data, files, name):
        return [value for value in super().value_from_datadict(data, files, name) if value]


def _one_of(field):
    field.field.widget = OneOf(choices=[("", _("All"))] + list(field.field.choices))
    return field


LAST_VISIT = "workspace_last_visit"
WAITING = "workspace_waiting"  # the count the navigation shows next to "My work"
FILTER_FIELDS = ("q", "country", "category", "overdue")


def worker_required(view):
    """Signed in (else the login page); officers and coordinators only. An oversight reader is sent
    to the dashboard, a member with no role gets a 403."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_write_anything(request.user):
            if permissions.can_read(request.user):
                return redirect("barriers:dashboard")
            raise PermissionDenied(_("Your account has no role in the tracker yet."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def remember_waiting(request):
    """Refresh the navigation's count (kept in the session: other pages show it without a query)."""
    request.session[WAITING] = selectors.waiting_count(request.user)


def _query_without(request, *names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@worker_required
def inbox(request):
    user = request.user
    coordinator = permissions.is_coordinator(user)
    ministry_id = selectors.queue_ministry(user)
    params = request.GET.copy()
    if not coordinator:
        params.pop("ministry", None)  # an officer's queue is their ministry's
    complaints = ComplaintFilterSet(params, queryset=selectors.complaint_queue(user, ministry_id))
    barriers = BarrierFilterSet(
        {key: params.getlist(key) for key in ("ministry", "country", "category") if key in params},
        queryset=selectors.barrier_queue(user, ministry_id),
    )
    complaint_rows = complaints.qs if complaints.is_valid() else complaints.queryset.none()
    barrier_rows = barriers.qs if barriers.is_valid() else barriers.queryset.none()
    complaint_page = Paginator(complaint_rows, PAGE_SIZE).get_page(request.GET.get("page"))
    barrier_page = Paginator(barrier_rows, PAGE_SIZE).get_page(request.GET.get("bpage"))
    selectors.with_deadlines(complaint_page.object_list)

    since = parse_datetime(request.session.get(LAST_VISIT) or "")
    changes = selectors.changes_since(user, since, ministry_id)
    request.session[LAST_VISIT] = timezone.now().isoformat()
    remember_waiting(request)

    form = complaints.form
    for name in ("ministry", "country", "category") if coordinator else ("country", "category"):
        _one_of(form[name])
    form.fields["category"].label = _("Category")
    fields = [form[name] for name in FILTER_FIELDS]
    if coordinator:
        fields.insert(0, form["ministry"])
    return render(
        request,
        "workspace/inbox.html",
        {
            "coordinator": coordinator,
            "ministry": getattr(getattr(user, "membership", None), "ministry", None),
            "filter_fields": fields,
            "filter_errors": complaints.errors or barriers.errors,
            "complaint_page": complaint_page,
            "barrier_page": barrier_page,
            "complaint_query": _query_without(request, "page"),
            "barrier_query": _query_without(request, "bpage"),
            "changes": changes,
            "since": since,
        },
    )
