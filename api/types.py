"""GraphQL types. Rows arrive from the root resolvers with their joins already built: a field that
needs a join says so where it is declared (`joins.field(..., join=...)`, read by api/joins.py), and
api/loading.py asks the selectors for exactly those. No type overrides `get_queryset` (it would
send every foreign-key hop through `get_node`, one query per row) and nested lists are plain lists
over prefetched rows, not connections.
"""

import graphene
from django.utils import translation
from graphene import relay
from graphene.utils.str_converters import to_camel_case
from graphene_django import DjangoObjectType

from barriers import permissions
from barriers.countries import country_name
from barriers.models import Barrier, Category, Complaint, Ministry, Note, ProgressUpdate

from . import enums, joins, loading
from .auth import request_user
from .errors import ApiError
from .limits import check_page_size


class Node(relay.Node):
    """Relay's Node, with a malformed or foreign id an `invalid` error rather than an exception
    (graphene raises a bare Exception, which reached callers as an internal error)."""

    class Meta:
        name = "Node"
        description = "An object with an ID"

    @classmethod
    def get_node_from_global_id(cls, info, global_id, only_type=None):
        try:
            type_name, raw_id = cls.resolve_global_id(info, global_id)
        except Exception:
            type_name = raw_id = None
        graphene_type = getattr(info.schema.get_type(type_name or ""), "graphene_type", None)
        implements = graphene_type is not None and cls in getattr(graphene_type._meta, "interfaces", ())
        if not implements or not (raw_id or "").isdigit() or int(raw_id) >= 2**63:
            raise ApiError(f"Malformed node id: {global_id!r}.", "invalid")
        if only_type and graphene_type is not only_type:
            raise ApiError(f"Expected a {only_type._meta.name} id.", "invalid")
        return graphene_type.get_node(info, int(raw_id))


class CountableConnection(relay.Connection):
    """A Relay connection whose totalCount is the COUNT the connection field already ran."""

    class Meta:
        abstract = True

    total_count = graphene.Int(required=True)

    def resolve_total_count(root, info):
        return root.length


_COUNTRY_NAMES = {}


def country_names(code):
    if code not in _COUNTRY_NAMES:
        with translation.override("ko"):
            ko = country_name(code)
        with translation.override("en"):
            en = country_name(code)
        _COUNTRY_NAMES[code] = (ko, en)
    return _COUNTRY_NAMES[code]


class CountryType(graphene.ObjectType):
    class Meta:
        name = "Country"

    code = graphene.String(required=True, description="ISO 3166-1 alpha-2")
    name_ko = graphene.String(required=True)
    name_en = graphene.String(required=True)
    barrier_count = graphene.Int(description="Visible barriers in this country (on `countries` only).")

    def resolve_name_ko(root, info):
        return country_names(root.code)[0]

    def resolve_name_en(root, info):
        return country_names(root.code)[1]


class Country:
    def __init__(self, code, barrier_count=None):
        self.code = str(code)
        self.barrier_count = barrier_count


def stored_country(row):
    """The stored code, not the django_countries object the field's descriptor builds per read."""
    code = row.__dict__.get("country")
    return Country(code) if code else None


def prefetched(row, name):
    """A to-many relation's rows: the plain list the selector prefetched (`<name>_list`), or the
    relation itself for a row that came without it."""
    rows = row.__dict__.get(f"{name}_list")
    if rows is not None:
        return rows
    return getattr(row, name).all()


class MinistryType(DjangoObjectType):
    class Meta:
        model = Ministry
        name = "Ministry"
        fields = ("code", "name_ko", "name_en", "email", "is_active")
        convert_choices_to_enum = False

    kind = graphene.String(required=True)
    name = graphene.String(required=True, description="In the request's language.")
    barrier_count = graphene.Int(description="Barriers it leads or supports (on `ministries` only).")
    lead_count = graphene.Int(description="Barriers it leads (on `ministries` only).")

    def resolve_barrier_count(root, info):
        return getattr(root, "barrier_count", None)

    def resolve_lead_count(root, info):
        return getattr(root, "lead_count", None)


