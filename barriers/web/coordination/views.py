"""/coordination/: coordinators change Category.default_ministry and the closure days, through
barriers.services.reference and barriers.services.calendar."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import permissions
from ...errors import Conflict, Forbidden, ServiceError
from ...models import Category, ClosureDay
from ...services import calendar as calendar_services
from ...services import reference as reference_services
from .forms import ClosureDayForm, RoutingForm, add_service_errors


def coordinator_required(view):
    @login_required
    def wrapped(request, *args, **kwargs):
        if not (permissions.can_route_categories(request.user) or permissions.can_manage_closure_days(request.user)):
            raise PermissionDenied(_("Only coordinators change these settings."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


def _categories():
    return list(Category.objects.select_related("default_ministry").order_by("sort_order", "code"))


def _page(request, *, bound_routing=None, closure_form=None, status=200):
    routing_forms = []
    for category in _categories():
        if bound_routing is not None and bound_routing.category.pk == category.pk:
            routing_forms.append(bound_routing)
        else:
            routing_forms.append(RoutingForm(category=category))
    today = timezone.localdate()
    return render(
        request,
        "coordination/settings.html",
        {
            "routing_forms": routing_forms,
            "closure_form": closure_form or ClosureDayForm(),
            "upcoming": list(ClosureDay.objects.filter(date__gte=today).order_by("date")),
            "past": list(ClosureDay.objects.filter(date__lt=today).order_by("-date")[:10]),
        },
        status=status,
    )


@coordinator_required
def settings_page(request):
    return _page(request)


@require_POST
@coordinator_required
def route_category(request, code):
    category = Category.objects.select_related("default_ministry").filter(code=code).first()
    if category is None:
        raise Http404
    form = RoutingForm(request.POST, category=category)
    if not form.is_valid():
        return _page(request, bound_routing=form, status=400)
    data = form.cleaned_data
    try:
        reference_services.set_default_ministry(
            request.user, category, data["ministry"], expected=data["seen"], reason=data["reason"]
        )
    except Forbidden as exc:
        raise PermissionDenied(exc.first.message) from exc
    except ServiceError as exc:
        add_service_errors(form, exc)
        return _page(request, bound_routing=form, status=409 if isinstance(exc, Conflict) else 400)
    messages.success(
        request, _("Complaints of %(category)s now go to the ministry chosen.") % {"category": category.name}
    )
    return redirect("coordination:settings")


@require_POST
@coordinator_required
def add_closure_day(request):
    form = ClosureDayForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            calendar_services.add_closure_day(request.user, date=data["date"], name=data["name"], reason=data["reason"])
        except Forbidden as exc:
            raise PermissionDenied(exc.first.message) from exc
        except ServiceError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The closure day was added; open complaints' deadlines were recounted."))
            return redirect("coordination:settings")
    return _page(request, closure_form=form, status=400)


@require_POST
@coordinator_required
def remove_closure_day(request, pk):
    closure = ClosureDay.objects.filter(pk=pk).first()
    if closure is None:
        raise Http404
    try:
        calendar_services.remove_closure_day(request.user, closure)
    except Forbidden as exc:
        raise PermissionDenied(exc.first.message) from exc
    except ServiceError as exc:
        messages.error(request, exc.first.message)
        return redirect("coordination:settings")
    messages.success(request, _("The closure day was removed; open complaints' deadlines were recounted."))
    return redirect("coordination:settings")
