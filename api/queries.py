"""Root queries. Every root resolver starts from a visible queryset from barriers.selectors and
asks it for the joins the selection needs, so no field costs a query per row.
"""

import graphene
from django.db.models import Count
from graphene import relay
from graphene.utils.str_converters import to_camel_case
from graphene_django.fields import DjangoConnectionField

from barriers.filters import BarrierFilterSet, ComplaintFilterSet
from barriers.models import Barrier, Category, Ministry
from barriers.selectors import barriers as barrier_selectors
from barriers.selectors import complaints as complaint_selectors
from barriers.selectors import stats as stats_selectors
from barriers.selectors.history import attach_timelines
from barriers.selectors.stats import count_by

from . import enums
from .auth import request_user
from .errors import ApiError
from .selection import selection_tree, subtree
from .types import BarrierType, CategoryType, ComplaintType, Country, CountryType, MinistryType

# The shared FilterSet's filters as GraphQL types (snake_case here; camelCase in the schema).
FILTER_TYPES = {
    "q": (graphene.String, "Text search over reference, title and description."),
    "country": (graphene.List(graphene.NonNull(graphene.String)), "ISO 3166-1 alpha-2 codes; any of them."),
    "status": (graphene.List(graphene.NonNull(enums.BarrierStatusEnum)), "Any of these statuses."),
    "priority": (graphene.List(graphene.NonNull(enums.PriorityEnum)), "Any of these priorities."),
    "scope": (enums.ScopeEnum, ""),
    "source": (enums.SourceEnum, ""),
    "category": (graphene.List(graphene.NonNull(graphene.String)), "Category codes; any of them."),
    "lead_ministry": (graphene.List(graphene.NonNull(graphene.String)), "Lead ministry codes; any of them."),
    "ministry": (graphene.List(graphene.NonNull(graphene.String)), "Ministry codes, lead or supporting; any of them."),
    "overdue": (graphene.Boolean, "Open and past the target date."),
    "stale": (graphene.Boolean, "Open with no progress update within the stale period."),
    "identified_from": (graphene.Date, ""),
    "identified_to": (graphene.Date, ""),
    "updated_from": (graphene.Date, ""),
    "updated_to": (graphene.Date, ""),
    "resolved_from": (graphene.Date, ""),
    "resolved_to": (graphene.Date, ""),
}
ORDER_TYPE = graphene.List(graphene.NonNull(enums.BarrierOrder))


def filter_arguments():
    args = {name: graphene.Argument(type_, description=doc or None) for name, (type_, doc) in FILTER_TYPES.items()}
    args["order_by"] = graphene.Argument(ORDER_TYPE, description="Sort keys; *_DESC sorts descending.")
    return args


BarrierFilter = type(
    "BarrierFilter",
    (graphene.InputObjectType,),
    {name: graphene.InputField(type_, description=doc or None) for name, (type_, doc) in FILTER_TYPES.items()},
)


def filterset_data(args):
    """GraphQL filter arguments -> the FilterSet's data (codes, lists, comma-joined ordering)."""
    data = {}
    for name, value in (args or {}).items():
        if value is None or name not in FILTER_TYPES and name != "order_by":
            continue
        if isinstance(value, list):
            value = [enums.code(v) for v in value]
        else:
            value = enums.code(value)
        if name == "order_by":
            value = ",".join(value)
        data[name] = value
    return data


def apply_filters(queryset, args):
    data = filterset_data(args)
    if not data:
        return queryset  # building the FilterSet's form (250 country choices) costs ~10 ms
    filterset = BarrierFilterSet(data, queryset=queryset)
    if not filterset.is_valid():
        problems = {to_camel_case(field): [str(e) for e in errors] for field, errors in filterset.errors.items()}
        text = "; ".join(f"{field}: {' '.join(msgs)}" for field, msgs in problems.items())
        raise ApiError(f"Invalid filter: {text}", "invalid")
    return filterset.qs


# Which requested Barrier fields need which join (names from barrier_page_queryset).
FIELD_RELATIONS = {
    "leadMinistry": "lead_ministry",
    "category": "category",
    "supportingMinistries": "supporting_ministries",
    "progressUpdates": "progress_updates",
    "linkedComplaints": "complaints",
    "isOverdue": "flags",
    "isStale": "flags",
    "complaintCount": "complaint_count",
}


def relations_for(node_tree):
    return {FIELD_RELATIONS[name] for name in node_tree if name in FIELD_RELATIONS}


def barriers_queryset(info, node_tree):
    return barrier_selectors.barrier_page_queryset(request_user(info), include=relations_for(node_tree))


