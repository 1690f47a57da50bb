"""Market guides for SMEs (public, ko/en, printable) and the edit page of a guide's strategy area.

Thin: the guide reads the profile and the market's published barriers through the selectors
(public register only); an edit goes through services.markets, which asks permissions.py.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ... import permissions
from ...errors import Forbidden, NotFound, ServiceError
from ...selectors.markets import (
    barriers_by_area,
    indicator_series,
    market_profile,
    market_profiles,
    most_blocked_area,
)
from ...selectors.public import public_events, published_barriers
from ...services import markets as services
from .charts import indicator_panel
from .forms import AddMarketForm, AreaMinistriesForm, MarketAreaForm

RECENT_EVENTS = 8


def _index(request, add_form=None, status=200):
    context = {"profiles": market_profiles(), "generated": timezone.localtime()}
    if permissions.can_manage_market_profiles(request.user):
        context["add_form"] = add_form or AddMarketForm()
    return render(request, "markets/index.html", context, status=status)


@require_GET
def index(request):
    return _index(request)


def _apply_errors(form, exc):
    for error in exc.errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


@login_required
@require_POST
def add_market(request):
    if not permissions.can_manage_market_profiles(request.user):
        raise PermissionDenied(_("Only a coordinator may add a market guide."))
    form = AddMarketForm(request.POST)
    if form.is_valid():
        try:
            profile = services.add_market_profile(
                request.user, form.cleaned_data["country"], reason=form.cleaned_data["reason"]
            )
        except ServiceError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The guide for %(market)s is added: its four areas wait for their texts.")
                % {"market": profile.country.name},
            )
            return redirect("markets:guide", country=profile.country.code)
    return _index(request, add_form=form, status=400)


@require_GET
def guide(request, country):
    profile = market_profile(country)
    if profile is None:
        raise Http404(_("There is no market guide for %(country)s.") % {"country": country})
    groups = barriers_by_area(profile.country.code, published_barriers(), profile)
    editable = {g.code for g in groups if g.text is not None and permissions.can_edit_market_area(request.user, g.text)}
    return render(
        request,
        "markets/guide.html",
        {
            "profile": profile,
            "groups": groups,
            "most_blocked": most_blocked_area(groups),
            "editable": editable,
            "events": public_events(country=profile.country.code, limit=RECENT_EVENTS),
            "indicators": indicator_panel(
                profile.country.code,
                profile.country.name,
                indicator_series(profile.country.code, published_barriers()),
                _("Resolved barriers counted here are those on the public register."),
            ),
            "generated": timezone.localtime(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def edit_area(request, country, area):
    try:
        item = services.get_market_area(country, area)
    except NotFound:
        raise Http404()
    if not permissions.can_edit_market_area(request.user, item):
        raise PermissionDenied(
            _("Only a coordinator or an officer of a ministry responsible for this area may edit it.")
        )
    if request.method == "POST":
        form = MarketAreaForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.update_market_area(
                    request.user,
                    item,
                    text_ko=data["text_ko"],
                    text_en=data["text_en"],
                    sources=data["sources"],
                    is_demo=data["is_demo"],
                    version=data["version"],
                    reason=data["reason"],
                )
            except Forbidden as exc:
                raise PermissionDenied(exc.first.message)
            except ServiceError as exc:
                for error in exc.errors:
                    form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, _("The guide's %(area)s area is saved.") % {"area": item.get_area_display()})
                return redirect("markets:guide", country=item.profile.country.code)
    else:
        form = MarketAreaForm(initial=_area_initial(item))
    return _edit_page(request, item, form)


def _area_initial(item):
    fields = ("text_ko", "text_en", "sources", "is_demo", "version")
    return {name: getattr(item, name) for name in fields}


def _edit_page(request, item, form, ministries_form=None, status=200):
    context = {"area": item, "form": form}
    if permissions.can_manage_market_profiles(request.user):
        context["ministries_form"] = ministries_form or AreaMinistriesForm(
            initial={"ministries": [m.pk for m in item.ministries.all()], "version": item.version},
            prefix="responsible",
        )
    return render(request, "markets/edit_area.html", context, status=status)


@login_required
@require_POST
def area_ministries(request, country, area):
    try:
        item = services.get_market_area(country, area)
    except NotFound:
        raise Http404()
    if not permissions.can_manage_market_profiles(request.user):
        raise PermissionDenied(_("Only a coordinator may name the ministries responsible for an area."))
    form = AreaMinistriesForm(request.POST, prefix="responsible")
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.set_area_ministries(
                request.user, item, data["ministries"], version=data["version"], reason=data["reason"]
            )
        except ServiceError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The ministries responsible for the area are saved."))
            return redirect("markets:edit_area", country=item.profile.country.code, area=item.area)
    return _edit_page(request, item, MarketAreaForm(initial=_area_initial(item)), ministries_form=form, status=400)
