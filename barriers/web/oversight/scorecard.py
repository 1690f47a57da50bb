"""The ministry scorecard: the page (/dashboard/scorecard/) and its CSV and XLSX exports.

Thin: the figures and their definitions come from barriers.selectors.scorecard; the page, the
exports and the GraphQL field show the same rows (`table_rows`), so they cannot disagree.
"""

from urllib.parse import urlencode

import tablib
from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from barriers.countries import country_name
from barriers.formatting import day, moment, number
from barriers.periods import PeriodOutOfRange, parse_period, period_choices
from barriers.selectors.scorecard import DEFINITIONS, ministry_scorecard

from ..fields import CountryChoiceField
from ..views import bad_request
from .exports import _csv_value, safe_row
from .views import _export_language, reader_required
from .xlsx import DECIMAL, LONG_TEXT, NUMBER, Column, Sheet, workbook


class ScorecardFilters(forms.Form):
    period = forms.CharField(required=False, max_length=7, label=gettext_lazy("Period"))
    country = CountryChoiceField(required=False, empty_label=gettext_lazy("All markets"), label=gettext_lazy("Market"))


def percent(share):
    """A share (0..1) as a percentage with one decimal, or None."""
    return None if share is None else round(share * 100, 1)


def table_rows(card):
    """[(ministry, country or None, Figures)]: each ministry over every market of the selection,
    then each of its markets. The page, the exports and the tests read these rows."""
    rows = []
    for score in card.ministries:
        rows.append((score.ministry, None, score.figures))
        rows.extend((score.ministry, code, figures) for code, figures in score.markets)
    return rows


NONE = "\u2013"  # an en dash: nothing to count


def _decimal(value):
    """One decimal at most: 5, 24.5."""
    if value is None:
        return NONE
    value = round(value, 1)
    return number(int(value) if value == int(value) else value)


def _share(part, whole, share):
    return NONE if share is None else f"{_decimal(percent(share))}% ({number(part)}/{number(whole)})"


def cells(f):
    """The page's cells of one row, in DEFINITIONS order: (definition key, text, alert)."""
    feedback = f"{number(f.feedback_yes)} / {number(f.feedback_partly)} / {number(f.feedback_no)}"
    resolved = number(f.barriers_resolved)
    if f.median_days_to_resolution is not None:
        resolved += f" ({_decimal(f.median_days_to_resolution)})"
    return [
        ("complaints_received", number(f.complaints_received), False),
        ("first_reply_share", _share(f.first_replies_in_time, f.first_replies_due, f.first_reply_share), False),
        ("median_days_to_first_reply", _decimal(f.median_days_to_first_reply), False),
        ("median_days_to_final_answer", _decimal(f.median_days_to_final_answer), False),
        ("refusal_share", _share(f.refusals_in_time, f.refusals, f.refusal_share), False),
        ("open_overdue_complaints", number(f.open_overdue_complaints), bool(f.open_overdue_complaints)),
        ("barriers_led", f"{number(f.barriers_led)} ({number(f.barriers_open)})", False),
        ("barriers_resolved", resolved, False),
        ("stale_share", _share(f.barriers_stale, f.barriers_open, f.stale_share), bool(f.barriers_stale)),
        ("feedback", feedback if f.has_feedback else NONE, False),
    ]


def page_rows(card):
    """Per ministry: its row over every market, then one per market, each with its cells."""
    labels = {d.key: d.label for d in DEFINITIONS}
    out = []
    for ministry, code, figures in table_rows(card):
        out.append(
            {
                "ministry": ministry,
                "country": code,
                "market": country_name(code) if code else _("All markets"),
                "cells": [(key, labels[key], text, alert) for key, text, alert in cells(figures)],
            }
        )
    return out


# The few figures the dashboard shows per ministry; the scorecard page has the rest.
DASHBOARD_KEYS = (
    "complaints_received",
    "first_reply_share",
    "open_overdue_complaints",
    "barriers_led",
    "barriers_resolved",
)


def dashboard_rows(card):
    """Per ministry, over every market of the selection: the DASHBOARD_KEYS cells (key, label, text, alert)."""
    labels = {d.key: d.label for d in DEFINITIONS}
    return [
        {
            "ministry": score.ministry,
            "cells": [
                (key, labels[key], text, alert) for key, text, alert in cells(score.figures) if key in DASHBOARD_KEYS
            ],
        }
        for score in card.ministries
    ]


def dashboard_section(user, period, countries, barrier_counts=None):
    """The dashboard's scorecard section: the period's figures per ministry, for the one market the
    dashboard is filtered to (several or none: every market). `barrier_counts`: the dashboard's
    barrier pass, when it counted that same selection."""
    country = countries[0] if len(countries) == 1 else None
    counts = barrier_counts if len(countries) <= 1 else None
    card = ministry_scorecard(user, period.first, period.last, country, barrier_counts=counts)
    query = {"period": period.key, **({"country": country} if country else {})}
    labels = {d.key: d.label for d in DEFINITIONS}
    return {
        "rows": dashboard_rows(card),
        "headings": [(key, labels[key]) for key in DASHBOARD_KEYS],
        "url": reverse("barriers:scorecard") + "?" + urlencode(query),
        "market": country_name(country) if country else _("All markets"),
    }


