"""CSV and XLSX exports of a filtered barrier list.

Headings follow the active language (ko or en). CSV is one plain table (dates as ISO 8601, a BOM
so that Excel reads the Korean as UTF-8); XLSX has typed cells and a title with the filters and
the time of extraction (xlsx.py). Text cells a spreadsheet would read as a formula (starting with
= + - @, tab or carriage return) get a leading apostrophe, so a title such as "=HYPERLINK(...)"
arrives as text, never as a formula.
"""

import datetime

import tablib
from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _

from barriers.formatting import day, moment
from barriers.input_rules import clean_text

from .xlsx import DATE, LONG_TEXT, MONEY, Column, Sheet, workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    value = clean_text(value)  # control characters (rows written before input_rules) go first
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values):
    return [safe_cell(v) for v in values]


def _yes_no(value):
    return _("yes") if value else _("no")


def columns():
    """(Column, getter) pairs; headings translated when called (inside translation.override)."""
    return [
        (Column(_("Reference")), lambda b: b.reference),
        (Column(_("Title"), LONG_TEXT), lambda b: b.title),
        (Column(_("Country code")), lambda b: str(b.country)),
        (Column(_("Market")), lambda b: str(b.country.name)),
        (Column(_("Status")), lambda b: str(b.get_status_display())),
        (Column(_("Lead ministry")), lambda b: b.lead_ministry.code),
        (
            Column(_("Supporting ministries")),
            lambda b: ", ".join(sorted(m.code for m in b.supporting_ministries.all())),
        ),
        (Column(_("Category")), lambda b: b.category.name),
        (Column(_("Priority")), lambda b: str(b.get_priority_display())),
        (Column(_("Scope")), lambda b: str(b.get_scope_display())),
        (Column(_("Source")), lambda b: str(b.get_source_display())),
        (Column(_("Who acts next")), lambda b: str(b.get_next_actor_display())),
        (Column(_("Identified on"), DATE), lambda b: b.identified_on),
        (Column(_("Target date"), DATE), lambda b: b.target_on),
        (Column(_("Resolved on"), DATE), lambda b: b.resolved_on),
        (Column(_("Overdue")), lambda b: _yes_no(getattr(b, "is_overdue", False))),
        (Column(_("Stale")), lambda b: _yes_no(getattr(b, "is_stale", False))),
        (Column(_("Trade impact (KRW)"), MONEY), lambda b: b.trade_impact_krw),
        (Column(_("Description"), LONG_TEXT), lambda b: b.description),
        (Column(_("Resolution summary"), LONG_TEXT), lambda b: b.resolution_summary),
    ]


def _rows(queryset, cols):
    for barrier in queryset.iterator(chunk_size=2000):
        yield [safe_cell(get(barrier)) for _column, get in cols]


def _csv_value(value):
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def barrier_csv(queryset):
    """The CSV text (without its BOM) of the barriers in `queryset` (from selectors.filter_barriers)."""
    cols = columns()
    data = tablib.Dataset(headers=[column.heading for column, _get in cols])
    for row in _rows(queryset, cols):
        data.append([_csv_value(v) for v in row])
    return data.export("csv")


def _shown(field, value):
    """A cleaned filter value as the filter form showed it."""
    if isinstance(value, (list, tuple)) or hasattr(value, "model"):
        return ", ".join(_shown(field, v) for v in value)
    if isinstance(field, forms.NullBooleanField) or isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, datetime.date):
        return day(value)
    if isinstance(field, forms.ChoiceField) and not hasattr(field, "queryset"):
        labels = {}
        for key, label in field.choices:
            labels.update({k: v for k, v in label} if isinstance(label, (list, tuple)) else {key: label})
        return str(labels.get(value, value))
    return str(getattr(value, "name", value))


def describe_filters(filterset):
    """The filters a list was extracted with, as a reader would say them ("Market: China; ...")."""
    form = filterset.form
    parts = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name) if hasattr(form, "cleaned_data") else None
        if value in (None, "", [], ()) or (hasattr(value, "exists") and not value):
            continue
        parts.append(f"{field.label}: {_shown(field, value)}")
    return "; ".join(parts) or _("none (every barrier you may see)")


def barrier_xlsx(queryset, filterset, extracted_at=None):
    """The .xlsx bytes: one sheet, a title row with the filters and the time of extraction."""
    cols = columns()
    extracted_at = extracted_at or timezone.now()
    sheet = Sheet(
        name=_("Barriers"),
        title=_("Barriers"),
        subtitle=_("Extracted %(when)s. Filters: %(filters)s.")
        % {"when": moment(extracted_at), "filters": describe_filters(filterset)},
        columns=[column for column, _get in cols],
        rows=list(_rows(queryset, cols)),
    )
    return workbook([sheet])
