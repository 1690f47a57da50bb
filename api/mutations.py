"""Mutations: input -> service -> payload. Each takes one `input` and returns the object it changed
and `errors: [{field, code, message}]` (empty on success). Rules and history live in the services.
"""

import graphene
from django.utils.translation import gettext as _

from barriers import permissions
from barriers.errors import Forbidden, Invalid, NotFound, ServiceError
from barriers.models import Category, Ministry
from barriers.services import barriers as services
from barriers.services import markets as market_services

from . import enums
from .auth import request_user
from .errors import FieldError, from_service_error
from .loading import fetch_barriers
from .types import BarrierType, MarketAreaType, ProgressUpdateType


def _ministry(code, field):
    ministry = Ministry.objects.filter(code=code).first()
    if ministry is None:
        raise NotFound(_("No ministry with code %(code)s.") % {"code": code}, field=field)
    return ministry


def _ministries(codes, field):
    codes = list(dict.fromkeys(codes or []))
    found = {m.code: m for m in Ministry.objects.filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        raise NotFound(_("No ministry with code %(code)s.") % {"code": ", ".join(missing)}, field=field)
    return [found[c] for c in codes]


def _category(code, field="category"):
    category = Category.objects.filter(code=code).first()
    if category is None:
        raise NotFound(_("No category with code %(code)s.") % {"code": code}, field=field)
    return category


def _require_writer(info):
    """An early, clear refusal for callers who may write nothing at all (oversight readers, and
    read-only tokens, which permissions.role_of narrows to readers); the services still judge
    each object."""
    if not permissions.can_write_anything(request_user(info)):
        raise Forbidden(_("This account or API token may only read."))


def _reload(info, barrier):
    """The changed barrier as the payload's selection wants it (joins and history included)."""
    rows = fetch_barriers(info, BarrierType, {"pk": barrier.pk}, "barrier")
    return rows[0] if rows else None


class ServiceMutation(graphene.Mutation):
    """Runs `perform`, turning ServiceError into payload errors; nothing is saved on an error."""

    class Meta:
        abstract = True

    errors = graphene.List(graphene.NonNull(FieldError), required=True)

    @classmethod
    def mutate(cls, root, info, input):
        try:
            _require_writer(info)
            return cls.perform(info, request_user(info), input)
        except ServiceError as exc:
            return cls(errors=from_service_error(exc))

    @classmethod
    def perform(cls, info, actor, data):
        raise NotImplementedError


def _enum_fields(data, names):
    return {name: enums.code(data[name]) for name in names if data.get(name) is not None}


class BarrierFieldsMixin:
    title = graphene.String()
    description = graphene.String()
    country = graphene.String(description="ISO 3166-1 alpha-2")
    scope = enums.ScopeEnum()
    category = graphene.String(description="Category code.")
    sectors = graphene.String()
    priority = enums.PriorityEnum()
    trade_impact_krw = graphene.BigInt()
    source = enums.SourceEnum()
    identified_on = graphene.Date()
    target_on = graphene.Date()
    next_actor = enums.NextActorEnum()
    strategy_area = enums.StrategyAreaEnum(description="Its market-strategy area; null: its category's.")
    reason = graphene.String(description="Why: recorded in the history.")


PLAIN_FIELDS = ("title", "description", "country", "sectors", "trade_impact_krw", "identified_on", "target_on")
ENUM_FIELDS = ("scope", "priority", "source", "next_actor")


def _barrier_fields(data, keep_nulls=()):
    fields = {
        name: data[name] for name in PLAIN_FIELDS if name in data and (data[name] is not None or name in keep_nulls)
    }
    for name in ("title", "description", "sectors"):
        if fields.get(name) is None and name in fields:
            fields[name] = ""
    fields.update(_enum_fields(data, ENUM_FIELDS))
    if "strategy_area" in data and (data["strategy_area"] is not None or "strategy_area" in keep_nulls):
        fields["strategy_area"] = enums.code(data["strategy_area"]) if data["strategy_area"] is not None else ""
    if data.get("category") is not None:
        fields["category"] = _category(data["category"])
    return fields


class CreateBarrierInput(BarrierFieldsMixin, graphene.InputObjectType):
    title = graphene.String(required=True)
    country = graphene.String(required=True, description="ISO 3166-1 alpha-2")
    scope = enums.ScopeEnum(required=True)
    category = graphene.String(required=True, description="Category code.")
    source = enums.SourceEnum(required=True)
    lead_ministry = graphene.String(required=True, description="Ministry code.")
    supporting_ministries = graphene.List(graphene.NonNull(graphene.String))


class CreateBarrier(ServiceMutation):
    class Arguments:
        input = CreateBarrierInput(required=True)

    barrier = graphene.Field(BarrierType)

    @classmethod
    def perform(cls, info, actor, data):
        fields = _barrier_fields(data)
        lead = _ministry(data["lead_ministry"], "lead_ministry")
        supporting = _ministries(data.get("supporting_ministries"), "supporting_ministries")
        barrier = services.create_barrier(
            actor, lead_ministry=lead, supporting_ministries=supporting, reason=data.get("reason") or "", **fields
        )
        return cls(barrier=_reload(info, barrier), errors=[])


class UpdateBarrierInput(BarrierFieldsMixin, graphene.InputObjectType):
    reference = graphene.String(required=True)
    version = graphene.Int(required=True, description="The version you read (optimistic locking).")


class UpdateBarrier(ServiceMutation):
    """Changes only the fields given; `targetOn: null` clears the target date, `strategyArea: null`
    hands the area back to the category."""

    class Arguments:
        input = UpdateBarrierInput(required=True)

    barrier = graphene.Field(BarrierType)

    @classmethod
    def perform(cls, info, actor, data):
        barrier = services.get_barrier(data["reference"])
        changes = _barrier_fields(data, keep_nulls=("target_on", "trade_impact_krw", "strategy_area"))
        if not changes:
            raise Invalid(_("Nothing to change."), code="required")
        barrier = services.update_barrier(
            actor, barrier, version=data["version"], reason=data.get("reason") or "", **changes
        )
        return cls(barrier=_reload(info, barrier), errors=[])


class ChangeBarrierStatusInput(graphene.InputObjectType):
    reference = graphene.String(required=True)
    status = enums.BarrierStatusEnum(required=True)
    reason = graphene.String(required=True)
    version = graphene.Int(required=True)
    resolution_summary = graphene.String(description="Required to resolve (summary) or reject (grounds).")


class ChangeBarrierStatus(ServiceMutation):
    """Checks in order: permission (forbidden), version (conflict), transition
    (invalid_transition), then the fields the target status needs (required)."""

    class Arguments:
        input = ChangeBarrierStatusInput(required=True)

    barrier = graphene.Field(BarrierType)

    @classmethod
    def perform(cls, info, actor, data):
        barrier = services.get_barrier(data["reference"])
        barrier = services.change_status(
            actor,
            barrier,
            status=enums.code(data["status"]),
            reason=data.get("reason") or "",
            version=data["version"],
            resolution_summary=data.get("resolution_summary") or "",
        )
        return cls(barrier=_reload(info, barrier), errors=[])


class AssignMinistriesInput(graphene.InputObjectType):
    reference = graphene.String(required=True)
    version = graphene.Int(required=True)
    lead_ministry = graphene.String(required=True, description="Ministry code.")
    supporting_ministries = graphene.List(graphene.NonNull(graphene.String), required=True)
    reason = graphene.String()


class AssignMinistries(ServiceMutation):
    class Arguments:
        input = AssignMinistriesInput(required=True)

    barrier = graphene.Field(BarrierType)

    @classmethod
    def perform(cls, info, actor, data):
        barrier = services.get_barrier(data["reference"])
        lead = _ministry(data["lead_ministry"], "lead_ministry")
        supporting = _ministries(data["supporting_ministries"], "supporting_ministries")
        barrier = services.assign_ministries(
            actor,
            barrier,
            lead_ministry=lead,
            supporting_ministries=supporting,
            version=data["version"],
            reason=data.get("reason") or "",
        )
        return cls(barrier=_reload(info, barrier), errors=[])


class AddProgressUpdateInput(graphene.InputObjectType):
    reference = graphene.String(required=True)
    text = graphene.String(required=True)
    rag = enums.RagEnum(required=True)
    date = graphene.Date()


class AddProgressUpdate(ServiceMutation):
    class Arguments:
        input = AddProgressUpdateInput(required=True)

    progress_update = graphene.Field(ProgressUpdateType)
    barrier = graphene.Field(BarrierType)

    @classmethod
    def perform(cls, info, actor, data):
        barrier = services.get_barrier(data["reference"])
        update = services.add_progress_update(
            actor,
            barrier,
            text=data["text"],
            rag=enums.code(data["rag"]),
            date=data.get("date"),
        )
        return cls(progress_update=update, barrier=_reload(info, barrier), errors=[])


class UpdateMarketAreaInput(graphene.InputObjectType):
    country = graphene.String(required=True, description="ISO 3166-1 alpha-2")
    area = graphene.String(required=True, description="`products`, `marketing`, `payment` or `delivery`.")
    text_ko = graphene.String(required=True)
    text_en = graphene.String(required=True)
    sources = graphene.List(graphene.NonNull(graphene.String), required=True, description="One source each.")
    version = graphene.Int(required=True, description="The version you read.")
    is_demo = graphene.Boolean(description="Leave out to keep the demo flag as it is.")
    reason = graphene.String(description="Why: recorded in the history.")


class UpdateMarketArea(ServiceMutation):
    """Rewrite a market guide's strategy area: coordinators, and officers of its responsible ministries."""

    class Arguments:
        input = UpdateMarketAreaInput(required=True)

    market_area = graphene.Field(MarketAreaType)

    @classmethod
    def perform(cls, info, actor, data):
        area = market_services.get_market_area(data["country"], data["area"])
        area = market_services.update_market_area(
            actor,
            area,
            text_ko=data["text_ko"],
            text_en=data["text_en"],
            sources="\n".join(data["sources"]),
            version=data["version"],
            is_demo=data.get("is_demo"),
            reason=data.get("reason") or "",
        )
        return cls(market_area=market_services.get_market_area(data["country"], data["area"]), errors=[])


class Mutation(graphene.ObjectType):
    create_barrier = CreateBarrier.Field()
    update_barrier = UpdateBarrier.Field()
    change_barrier_status = ChangeBarrierStatus.Field()
    assign_ministries = AssignMinistries.Field()
    add_progress_update = AddProgressUpdate.Field()
    update_market_area = UpdateMarketArea.Field()


__all__ = ["Mutation"]