class CategoryType(DjangoObjectType):
    class Meta:
        model = Category
        name = "Category"
        fields = ("code", "name_ko", "name_en", "ntm_chapter", "sort_order")
        convert_choices_to_enum = False

    name = graphene.String(required=True)
    barrier_count = graphene.Int(description="Visible barriers in this category (on `categories` only).")

    def resolve_barrier_count(root, info):
        return getattr(root, "barrier_count", None)


class ProgressUpdateType(DjangoObjectType):
    class Meta:
        model = ProgressUpdate
        name = "ProgressUpdate"
        fields = ("id", "date", "text", "created_at", "ministry")
        convert_choices_to_enum = False

    status = enums.BarrierStatusEnum(required=True, description="The barrier's status when it was written.")
    rag = enums.RagEnum(required=True)
    author_name = joins.field(graphene.String, join="author", required=True)
    ministry = joins.field(MinistryType, join="ministry")

    def resolve_author_name(root, info):
        author = root.author
        return author.get_full_name() or author.get_username()


class NoteType(DjangoObjectType):
    class Meta:
        model = Note
        name = "Note"
        fields = ("id", "text", "created_at")

    author_name = graphene.String(required=True)
    author_ministry = graphene.String(description="The author's ministry code, if any.")

    def resolve_author_name(root, info):
        return root.author.get_full_name() or root.author.get_username()

    def resolve_author_ministry(root, info):
        membership = getattr(root.author, "membership", None)
        return membership.ministry.code if membership and membership.ministry_id else None


def _personal(info, complaint):
    """Asked per row; reads the complaint's own columns only, so it costs no query."""
    return permissions.can_view_personal_data(request_user(info), complaint)


class ComplaintType(DjangoObjectType):
    """An SME complaint. The complainant's personal data (company, registration number, contact,
    e-mail, phone) is null unless the caller may see it for this complaint
    (permissions.can_view_personal_data: coordinators, and officers of the ministry answering it
    or, before one does, of the ministry it was routed to; never a read token)."""

    class Meta:
        model = Complaint
        name = "Complaint"
        use_connection = True  # a connection without relay.Node: node(id:) would skip visible_to()
        connection_class = CountableConnection
        fields = (
            "reference",
            "product",
            "description",
            "desired_fix",
            "received_at",
            "reply",
            "replied_at",
            "first_reply_due",
            "final_answer_due",
            "extended_review",
            "closed_at",
            "category",
        )
        convert_choices_to_enum = False

    status = enums.ComplaintStatusEnum(required=True)
    outcome = enums.ComplaintOutcomeEnum()
    country = graphene.Field(CountryType, required=True)
    category = graphene.Field(CategoryType, required=True)
    answering_ministry = graphene.Field(MinistryType)
    routed_ministry = graphene.Field(MinistryType, description="Where the complaint went on arrival (its category's).")
    barrier_reference = graphene.String(description="The barrier this complaint is linked to.")
    is_overdue = graphene.Boolean(required=True, description="No first reply or final answer by its deadline.")
    company_name = graphene.String()
    business_number = graphene.String()
    contact_name = graphene.String()
    email = graphene.String()
    phone = graphene.String()

    def resolve_country(root, info):
        return stored_country(root)

    def resolve_outcome(root, info):
        return root.outcome or None

    def resolve_barrier_reference(root, info):
        return root.barrier.reference if root.barrier_id else None

    def resolve_is_overdue(root, info):
        if hasattr(root, "is_overdue"):
            return root.is_overdue
        return Complaint.objects.overdue().filter(pk=root.pk).exists()

    def resolve_company_name(root, info):
        return root.company_name if _personal(info, root) else None

    def resolve_business_number(root, info):
        return root.business_number if _personal(info, root) else None

    def resolve_contact_name(root, info):
        return root.contact_name if _personal(info, root) else None

    def resolve_email(root, info):
        return root.email if _personal(info, root) else None

    def resolve_phone(root, info):
        return str(root.phone) if root.phone and _personal(info, root) else None