def fetch_barriers(info, lookup, tree_path=()):
    """A few barriers (by reference or pk) with the joins and timelines the selection asks for."""
    node_tree = subtree(selection_tree(info), *tree_path)
    rows = list(barriers_queryset(info, node_tree).filter(**lookup))
    if "history" in node_tree:
        attach_timelines(rows)
    return rows


class BarrierConnectionField(DjangoConnectionField):
    """The barriers connection: visible rows, shared filters, joins from the selection, and the
    page's timelines fetched in one go after slicing (never per row)."""

    def wrap_resolve(self, parent_resolver):
        resolve = super().wrap_resolve(parent_resolver)

        def resolver(root, info, **args):
            connection = resolve(root, info, **args)
            node_tree = subtree(selection_tree(info), "edges", "node")
            if "history" in node_tree:
                attach_timelines(edge.node for edge in connection.edges)
            return connection

        return resolver

    @classmethod
    def resolve_queryset(cls, connection, queryset, info, args):
        return queryset  # the root resolver already applied visibility (no get_queryset hop)


def resolve_barrier_page(root, info, **args):
    node_tree = subtree(selection_tree(info), "edges", "node")
    queryset = apply_filters(barriers_queryset(info, node_tree), args)
    return barrier_selectors.with_stable_order(queryset)


COMPLAINT_FILTER_TYPES = {
    "q": (graphene.String, "Text search over reference and description."),
    "status": (graphene.List(graphene.NonNull(enums.ComplaintStatusEnum)), "Any of these statuses."),
    "country": (graphene.List(graphene.NonNull(graphene.String)), "ISO 3166-1 alpha-2 codes; any of them."),
    "category": (graphene.List(graphene.NonNull(graphene.String)), "Category codes; any of them."),
    "answering_ministry": (graphene.List(graphene.NonNull(graphene.String)), "Ministry codes; any of them."),
    "overdue": (graphene.Boolean, "No first reply or final answer by its deadline."),
    "received_from": (graphene.Date, ""),
    "received_to": (graphene.Date, ""),
}


class ComplaintConnectionField(DjangoConnectionField):
    @classmethod
    def resolve_queryset(cls, connection, queryset, info, args):
        return queryset  # the root resolver already applied visibility and filters


def resolve_complaint_page(root, info, **args):
    """Complaints newest first, through the shared ComplaintFilterSet; joins built in."""
    data = {}
    for name in COMPLAINT_FILTER_TYPES:
        value = args.get(name)
        if value is not None:
            data[name] = [enums.code(v) for v in value] if isinstance(value, list) else enums.code(value)
    queryset = complaint_selectors.complaint_list_queryset(request_user(info))
    if data:
        filterset = ComplaintFilterSet(data, queryset=queryset)
        if not filterset.is_valid():
            text = "; ".join(f"{to_camel_case(f)}: {' '.join(map(str, e))}" for f, e in filterset.errors.items())
            raise ApiError(f"Invalid filter: {text}", "invalid")
        queryset = filterset.qs
    return queryset.order_by("-received_at", "-id")


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


class Query(graphene.ObjectType):
    node = relay.Node.Field()
    barriers = BarrierConnectionField(BarrierType, **filter_arguments())
    barrier = graphene.Field(BarrierType, reference=graphene.String(required=True))
    complaints = ComplaintConnectionField(
        ComplaintType,
        description="SME complaints, newest first. Personal data only for officers and coordinators.",
        **{
            name: graphene.Argument(type_, description=doc or None)
            for name, (type_, doc) in COMPLAINT_FILTER_TYPES.items()
        },
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

    def resolve_barriers(root, info, **args):
        return resolve_barrier_page(root, info, **args)

    def resolve_complaints(root, info, **args):
        return resolve_complaint_page(root, info, **args)

    def resolve_barrier(root, info, reference):
        rows = fetch_barriers(info, {"reference": reference})
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
        queryset = apply_filters(barrier_selectors.visible_barriers(request_user(info)), filter or {})
        return [StatsRow(**row) for row in stats_selectors.barrier_stats(queryset, groups)]

    def resolve_progress(root, info, from_, to, interval="month", country=None, ministry=None):
        if to < from_:
            raise ApiError("`to` must not be before `from`.", "invalid")
        spans = stats_selectors.periods(from_, to, enums.code(interval))
        if len(spans) > MAX_PERIODS:
            raise ApiError(f"period count {len(spans)} exceeds the limit of {MAX_PERIODS}", "limit_exceeded")
        queryset = apply_filters(
            barrier_selectors.visible_barriers(request_user(info)), {"country": country, "ministry": ministry}
        )
        return stats_selectors.progress(queryset, from_, to, enums.code(interval))


__all__ = ["BarrierFilter", "Query", "fetch_barriers"]
