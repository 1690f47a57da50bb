"""Template helpers for the KRDS layout (tracker/templates/base.html) and the shared includes.

Everything here works without a request or context processors, because Django renders the 400,
500 and CSRF-failure pages with a bare context: the layout must still draw its header and footer.
"""

from django import template
from django.conf import settings
from django.urls import Resolver404, resolve
from django.utils.text import format_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from barriers import permissions

register = template.Library()


def _path_exists(path):
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


# (path, label, who sees it). Pages other engineers add (/workspace/, /public/barriers/, /markets/)
# appear in the navigation as soon as their URL resolves.
PUBLIC_LINKS = [
    ("/complaints/new/", _("Report a barrier")),
    ("/public/barriers/", _("Published barriers")),
    ("/markets/", _("Market guides")),
]
MEMBER_LINKS = [
    ("/workspace/", _("My work"), permissions.can_write_anything),
    ("/dashboard/", _("Dashboard"), permissions.can_read),
    ("/barriers/", _("Barriers"), permissions.can_read),
    ("/api/", _("API"), permissions.can_read),
    ("/coordination/", _("Routing and closure days"), permissions.can_route_categories),
    ("/graphql/", _("GraphiQL"), permissions.can_read),
    ("/workspace/escalations/", _("Escalations"), permissions.can_view_escalations),
]


@register.simple_tag(takes_context=True)
def nav_links(context):
    """The main navigation: [{url, label, current}], the same for the desktop and mobile menus."""
    request = context.get("request")
    user = context.get("user") or getattr(request, "user", None)
    current_path = getattr(request, "path", "")
    links = []
    if user is not None and permissions.can_read(user):
        candidates = [(path, label) for path, label, allowed in MEMBER_LINKS if allowed(user)]
        candidates += [(path, label) for path, label in PUBLIC_LINKS[1:]]
    else:
        candidates = PUBLIC_LINKS
    waiting = getattr(request, "session", {}).get("workspace_waiting") if request is not None else None
    for path, label in candidates:
        if path == "/workspace/" and waiting:
            # the count of complaints waiting, as of the last workspace page (kept in the session:
            # no query on every page)
            label = format_lazy("{} ({})", label, waiting)
        if _path_exists(path):
            links.append({"url": path, "label": label, "current": current_path.startswith(path)})
    return links


@register.simple_tag
def site_operator():
    """The operating agency shown in the footer and identifier (settings.TRACKER["OPERATOR"]),
    with its name and address in the page's language."""
    operator = settings.TRACKER["OPERATOR"]
    suffix = "en" if (get_language() or "ko").startswith("en") else "ko"
    return {
        "name": operator[f"name_{suffix}"],
        "address": operator[f"address_{suffix}"],
        "privacy_officer": operator[f"privacy_officer_{suffix}"],
        "phone": operator["phone"],
        "email": operator["email"],
    }


@register.simple_tag
def retention_days():
    return settings.TRACKER["COMPLAINT_RETENTION_DAYS"]


@register.inclusion_tag("ui/pagination.html", takes_context=True)
def pagination(context, page, query="", label=None):
    """KRDS pagination for a Django Page; `query` is the current query string without `page`."""
    paginator = page.paginator
    numbers = list(paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))
    prefix = f"?{query}&page=" if query else "?page="
    return {"page": page, "numbers": numbers, "prefix": prefix, "ellipsis": paginator.ELLIPSIS, "label": label}


STATUS_BADGES = {
    # barrier statuses
    "reported": "outline-gray",
    "confirmed": "outline-primary",
    "in_progress": "bg-light-primary",
    "partially_resolved": "bg-light-success",
    "resolved": "bg-success",
    "rejected": "bg-light-danger",
    "on_hold": "bg-light-warning",
    # complaint statuses
    "received": "outline-gray",
    "under_review": "bg-light-primary",
    "linked": "bg-light-success",
    "answered": "bg-success",
}


@register.inclusion_tag("ui/status_badge.html")
def status_badge(code, label):
    """A KRDS badge for a barrier or complaint status: {% status_badge b.status b.get_status_display %}."""
    return {"code": code, "label": label, "variant": STATUS_BADGES.get(code, "outline-gray")}


INPUT_TYPES = {"text", "email", "tel", "url", "number", "password", "date", "datetime-local", "search", "textarea"}


@register.filter
def krds_widget(field):
    """Render a bound field's widget with KRDS's class (krds-input, krds-form-select) and, when it
    has errors, aria-invalid and aria-describedby pointing at the hint and the error message."""
    widget = field.field.widget
    input_type = getattr(widget, "input_type", None) or (
        "textarea" if widget.__class__.__name__ == "Textarea" else None
    )
    attrs = {}
    if input_type == "file":
        pass  # a file input keeps the browser's own control (site.css frames it)
    elif input_type in INPUT_TYPES:
        attrs["class"] = "krds-input"
    elif (
        input_type == "select"
        or widget.__class__.__name__.endswith("Select")
        or hasattr(widget, "allow_multiple_selected")
    ):
        attrs["class"] = "krds-form-select"
    existing = widget.attrs.get("class")
    if existing and attrs.get("class"):
        attrs["class"] = f"{existing} {attrs['class']}"
    if field.errors and "aria-describedby" not in widget.attrs:
        described = [f"{field.auto_id}_error"]
        if field.help_text:
            described.append(f"{field.auto_id}_helptext")
        attrs["aria-invalid"] = "true"
        attrs["aria-describedby"] = " ".join(described)
    return field.as_widget(attrs=attrs)


@register.filter
def change_reason(reason):
    """A stored change reason in the reader's language (system reasons translated), "-" when none."""
    from barriers.change_reasons import display_reason

    return display_reason(reason) or "-"
