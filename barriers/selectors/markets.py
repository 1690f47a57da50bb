"""Reads for the market strategies: a market's profile with its areas, and a market's barriers
grouped by strategy area (products, marketing, payment, delivery, cross-cutting) with their status,
and which area is most blocked.

The grouping takes any barrier queryset: every barrier for members (selectors.barriers), the
published ones for the public guides (selectors.public.published_barriers). One query each.
"""

from dataclasses import dataclass, field

from django.db.models import Prefetch

from ..choices import BARRIER_OPEN_STATUSES, MARKET_AREAS, BarrierStatus, StrategyArea
from ..models import Barrier, MarketArea, MarketProfile

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
