"""The public register (no sign-in): list, barrier page, open data, and "is this already known?".

Thin: reads through barriers.selectors.public (published barriers and public fields only) and the
matching engine; the filters are the register's FilterSet (barriers.filters).
"""

import json
import re

from django.conf import settings
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries
from django_ratelimit.core import is_ratelimited

from ... import permissions
from ...filters import PublicBarrierFilterSet
from ...matching.search import similar_barriers
from ...models import Category
from ...selectors.public import published_barrier, published_barriers, status_changes
from . import opendata

PAGE_SIZE = 20
COUNTRY = re.compile(r"[A-Za-z]{2}")


def _filtered(request):
    filterset = PublicBarrierFilterSet(request.GET or None, queryset=published_barriers())
    queryset = filterset.qs if filterset.is_bound and filterset.is_valid() else published_barriers()
    return filterset, queryset


def _open_data_headers(response):
    response["Access-Control-Allow-Origin"] = "*"  # open data: any site's script may read it
    return response


@require_GET
def register(request):
    filterset, queryset = _filtered(request)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    query = params.urlencode()
    return render(
        request,
        "public/register.html",
        {
            "filterset": filterset,
            "page": page,
            "query": query,
            "csv_url": reverse("public:csv") + (f"?{query}" if query else ""),
            "json_url": reverse("public:json") + (f"?{query}" if query else ""),
            "feed_url": reverse("public:feed")
            + (f"?country={filterset.form.cleaned_data['country']}" if _chosen_country(filterset) else ""),
        },
    )


def _chosen_country(filterset):
    return filterset.is_bound and filterset.is_valid() and filterset.form.cleaned_data.get("country")


@require_GET
def barrier(request, reference):
    item = published_barrier(reference)
    if item is None:
        raise Http404(_("There is no published barrier %(ref)s.") % {"ref": reference})
    history = status_changes([item.pk]).get(item.pk, [])
    return render(
        request,
        "public/barrier.html",
        {"barrier": item, "version": item.publication.live, "history": list(reversed(history))},
    )


@require_GET
def export_csv(request):
    _filterset, queryset = _filtered(request)
    rows = opendata.csv_rows(opendata.records(queryset.iterator(chunk_size=500), request.build_absolute_uri))
    response = StreamingHttpResponse(rows, content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="published-barriers-{stamp}.csv"'
    return _open_data_headers(response)


@require_GET
def export_json(request):
    _filterset, queryset = _filtered(request)
    results = list(opendata.records(queryset.iterator(chunk_size=500), request.build_absolute_uri))
    body = {
        "generated": timezone.localtime().isoformat(timespec="seconds"),
        "count": len(results),
        "fields": list(opendata.FIELDS),
        "results": results,
    }
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, indent=1), content_type="application/json; charset=utf-8"
    )
    return _open_data_headers(response)


def _error(field, code, message, status=400):
    return JsonResponse(
        {"results": [], "errors": [{"field": field, "code": code, "message": message}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def similar(request):
    """GET ?text=...&country=CC&category=CODE (or id): {"results": [{reference, title, url,
    score}]}, at most 5, best first. Anonymous callers (and `published=1`) get published
    barriers and their public wording; members of the tracker every barrier."""
    if is_ratelimited(
        request, group="public:similar", key="ip", rate=settings.TRACKER["SIMILAR_RATE"], method="GET", increment=True
    ):
        return _error(None, "rate_limited", _("Too many requests: wait a minute and try again."), status=429)
    text = request.GET.get("text", "")
    country = request.GET.get("country", "").strip().upper()
    if country and (not COUNTRY.fullmatch(country) or country not in dict(countries)):
        return _error(
            "country", "invalid", _("Unknown market %(code)s: use a two-letter ISO code.") % {"code": country}
        )
    category = request.GET.get("category", "").strip()
    if category:
        found = Category.objects.filter(**({"pk": int(category)} if category.isdigit() else {"code": category}))
        category = found.first()
        if category is None:
            return _error("category", "invalid", _("Unknown category."))
    published_only = request.GET.get("published") in ("1", "true")
    matches = similar_barriers(
        text, country=country or None, category=category or None, user=request.user, published_only=published_only
    )
    internal = permissions.can_match_internal(request.user) and not published_only
    results = []
    for match in matches:
        item = match.barrier
        public = item.publication.live if not internal else None
        results.append(
            {
                "reference": item.reference,
                "title": item.title if internal else public.title,
                "url": request.build_absolute_uri(
                    item.get_absolute_url() if internal else reverse("public:barrier", args=[item.reference])
                ),
                "score": match.score,
            }
        )
    response = JsonResponse({"results": results}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, no-store"
    return response
