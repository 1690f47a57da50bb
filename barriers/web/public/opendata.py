"""The published register as open data: one list of fields, written as CSV or JSON.

Both formats carry exactly the same fields, with codes and the Korean and English names, so a
consumer needs neither our locale nor our code lists. Only public fields: the public version's
title and summary, never the internal texts.
"""

import csv
import io

from django.urls import reverse
from django.utils import timezone, translation
from django_countries import countries

from ...choices import BarrierStatus
from ..oversight.exports import safe_row

FIELDS = (
    "reference",
    "url",
    "title_ko",
    "title_en",
    "summary_ko",
    "summary_en",
    "country",
    "market_ko",
    "market_en",
    "category",
    "category_ko",
    "category_en",
    "status",
    "status_ko",
    "status_en",
    "lead_ministry",
    "lead_ministry_ko",
    "lead_ministry_en",
    "reports",
    "first_published",
    "last_updated",
)


def _labels():
    """Market and status names in both languages, computed once per export, not per row."""
    names = {}
    for language in ("ko", "en"):
        with translation.override(language):
            names[language] = {
                "market": {code: str(name) for code, name in countries},
                "status": {code: str(label) for code, label in BarrierStatus.choices},
            }
    return names


def records(barriers, absolute):
    """One dict per barrier with FIELDS as keys. `absolute(path)` makes a full URL."""
    names = _labels()
    for barrier in barriers:
        live = barrier.publication.live
        country = str(barrier.country)
        first = barrier.publication.first_published_at
        updated = barrier.publication.public_updated_at
        yield {
            "reference": barrier.reference,
            "url": absolute(reverse("public:barrier", args=[barrier.reference])),
            "title_ko": live.title_ko,
            "title_en": live.title_en,
            "summary_ko": live.summary_ko,
            "summary_en": live.summary_en,
            "country": country,
            "market_ko": names["ko"]["market"].get(country, country),
            "market_en": names["en"]["market"].get(country, country),
            "category": barrier.category.code,
            "category_ko": barrier.category.name_ko,
            "category_en": barrier.category.name_en,
            "status": barrier.status,
            "status_ko": names["ko"]["status"][barrier.status],
            "status_en": names["en"]["status"][barrier.status],
            "lead_ministry": barrier.lead_ministry.code,
            "lead_ministry_ko": barrier.lead_ministry.name_ko,
            "lead_ministry_en": barrier.lead_ministry.name_en,
            "reports": barrier.report_count,
            "first_published": timezone.localtime(first).date().isoformat() if first else None,
            "last_updated": timezone.localtime(updated).isoformat(timespec="seconds") if updated else None,
        }


def csv_rows(records_iter):
    """CSV text, line by line (a header first); formula-like cells are neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        value = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate(0)
        return value

    # The BOM makes Excel read the file as UTF-8 (Korean would be garbled otherwise).
    writer.writerow(FIELDS)
    yield "\ufeff" + flush()
    for record in records_iter:
        writer.writerow(safe_row(["" if record[f] is None else record[f] for f in FIELDS]))
        yield flush()