class FieldChangeType(graphene.ObjectType):
    class Meta:
        name = "FieldChange"

    field = graphene.String(required=True, description="The Barrier field's GraphQL name.")
    label = graphene.String(required=True)
    old = graphene.String()
    new = graphene.String()
    added = graphene.List(graphene.NonNull(graphene.String), required=True)
    removed = graphene.List(graphene.NonNull(graphene.String), required=True)

    def resolve_field(root, info):
        return to_camel_case(root.field)


class TimelineEntryType(graphene.ObjectType):
    class Meta:
        name = "TimelineEntry"

    when = graphene.DateTime(required=True)
    kind = enums.TimelineKind(required=True)
    who = joins.field(graphene.String, join="who", required=True)
    ministry = joins.field(graphene.String, join="who", description="Code of the actor's ministry.")
    reason = graphene.String(required=True)
    version = graphene.Int()
    changes = joins.field(graphene.List(graphene.NonNull(FieldChangeType)), join="changes", required=True)
    progress_update = joins.field(ProgressUpdateType, join="progress")

    def resolve_progress_update(root, info):
        return root.progress


def _page(items, first=None, last=None, field=""):
    check_page_size(field, first=first, last=last)
    items = list(items)
    if first is not None:
        items = items[:first]
    if last is not None:
        items = items[-last:] if last else []
    return items


class BarrierType(DjangoObjectType):
    class Meta:
        model = Barrier
        name = "Barrier"
        interfaces = (Node,)
        connection_class = CountableConnection
        convert_choices_to_enum = False
        fields = (
            "id",
            "reference",
            "title",
            "description",
            "sectors",
            "trade_impact_krw",
            "identified_on",
            "target_on",
            "resolved_on",
            "resolution_summary",
            "created_at",
            "updated_at",
            "version",
        )

    country = graphene.Field(CountryType, required=True)
    scope = enums.ScopeEnum(required=True)
    status = enums.BarrierStatusEnum(required=True)
    next_actor = enums.NextActorEnum(required=True)
    priority = enums.PriorityEnum(required=True)
    source = enums.SourceEnum(required=True)
    category = joins.field(CategoryType, join="category", required=True)
    lead_ministry = joins.field(MinistryType, join="lead_ministry", required=True)
    strategy_area = joins.field(
        enums.StrategyAreaEnum,
        join="category",
        required=True,
        description="Its market-strategy area: the one chosen for it, else its category's.",
    )
    supporting_ministries = joins.field(
        graphene.List(graphene.NonNull(MinistryType)), join="supporting_ministries", required=True
    )
    is_overdue = joins.field(graphene.Boolean, join="flags", required=True)
    is_stale = joins.field(graphene.Boolean, join="flags", required=True)
    progress_updates = joins.field(
        graphene.List(graphene.NonNull(ProgressUpdateType)),
        join="progress_updates",
        required=True,
        first=graphene.Int(),
        last=graphene.Int(),
        description="Newest first; at most 100 per request.",
    )
    complaint_count = joins.field(
        graphene.Int, join="complaint_count", required=True, description="Complaints linked to this barrier."
    )
    linked_complaints = joins.field(
        graphene.List(graphene.NonNull(ComplaintType)),
        join="complaints",
        description="Complaints linked to this barrier; personal data only where the caller may see it.",
    )
    notes = joins.field(
        graphene.List(graphene.NonNull(NoteType)),
        join="notes",
        required=True,
        description="Internal notes, oldest first (members only; never on the public register).",
    )
    history = joins.field(
        graphene.List(graphene.NonNull(TimelineEntryType)),
        join="history",
        required=True,
        first=graphene.Int(),
        last=graphene.Int(),
        description="The audit timeline, oldest first: status changes, edits, ministry changes, progress.",
    )

    @classmethod
    def get_node(cls, info, id):
        rows = loading.fetch_barriers(info, cls, {"pk": id})
        return rows[0] if rows else None

    def resolve_country(root, info):
        return stored_country(root)

    def resolve_supporting_ministries(root, info):
        return prefetched(root, "supporting_ministries")

    def resolve_strategy_area(root, info):
        return root.effective_strategy_area

    def resolve_is_overdue(root, info):
        if hasattr(root, "is_overdue"):
            return bool(root.is_overdue)  # SQL NULL (no target date) means not overdue
        return Barrier.objects.overdue().filter(pk=root.pk).exists()

    def resolve_is_stale(root, info):
        if hasattr(root, "is_stale"):
            return bool(root.is_stale)
        return Barrier.objects.stale().filter(pk=root.pk).exists()

    def resolve_progress_updates(root, info, first=None, last=None):
        return _page(prefetched(root, "progress_updates"), first, last, "progressUpdates")

    def resolve_complaint_count(root, info):
        if hasattr(root, "complaint_count"):
            return root.complaint_count
        return root.complaints.count()

    def resolve_linked_complaints(root, info):
        return prefetched(root, "complaints")  # facts for every reader; personal fields per row (ComplaintType)

    def resolve_notes(root, info):
        rows = root.__dict__.get("notes_list")
        if rows is not None:
            return rows
        from barriers.selectors.follows import notes_for

        return notes_for(request_user(info), root)

    def resolve_history(root, info, first=None, last=None):
        timeline = getattr(root, "timeline", None)
        if timeline is None:
            from barriers.selectors.history import timeline as timeline_of

            timeline = timeline_of(root)
        return _page(timeline, first, last, "history")


