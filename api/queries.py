"""Root queries. Every root resolver starts from a visible queryset from barriers.selectors and
asks it for the joins the selection needs, so no field costs a query per row.
"""

import re
from datetime import date

import graphene
from django.db.models import Count
from graphene_django.fields import DjangoConnectionField

from barriers.filters import BarrierFilterSet, ComplaintFilterSet
from barriers.models import Barrier, Category, Ministry
from barriers.selectors import barriers as barrier_selectors
from barriers.selectors import complaints as complaint_selectors
from barriers.selectors import markets as market_selectors
from barriers.selectors import stats as stats_selectors
from barriers.selectors.stats import count_by

from . import enums, joins, scorecard
from .auth import request_user
from .errors import ApiError
from .filter_args import FilterArguments
from .limits import check_page_size
from .loading import attach_history, barriers_queryset, fetch_barriers
from .types import (
    BarrierType,
    CategoryType,
    ComplaintType,
    Country,
    CountryType,
    MarketIndicatorType,
    MinistryType,
    Node,
)

# The FilterSets' filters as arguments (derived: a filter added there is an argument here).
BARRIER_FILTERS = FilterArguments(BarrierFilterSet, "Barrier")
COMPLAINT_FILTERS = FilterArguments(ComplaintFilterSet, "Complaint")
BarrierFilter = BARRIER_FILTERS.input_type("BarrierFilter", exclude=BARRIER_FILTERS.ordering)


class PagedConnectionField(DjangoConnectionField):
    """A connection whose `first`/`last` are checked before anything runs: negative is `invalid`,
    over the page limit `limit_exceeded` (graphene-django would raise bare assertions)."""

    def wrap_resolve(self, parent_resolver):
        resolve = super().wrap_resolve(parent_resolver)
        name = self.name or ""

        def resolver(root, info, **args):
            check_page_size(info.field_name or name, first=args.get("first"), last=args.get("last"))
            return self.after_page(resolve(root, info, **args), info)

        return resolver

    def after_page(self, connection, info):
        return connection

    @classmethod
    def resolve_queryset(cls, connection, queryset, info, args):
        return queryset  # the root resolver already applied visibility and filters (no get_queryset hop)


class BarrierConnectionField(PagedConnectionField):
    """The barriers connection: visible rows, shared filters, joins from the selection, and the
    page's timelines fetched in one go after slicing (never per row)."""

    def after_page(self, connection, info):
        attach_history([edge.node for edge in connection.edges], joins.needs(info, BarrierType, "edges", "node"))
        return connection


def resolve_barrier_page(root, info, **args):
    needs = joins.needs(info, BarrierType, "edges", "node")
    queryset = BARRIER_FILTERS.apply(barriers_queryset(info, needs), args)
    return barrier_selectors.with_stable_order(queryset)


class ComplaintConnectionField(PagedConnectionField):
    pass


def resolve_complaint_page(root, info, **args):
    """Complaints newest first, through the shared ComplaintFilterSet; joins built in."""
    queryset = complaint_selectors.complaint_list_queryset(request_user(info))
    return COMPLAINT_FILTERS.apply(queryset, args).order_by("-received_at", "-id")


class StatsRow(graphene.ObjectType):
    country = graphene.String()
    status = enums.BarrierStatusEnum()
    ministry = graphene.String(description="Lead ministry code.")
    category = graphene.String(description="Category code.")
    priority = enums.PriorityEnum()
    count = graphene.Int(required=True)


class StatusCounts(graphene.ObjectType):
    reported = graphene.Int(required=True)
    confirmed = graphene.Int(required=True)
    in_progress = graphene.Int(required=True)
    partially_resolved = graphene.Int(required=True)
    resolved = graphene.Int(required=True)
    rejected = graphene.Int(required=True)
    on_hold = graphene.Int(required=True)


class ProgressPeriod(graphene.ObjectType):
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    counts = graphene.Field(StatusCounts, required=True, description="Barriers in each status at the period's end.")
    open = graphene.Int(required=True, description="Not resolved or rejected at the period's end.")
    resolved = graphene.Int(required=True, description="Barriers resolved during the period.")
    median_days_to_resolution = graphene.Float(description="Over barriers resolved in the period.")

    def resolve_counts(root, info):
        return StatusCounts(**root["counts"])


MAX_PERIODS = 120
# Dates `progress` accepts: wide enough for any barrier, narrow enough that period arithmetic and
# time zones never step outside what Python's dates and the database hold.
PROGRESS_DATES = (date(1900, 1, 1), date(2999, 12, 31))


