"""CSV and XLSX exports of a filtered barrier list, written by tablib (openpyxl for XLSX).

Headings follow the active language (ko or en). Text cells a spreadsheet would read as a formula
(starting with = + - @, tab or carriage return) get a leading apostrophe, so a title such as
"=HYPERLINK(...)" arrives as text, never as a formula.
"""

import tablib
from django.utils.translation import gettext as _

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]


def _date(value):
    return value.isoformat() if value else ""


def _yes_no(value):
    return _("yes") if value else _("no")


def columns():
    """(heading, getter) pairs; headings translated when called (inside translation.override)."""
    return [
        (_("Reference"), lambda b: b.reference),
        (_("Title"), lambda b: b.title),
        (_("Country code"), lambda b: str(b.country)),
        (_("Country"), lambda b: str(b.country.name)),
        (_("Status"), lambda b: str(b.get_status_display())),
        (_("Lead ministry"), lambda b: b.lead_ministry.code),
        (_("Supporting ministries"), lambda b: ", ".join(sorted(m.code for m in b.supporting_ministries.all()))),
        (_("Category"), lambda b: b.category.name),
        (_("Priority"), lambda b: str(b.get_priority_display())),
        (_("Scope"), lambda b: str(b.get_scope_display())),
        (_("Source"), lambda b: str(b.get_source_display())),
        (_("Who acts next"), lambda b: str(b.get_next_actor_display())),
        (_("Identified on"), lambda b: _date(b.identified_on)),
        (_("Target date"), lambda b: _date(b.target_on)),
        (_("Resolved on"), lambda b: _date(b.resolved_on)),
        (_("Overdue"), lambda b: _yes_no(getattr(b, "is_overdue", False))),
        (_("Stale"), lambda b: _yes_no(getattr(b, "is_stale", False))),
        (_("Trade impact (KRW)"), lambda b: b.trade_impact_krw if b.trade_impact_krw is not None else ""),
        (_("Description"), lambda b: b.description),
        (_("Resolution summary"), lambda b: b.resolution_summary),
    ]


def barrier_dataset(queryset):
    """A tablib.Dataset of the barriers in `queryset` (from selectors.filter_barriers)."""
    cols = columns()
    data = tablib.Dataset(headers=[str(h) for h, _get in cols], title=str(_("Barriers")))
    for barrier in queryset.iterator(chunk_size=2000):
        data.append([safe_cell(get(barrier)) for _h, get in cols])
    return data