def columns():
    """(Column, getter of a table row) pairs; headings in the active language."""

    def fig(name):
        return lambda row: getattr(row[2], name)

    def share(name):
        return lambda row: percent(getattr(row[2], name))

    return [
        (Column(_("Ministry")), lambda row: row[0].code),
        (Column(_("Ministry name")), lambda row: row[0].name),
        (Column(_("Country code")), lambda row: row[1] or ""),
        (Column(_("Market")), lambda row: country_name(row[1]) if row[1] else _("All markets")),
        (Column(_("Complaints received"), NUMBER), fig("complaints_received")),
        (Column(_("First replies due"), NUMBER), fig("first_replies_due")),
        (Column(_("First replies in time"), NUMBER), fig("first_replies_in_time")),
        (Column(_("First replies in time (%)"), DECIMAL), share("first_reply_share")),
        (Column(_("Median working days to first reply"), DECIMAL), fig("median_days_to_first_reply")),
        (Column(_("Median working days to final answer"), DECIMAL), fig("median_days_to_final_answer")),
        (Column(_("Refusals"), NUMBER), fig("refusals")),
        (Column(_("Refusals with grounds in time"), NUMBER), fig("refusals_in_time")),
        (Column(_("Refusals with grounds in time (%)"), DECIMAL), share("refusal_share")),
        (Column(_("Open overdue complaints"), NUMBER), fig("open_overdue_complaints")),
        (Column(_("Barriers led"), NUMBER), fig("barriers_led")),
        (Column(_("Open barriers"), NUMBER), fig("barriers_open")),
        (Column(_("Barriers resolved"), NUMBER), fig("barriers_resolved")),
        (Column(_("Median days to resolution"), DECIMAL), fig("median_days_to_resolution")),
        (Column(_("Stale barriers"), NUMBER), fig("barriers_stale")),
        (Column(_("Share stale (%)"), DECIMAL), share("stale_share")),
        (Column(_("Feedback: yes"), NUMBER), fig("feedback_yes")),
        (Column(_("Feedback: partly"), NUMBER), fig("feedback_partly")),
        (Column(_("Feedback: no"), NUMBER), fig("feedback_no")),
    ]


def _read(request):
    """(form, period, card) or (form, None, None) for invalid input; PeriodOutOfRange propagates."""
    form = ScorecardFilters(request.GET or None)
    if request.GET and not form.is_valid():
        return form, parse_period(None), None
    data = form.cleaned_data if form.is_bound else {}
    period = parse_period(data.get("period"))
    card = ministry_scorecard(request.user, period.first, period.last, data.get("country") or None)
    return form, period, card


def _out_of_range(request, exc):
    return bad_request(
        request,
        _("There are no figures for %(period)s: choose a period from %(first)s to %(last)s.")
        % {"period": exc.key, "first": exc.first_year, "last": exc.last_year},
    )


def _describe(period, card):
    market = country_name(card.country) if card.country else _("All markets")
    basis = _("rebuilt from the history as it stood at the end of the period") if card.from_history else _("as of now")
    return _("%(period)s (%(first)s to %(last)s), %(market)s: %(basis)s.") % {
        "period": period.label,
        "first": day(period.first),
        "last": day(period.last),
        "market": market,
        "basis": basis,
    }


@reader_required
def scorecard(request):
    try:
        form, period, card = _read(request)
    except PeriodOutOfRange as exc:
        return _out_of_range(request, exc)
    keys = period_choices()
    query = request.GET.urlencode()
    suffix = f"?{query}" if query else ""
    context = {
        "form": form,
        "period": period,
        "periods": [(key, parse_period(key).label) for key in keys],
        "period_listed": period.key in keys,
        "card": card,
        "rows": page_rows(card) if card else [],
        "summary": _describe(period, card) if card else "",
        "definitions": DEFINITIONS,
        "csv_url": reverse("barriers:scorecard_csv") + suffix,
        "xlsx_url": reverse("barriers:scorecard_xlsx") + suffix,
    }
    return render(request, "oversight/scorecard.html", context, status=200 if card else 400)


def _export(request, fmt):
    try:
        form, period, card = _read(request)
    except PeriodOutOfRange as exc:
        return _out_of_range(request, exc)
    if card is None:
        return bad_request(request, "; ".join(str(e) for errors in form.errors.values() for e in errors))
    now = timezone.now()
    with translation.override(_export_language(request)):
        cols = columns()
        rows = [safe_row(get(row) for _column, get in cols) for row in table_rows(card)]
        if fmt == "csv":
            data = tablib.Dataset(headers=[column.heading for column, _get in cols])
            for row in rows:
                data.append([_csv_value(v) for v in row])
            response = HttpResponse("\ufeff" + data.export("csv"), content_type="text/csv; charset=utf-8")
        else:
            definitions = Sheet(
                name=_("Definitions"),
                title=_("What each figure counts"),
                subtitle=_describe(period, card),
                columns=[Column(_("Figure")), Column(_("Definition"), LONG_TEXT)],
                rows=[[str(d.label), str(d.text)] for d in DEFINITIONS],
            )
            figures = Sheet(
                name=_("Ministry scorecard"),
                title=_("Ministry scorecard"),
                subtitle=_("Extracted %(when)s. %(what)s") % {"when": moment(now), "what": _describe(period, card)},
                columns=[column for column, _get in cols],
                rows=rows,
            )
            response = HttpResponse(
                workbook([figures, definitions]),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
    response["Content-Disposition"] = f'attachment; filename="scorecard-{period.key}.{fmt}"'
    return response


@reader_required
def scorecard_csv(request):
    return _export(request, "csv")


@reader_required
def scorecard_xlsx(request):
    return _export(request, "xlsx")