class Query(graphene.ObjectType):
    node = Node.Field()
    barriers = BarrierConnectionField(BarrierType, **BARRIER_FILTERS.arguments())
    barrier = graphene.Field(BarrierType, reference=graphene.String(required=True))
    complaints = ComplaintConnectionField(
        ComplaintType,
        description="SME complaints, newest first. Personal data only where the caller may see it (per complaint).",
        **COMPLAINT_FILTERS.arguments(),
    )
    ministries = graphene.List(
        graphene.NonNull(MinistryType),
        required=True,
        description="Ministries that lead or support a barrier, with counts.",
    )
    categories = graphene.List(
        graphene.NonNull(CategoryType), required=True, description="Categories in use, with counts."
    )
    countries = graphene.List(
        graphene.NonNull(CountryType), required=True, description="Countries in use, with counts."
    )
    barrier_stats = graphene.List(
        graphene.NonNull(StatsRow),
        required=True,
        group_by=graphene.List(graphene.NonNull(enums.StatsGroup), required=True),
        filter=BarrierFilter(),
        description="Barrier counts per group, computed in the database.",
    )
    progress = graphene.List(
        graphene.NonNull(ProgressPeriod),
        required=True,
        country=graphene.List(graphene.NonNull(graphene.String)),
        ministry=graphene.List(graphene.NonNull(graphene.String), description="Lead or supporting."),
        from_=graphene.Date(required=True, name="from"),
        to=graphene.Date(required=True),
        interval=enums.Interval(default_value=enums.Interval.MONTH.value),
        description="Per period: status counts at its end (from history), resolutions, median days.",
    )
    ministry_scorecard = scorecard.FIELD
    resolve_ministry_scorecard = scorecard.resolve

    market_indicators = graphene.List(
        graphene.NonNull(MarketIndicatorType),
        required=True,
        country=graphene.String(required=True, description="ISO 3166-1 alpha-2"),
        description="The market's cross-border e-commerce export series, oldest first (quarters, then months), "
        "with the barriers resolved in each period.",
    )

    def resolve_market_indicators(root, info, country):
        if not re.fullmatch(r"[A-Za-z]{2}", country or ""):
            raise ApiError("`country` must be an ISO 3166-1 alpha-2 code such as CN.", "invalid")
        visible = barrier_selectors.visible_barriers(request_user(info))
        return market_selectors.indicator_series(country.upper(), visible, every_interval=True)

    def resolve_barriers(root, info, **args):
        return resolve_barrier_page(root, info, **args)

    def resolve_complaints(root, info, **args):
        return resolve_complaint_page(root, info, **args)

    def resolve_barrier(root, info, reference):
        rows = fetch_barriers(info, BarrierType, {"reference": reference})
        return rows[0] if rows else None

    def resolve_ministries(root, info):
        visible = barrier_selectors.visible_barriers(request_user(info))
        lead = count_by(visible, "lead_ministry")
        supporting = dict(
            Barrier.supporting_ministries.through.objects.filter(barrier__in=visible.values("pk"))
            .values_list("ministry")
            .annotate(n=Count("pk"))
            .values_list("ministry", "n")
        )
        rows = list(Ministry.objects.filter(pk__in=set(lead) | set(supporting)).order_by("code"))
        for ministry in rows:
            ministry.lead_count = lead.get(ministry.pk, 0)
            ministry.barrier_count = ministry.lead_count + supporting.get(ministry.pk, 0)
        return rows

    def resolve_categories(root, info):
        counts = count_by(barrier_selectors.visible_barriers(request_user(info)), "category")
        rows = list(Category.objects.filter(pk__in=counts))
        for category in rows:
            category.barrier_count = counts[category.pk]
        return rows

    def resolve_countries(root, info):
        counts = count_by(barrier_selectors.visible_barriers(request_user(info)), "country")
        return [Country(code, n) for code, n in sorted(counts.items())]

    def resolve_barrier_stats(root, info, group_by, filter=None):
        groups = list(dict.fromkeys(enums.code(g) for g in group_by))
        queryset = BARRIER_FILTERS.apply(barrier_selectors.visible_barriers(request_user(info)), filter or {})
        return [StatsRow(**row) for row in stats_selectors.barrier_stats(queryset, groups)]

    def resolve_progress(root, info, from_, to, interval="month", country=None, ministry=None):
        if to < from_:
            raise ApiError("`to` must not be before `from`.", "invalid")
        low, high = PROGRESS_DATES
        if from_ < low or to > high:
            raise ApiError(f"`from` and `to` must lie between {low} and {high}.", "invalid")
        step = 3 if enums.code(interval) == "quarter" else 1
        count = (to.year * 12 + to.month - 1) // step - (from_.year * 12 + from_.month - 1) // step + 1
        if count > MAX_PERIODS:
            raise ApiError(f"period count {count} exceeds the limit of {MAX_PERIODS}", "limit_exceeded")
        queryset = BARRIER_FILTERS.apply(
            barrier_selectors.visible_barriers(request_user(info)), {"country": country, "ministry": ministry}
        )
        return stats_selectors.progress(queryset, from_, to, enums.code(interval))


__all__ = ["BarrierFilter", "Query"]