__all__ = [
    "BarrierType",
    "CategoryType",
    "ComplaintType",
    "CountableConnection",
    "CountryType",
    "MinistryType",
    "Node",
    "ProgressUpdateType",
    "TimelineEntryType",
]


class MarketIndicatorType(graphene.ObjectType):
    """One figure of a market's cross-border e-commerce export series (selectors.markets.SeriesRow)."""

    class Meta:
        name = "MarketIndicator"

    country = graphene.Field(CountryType, required=True)
    period = graphene.String(required=True, description="`2026-Q2` for a quarter, `2026-05` for a month.")
    interval = graphene.String(required=True, description="`month` or `quarter`.")
    period_start = graphene.Date(required=True)
    period_end = graphene.Date(required=True)
    value_krw = graphene.Float(description="In KRW (the survey publishes millions of KRW).")
    value_usd = graphene.Float(description="In USD, where the source gives it.")
    unit = graphene.String(required=True, description="The unit the source published the figure in.")
    source = graphene.String(required=True)
    is_demo = graphene.Boolean(required=True, description="Made up for the demonstration: not a statistic.")
    barriers_resolved = graphene.Int(
        required=True, description="Barriers of this market resolved in the same period (visible to the caller)."
    )

    def resolve_country(root, info):
        return Country(root.indicator.country.code)

    def resolve_period(root, info):
        return root.key

    def resolve_interval(root, info):
        return root.indicator.interval

    def resolve_period_start(root, info):
        return root.first

    def resolve_period_end(root, info):
        return root.last

    def resolve_unit(root, info):
        return root.indicator.unit

    def resolve_source(root, info):
        return root.indicator.source

    def resolve_barriers_resolved(root, info):
        return root.resolved


class MarketAreaType(graphene.ObjectType):
    """One strategy area of a market guide (products, marketing, payment or delivery)."""

    class Meta:
        name = "MarketArea"

    country = graphene.Field(CountryType, required=True)
    area = graphene.String(required=True, description="`products`, `marketing`, `payment` or `delivery`.")
    text_ko = graphene.String(required=True)
    text_en = graphene.String(required=True)
    sources = graphene.List(graphene.NonNull(graphene.String), required=True)
    ministries = graphene.List(graphene.NonNull(lambda: MinistryType), required=True, description="Responsible.")
    reviewed_at = graphene.DateTime()
    is_demo = graphene.Boolean(required=True)
    version = graphene.Int(required=True)

    def resolve_country(root, info):
        return Country(root.profile.country.code)

    def resolve_sources(root, info):
        return root.source_list()

    def resolve_ministries(root, info):
        return list(root.ministries.all())
