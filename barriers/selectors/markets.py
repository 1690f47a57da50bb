"""Reads for the market strategies: a market's profile with its areas, and a market's barriers
grouped by strategy area (products, marketing, payment, delivery, cross-cutting) with their status,
and which area is most blocked.

The grouping takes any barrier queryset: every barrier for members (selectors.barriers), the
published ones for the public guides (selectors.public.published_barriers). One query each.
"""

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Prefetch

from ..choices import BARRIER_OPEN_STATUSES, MARKET_AREAS, BarrierStatus, StrategyArea
from ..models import Barrier, MarketArea, MarketIndicator, MarketProfile
from ..periods import QUARTER

GROUP_ORDER = [*(a.value for a in MARKET_AREAS), StrategyArea.CROSS_CUTTING.value]


@dataclass
class AreaGroup:
    code: str
    barriers: list = field(default_factory=list)
    text: MarketArea | None = None  # the profile's text for this area (none for cross-cutting)

    @property
    def label(self):
        return StrategyArea(self.code).label

    @property
    def open_count(self):
        return sum(1 for b in self.barriers if b.status in BARRIER_OPEN_STATUSES)

    @property
    def status_counts(self):
        """[(status code, label, count)] in the workflow's order, statuses with no barrier left out."""
        counts = {}
        for b in self.barriers:
            counts[b.status] = counts.get(b.status, 0) + 1
        return [(s.value, s.label, counts[s.value]) for s in BarrierStatus if s.value in counts]


def market_profile(country):
    """The market's profile with its areas, their responsible ministries and last reviewers (2
    queries), or None."""
    areas = MarketArea.objects.select_related("reviewed_by__membership__ministry").prefetch_related("ministries")
    return (
        MarketProfile.objects.prefetch_related(Prefetch("areas", queryset=areas))
        .filter(country=str(country).upper())
        .first()
    )


def market_profiles():
    return MarketProfile.objects.all()


def barriers_by_area(country, queryset=None, profile=None):
    """The market's barriers per strategy area, in area order: [AreaGroup]. `queryset` decides which
    barriers count (default: all); `profile` attaches each area's text."""
    queryset = Barrier.objects.select_related("category") if queryset is None else queryset
    groups = {code: AreaGroup(code) for code in GROUP_ORDER}
    rows = queryset.filter(country=str(country).upper()).with_strategy_area().order_by("reference")
    for barrier in rows:
        groups[barrier.effective_area].barriers.append(barrier)
    if profile is not None:
        for area in profile.areas.all():
            groups[area.area].text = area
    return [groups[code] for code in GROUP_ORDER]


def most_blocked_area(groups):
    """Of the four strategy areas, the one with the most open barriers (ties: the most barriers,
    then the strategy's order); None when no area has an open barrier."""
    candidates = [g for g in groups if g.code != StrategyArea.CROSS_CUTTING and g.open_count]
    if not candidates:
        return None
    return max(candidates, key=lambda g: (g.open_count, len(g.barriers), -GROUP_ORDER.index(g.code)))


# -- the export series ----------------------------------------------------------------------------


@dataclass(frozen=True)
class SeriesRow:
    key: str  # "2024-Q1" or "2024-03"
    first: date
    last: date
    value_krw: int | None
    value_usd: int | None
    resolved: int  # barriers resolved in the period (of the queryset given)
    is_demo: bool
    indicator: MarketIndicator

    @property
    def value_million(self):
        return round(self.value_krw / 1_000_000) if self.value_krw is not None else None


def market_indicators(country):
    """The market's export figures, oldest first (one query)."""
    return MarketIndicator.objects.filter(country=str(country).upper()).order_by("-interval", "period_start")


def indicator_series(country, barriers=None, *, every_interval=False):
    """The market's export series with the barriers of `barriers` (default: all) resolved in each
    period: [SeriesRow], two queries. For a chart, one interval: its quarters, or its months if it
    has no quarter; `every_interval` gives every figure (quarters, then months)."""
    country = str(country).upper()
    return indicator_series_by_market([country], barriers, every_interval=every_interval)[country]


def indicator_series_by_market(countries, barriers=None, *, every_interval=False):
    """{country: [SeriesRow]} for several markets in two queries (markets without figures: [])."""
    countries = [str(c).upper() for c in countries]
    by_country = {c: [] for c in countries}
    for indicator in MarketIndicator.objects.filter(country__in=countries).order_by("-interval", "period_start"):
        by_country[indicator.country.code].append(indicator)
    if not every_interval:
        for country, indicators in by_country.items():
            by_country[country] = [i for i in indicators if i.interval == QUARTER] or indicators
    spans = [(i, i.period_start, i.period_end) for rows in by_country.values() for i in rows]
    if not spans:
        return {c: [] for c in countries}
    barriers = Barrier.objects.all() if barriers is None else barriers
    resolved = list(
        barriers.filter(
            country__in=[c for c, rows in by_country.items() if rows],
            status=BarrierStatus.RESOLVED,
            resolved_on__gte=min(first for _i, first, _last in spans),
            resolved_on__lte=max(last for _i, _first, last in spans),
        )
        .order_by()
        .values_list("country", "resolved_on")
    )
    return {
        country: [
            SeriesRow(
                key=i.period_key,
                first=i.period_start,
                last=i.period_end,
                value_krw=i.value_krw,
                value_usd=i.value_usd,
                resolved=sum(1 for c, d in resolved if c == country and i.period_start <= d <= i.period_end),
                is_demo=i.is_demo,
                indicator=i,
            )
            for i in rows
        ]
        for country, rows in by_country.items()
    }
