"""The information pages every government service has: privacy policy, help, accessibility
statement, terms of use, and the API guide. Their figures come from settings, never restated."""

from django.conf import settings
from django.shortcuts import render
from django.urls import path

from barriers.deadlines import complaint_periods


def _deadlines():
    tracker = settings.TRACKER
    return {
        **complaint_periods(),
        "retention_days": tracker["COMPLAINT_RETENTION_DAYS"],
        "retention_years": round(tracker["COMPLAINT_RETENTION_DAYS"] / 365, 1),
        "max_files": tracker["EVIDENCE_MAX_FILES"],
        "max_mb": tracker["EVIDENCE_MAX_BYTES"] // (1024 * 1024),
    }


def privacy(request):
    return render(request, "pages/privacy.html", _deadlines())


def help_page(request):
    return render(request, "pages/help.html", _deadlines())


def accessibility(request):
    return render(request, "pages/accessibility.html")


def terms(request):
    return render(request, "pages/terms.html", _deadlines())


def api_guide(request):
    from api.limits import limit

    names = ("MAX_DEPTH", "MAX_COST", "MAX_ALIASES", "MAX_BODY_BYTES")
    limits = {}
    for name in names:
        try:
            limits[name.lower()] = limit(name)
        except (KeyError, AttributeError):
            limits[name.lower()] = None
    return render(
        request, "pages/api.html", {"limits": limits, "page_max": settings.GRAPHENE["RELAY_CONNECTION_MAX_LIMIT"]}
    )


app_name = "pages"
urlpatterns = [
    path("privacy/", privacy, name="privacy"),
    path("help/", help_page, name="help"),
    path("accessibility/", accessibility, name="accessibility"),
    path("terms/", terms, name="terms"),
    path("api/", api_guide, name="api"),
]
