"""Market indicators: a market's cross-border e-commerce export series, imported from the CSV that
Statistics Korea publishes for its online-shopping survey (온라인쇼핑동향조사, 해외직접판매액 by
country, downloaded from KOSIS). The layout is read by `parse_kosis_csv`, the rows written by
`import_market_indicators`: all or nothing, and importing the same file twice changes nothing.

The layout (KOSIS "국가(대륙)별/상품군별 온라인쇼핑 해외직접판매액", CSV, periods across):

    국가(대륙)별,상품군별,2024.1/4,2024.2/4,2024.3/4,2024.4/4 p)
    중국,합계,"1,234,567","1,301,002",...

- first column `국가(대륙)별`: the market's Korean name (KOSIS_COUNTRIES); regions and totals
  (합계, 아세안, 유럽연합, 중동, 중남미, 대양주, 기타, ...) are skipped, an unknown name is an error;
- optional second column `상품군별`: only the total row (`합계` or `계`) of each market is read;
- one column per period: `2024.1/4` (a quarter) or `2024.03` (a month), a trailing ` p)` (provisional)
  allowed; values in millions of KRW (백만원, the survey's unit), thousands separators allowed,
  empty or `-` for no figure.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from .. import permissions
from ..change_reasons import SYSTEM_REASONS
from ..errors import ErrorDetail, Invalid
from ..models import MarketIndicator
from ..periods import MONTH, QUARTER
from .common import require, stamp, validate

UNIT = "백만원"  # millions of KRW, as the survey publishes them
UNIT_FACTOR = 1_000_000
DEFAULT_SOURCE = "통계청 온라인쇼핑동향조사 (KOSIS)"
DEMO_SOURCE = "시연용 수치 (통계청 온라인쇼핑동향조사 형식)"
COUNTRY_COLUMN = "국가(대륙)별"
PRODUCT_COLUMN = "상품군별"
TOTAL_ROWS = {"합계", "계"}
KOSIS_COUNTRIES = {
    "미국": "US",
    "중국": "CN",
    "일본": "JP",
    "베트남": "VN",
    "인도네시아": "ID",
    "싱가포르": "SG",
    "대만": "TW",
    "홍콩": "HK",
    "태국": "TH",
    "말레이시아": "MY",
    "필리핀": "PH",
    "호주": "AU",
    "캐나다": "CA",
    "영국": "GB",
    "독일": "DE",
    "프랑스": "FR",
    "러시아": "RU",
}
REGIONS = {
    "합계", "계", "아세안", "아세안(ASEAN)", "ASEAN", "유럽연합", "유럽연합(EU)", "EU", "중동", "중남미",
    "대양주", "기타", "아프리카", "중동·아프리카",
}  # fmt: skip
QUARTER_HEADER = re.compile(r"^(\d{4})\.\s*([1-4])/4(?:\s*p\))?$")
MONTH_HEADER = re.compile(r"^(\d{4})\.\s*(0?[1-9]|1[0-2])(?:\s*p\))?$")


@dataclass(frozen=True)
class Figure:
    country: str
    interval: str
    period_start: date
    value_krw: int


def _period(header):
    header = header.strip()
    match = QUARTER_HEADER.match(header)
    if match:
        return QUARTER, date(int(match[1]), 3 * (int(match[2]) - 1) + 1, 1)
    match = MONTH_HEADER.match(header)
    if match:
        return MONTH, date(int(match[1]), int(match[2]), 1)
    return None


def parse_kosis_csv(text):
    """[Figure] from the file's text, or Invalid naming every bad row (line numbers as a
    spreadsheet shows them, the header being line 1)."""
    text = text.lstrip("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not rows[0] or rows[0][0].strip() != COUNTRY_COLUMN:
        raise Invalid(
            _("Line 1: the first column must be headed %(name)s (the KOSIS layout).") % {"name": COUNTRY_COLUMN},
            field="header",
        )
    header = [cell.strip() for cell in rows[0]]
    first_period = 2 if len(header) > 1 and header[1] == PRODUCT_COLUMN else 1
    periods = []
    errors = []
    for column, cell in enumerate(header[first_period:], start=first_period):
        period = _period(cell)
        if period is None:
            errors.append(
                ErrorDetail(
                    "header",
                    "invalid",
                    _("Line 1, column %(col)d: %(value)s is not a period such as 2024.1/4 or 2024.03.")
                    % {"col": column + 1, "value": cell or '""'},
                )
            )
        periods.append(period)
    if not periods:
        errors.append(ErrorDetail("header", "invalid", _("Line 1: there is no period column.")))
    if errors:
        raise Invalid(errors=errors)
    figures = {}
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        name = row[0].strip()
        if first_period == 2 and (len(row) < 2 or row[1].strip() not in TOTAL_ROWS):
            continue  # a product group's row: only each market's total is read
        if name in REGIONS:
            continue
        country = KOSIS_COUNTRIES.get(name)
        if country is None:
            errors.append(
                ErrorDetail(
                    "row",
                    "invalid",
                    _("Line %(line)d: unknown market %(name)s.") % {"line": line, "name": name or '""'},
                )
            )
            continue
        if len(row) > len(header):
            errors.append(
                ErrorDetail("row", "invalid", _("Line %(line)d has more cells than the header.") % {"line": line})
            )
            continue
        for column, cell in enumerate(row[first_period:], start=first_period):
            value = cell.strip().replace(",", "")
            if value in ("", "-"):
                continue
            interval, start = periods[column - first_period]
            try:
                amount = float(value)
            except ValueError:
                amount = None
            if amount is None or amount < 0 or amount != amount:
                errors.append(
                    ErrorDetail(
                        "row",
                        "invalid",
                        _("Line %(line)d, column %(col)d: %(value)s is not an amount.")
                        % {"line": line, "col": column + 1, "value": cell.strip()},
                    )
                )
                continue
            key = (country, interval, start)
            if key in figures:
                errors.append(
                    ErrorDetail(
                        "row",
                        "invalid",
                        _("Line %(line)d: %(name)s has a second figure for %(period)s.")
                        % {"line": line, "name": name, "period": header[column]},
                    )
                )
                continue
            figures[key] = Figure(country, interval, start, round(amount * UNIT_FACTOR))
    if errors:
        raise Invalid(errors=errors)
    return list(figures.values())


@transaction.atomic
def import_market_indicators(actor, figures, *, source=DEFAULT_SOURCE, is_demo=False):
    """Write the figures: new ones created, changed ones updated, the same ones left alone (no
    history row). Returns (created, updated, unchanged). All or nothing."""
    require(
        actor is None or permissions.can_manage_market_indicators(actor),
        _("Only a coordinator imports export figures."),
    )
    created = updated = unchanged = 0
    existing = {
        (i.country.code, i.interval, i.period_start): i
        for i in MarketIndicator.objects.filter(country__in={f.country for f in figures})
    }
    for figure in figures:
        values = {"value_krw": figure.value_krw, "unit": UNIT, "source": source, "is_demo": is_demo}
        indicator = existing.get((figure.country, figure.interval, figure.period_start))
        if indicator is None:
            indicator = MarketIndicator(
                country=figure.country, interval=figure.interval, period_start=figure.period_start, **values
            )
            created += 1
        elif all(getattr(indicator, k) == v for k, v in values.items()):
            unchanged += 1
            continue
        else:
            for k, v in values.items():
                setattr(indicator, k, v)
            updated += 1
        validate(indicator)
        stamp(indicator, actor, SYSTEM_REASONS.MARKET_INDICATORS_IMPORTED)
        indicator.save()
    return created, updated, unchanged
