"""Signed-in pages: the dashboard, the barrier list and detail, and the exports. Thin: reads go
through the selectors (visible_to inside), permission questions through barriers.permissions."""

from dataclasses import replace
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from barriers import permissions
from barriers.choices import TARGET_MARKETS
from barriers.countries import country_name
from barriers.periods import PeriodOutOfRange, parse_period, period_choices
from barriers.selectors.barriers import filter_barriers, visible_barriers
from barriers.selectors.dashboard import CACHE_SECONDS, build_dashboard, cache_key
from barriers.selectors.markets import indicator_series_by_market

from ..markets.charts import indicator_panel
from ..views import bad_request
from . import charts
from .exports import barrier_csv, barrier_xlsx

PAGE_SIZE = 50


def reader_required(view):
    """Signed in (else to the login page) and a member who may read barriers (else 403)."""

    @login_required
    def wrapped(request, *args, **kwargs):
        if not permissions.can_read(request.user):
            raise PermissionDenied(_("Your account has no role in the tracker yet."))
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


def list_url(params):
    query = urlencode(params, doseq=True)
    return reverse("barriers:list") + (f"?{query}" if query else "")


def query_without(request, *names):
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


@reader_required
def dashboard(request):
    """The figures are cached (dashboard.cache_key: any write makes a new key); the filter form is
    built on every visit, from the request."""
    key = cache_key(request.user, request.GET, translation.get_language())
    context = cache.get(key)
    if context is None:
        try:
            data = build_dashboard(request.user, request.GET)
        except PeriodOutOfRange as exc:
            return bad_request(
                request,
                _("There are no figures for %(period)s: choose a period from %(first)s to %(last)s.")
                % {"period": exc.key, "first": exc.first_year, "last": exc.last_year},
            )
        context = _dashboard_figures(request, data)
        # The filterset holds the selection's queryset (pickling would run it) and the pass's rows.
        cache.set(key, {**context, "data": replace(data, filterset=None, scorecard_counts=None)}, CACHE_SECONDS)
    else:
        context["data"].filterset = filter_barriers(request.user, request.GET, queryset=visible_barriers(request.user))[
            0
        ]
    form = context["data"].filterset.form
    context["filter_fields"] = [form[name] for name in ("country", "ministry", "category")]
    return render(request, "oversight/dashboard.html", context)


def _dashboard_figures(request, data):
    """Everything the dashboard shows but its filter form: the figures with their links, the
    charts, the export panels, the scorecard section."""
    for figure in data.figures:
        figure.url = list_url(figure.params) if figure.params is not None else ""
    open_label, resolved_label = _("Open"), _("Resolved")
    row_urls = {row["country"]: row["total"].url for row in data.matrix}
    market_charts = [
        {
            "country": country,
            "name": country_name(country),
            "url": row_urls.get(country),
            "svg": charts.market_chart(
                _("%(market)s: open and resolved barriers at the end of each month")
                % {"market": country_name(country)},
                data.chart_periods,
                series,
                open_label,
                resolved_label,
            ),
        }
        for country, series in data.markets_over_time.items()
    ]
    ministry_chart = charts.ministry_resolutions_chart(
        _("Resolutions per quarter by lead ministry"),
        data.chart_quarters,
        data.resolutions_by_ministry,
    )
    ministry_legend = charts.quarter_legend(data.chart_quarters)
    export_panels = [
        indicator_panel(country, country_name(country), series, _("Every barrier of the market counts here."))
        for country, series in indicator_series_by_market(TARGET_MARKETS, visible_barriers(request.user)).items()
        if series
    ]
    form = data.filterset.form
    keys = period_choices()
    from .scorecard import dashboard_section  # scorecard.py imports this module

    scorecard = dashboard_section(
        request.user,
        data.period,
        getattr(form, "cleaned_data", {}).get("country") or [],
        barrier_counts=data.scorecard_counts,
    )
    return {
        "data": data,
        "periods": [(key, parse_period(key).label) for key in keys],
        "period_listed": data.period.key in keys,
        "market_charts": market_charts,
        "ministry_chart": ministry_chart,
        "ministry_legend": ministry_legend,
        "scorecard": scorecard,
        "open_label": open_label,
        "resolved_label": resolved_label,
        "export_panels": export_panels,
        "today": timezone.localdate(),
    }


# The list's filter bar shows these; the FilterSet's other filters are under "More filters".
LIST_MAIN_FILTERS = ("q", "country", "status", "lead_ministry", "category", "order_by")


@reader_required
def barrier_list(request):
    filterset, queryset = filter_barriers(request.user, request.GET)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "barrier": barrier,
            "edit_url": barrier.get_absolute_url() + "#actions"
            if permissions.can_change_barrier(request.user, barrier)
            else None,
        }
        for barrier in page
    ]
    query = query_without(request, "page")
    form = filterset.form
    more = [form[name] for name in form.fields if name not in LIST_MAIN_FILTERS]
    return render(
        request,
        "oversight/barrier_list.html",
        {
            "filterset": filterset,
            "main_filters": [form[name] for name in LIST_MAIN_FILTERS],
            "more_filters": more,
            "more_open": any(request.GET.get(field.name) for field in more),
            "page": page,
            "rows": rows,
            "query": query,
            "csv_url": reverse("barriers:export_csv") + (f"?{query}" if query else ""),
            "xlsx_url": reverse("barriers:export_xlsx") + (f"?{query}" if query else ""),
        },
    )


@reader_required
def barrier_detail(request, reference):
    """The barrier page, with the actions the user may take (barriers.web.barrier_work)."""
    from ..barrier_work.views import _barrier_or_404, render_barrier_page

    return render_barrier_page(request, _barrier_or_404(request.user, reference))


def _export_language(request):
    wanted = request.GET.get("lang", "")
    codes = {code for code, _name in settings.LANGUAGES}
    return wanted if wanted in codes else translation.get_language()


def _export(request, fmt):
    filterset, queryset = filter_barriers(request.user, request.GET)
    now = timezone.now()
    with translation.override(_export_language(request)):
        if fmt == "csv":
            # The BOM makes Excel read the file as UTF-8 (Korean text would be garbled otherwise).
            response = HttpResponse("\ufeff" + barrier_csv(queryset), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(
                barrier_xlsx(queryset, filterset, extracted_at=now),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="barriers-{stamp}.{fmt}"'
    return response


@reader_required
def export_csv(request):
    return _export(request, "csv")


@reader_required
def export_xlsx(request):
    return _export(request, "xlsx")
