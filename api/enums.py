"""GraphQL enums for the code lists: member names are the stored codes upper-cased (IN_PROGRESS),
values are the stored codes, so resolvers return model values as they are and inputs arrive as codes.
"""

import graphene
from django.conf import settings
from django.utils import translation

from barriers import choices

# {frozenset of stored codes: enum}, so a filter over a code list takes that list's enum.
ENUMS_BY_VALUES = {}


def enum_from_choices(name, text_choices, description=""):
    members = [(value.upper(), value) for value in text_choices.values]
    labels = dict(text_choices.choices)

    def describe(member):
        if member is None:
            return description
        # The default language, whatever is active when the schema is built: the printed
        # schema (api/schema.graphql) must not depend on the first request's language.
        with translation.override(settings.LANGUAGE_CODE):
            return str(labels.get(member.value, ""))

    enum = graphene.Enum(name, members, description=describe)
    ENUMS_BY_VALUES[frozenset(text_choices.values)] = enum
    return enum


BarrierStatusEnum = enum_from_choices("BarrierStatus", choices.BarrierStatus, "Status of a barrier.")
ScopeEnum = enum_from_choices("Scope", choices.Scope)
NextActorEnum = enum_from_choices("NextActor", choices.NextActor)
PriorityEnum = enum_from_choices("Priority", choices.Priority)
SourceEnum = enum_from_choices("Source", choices.Source)
StrategyAreaEnum = enum_from_choices("StrategyArea", choices.StrategyArea, "An area of a market strategy.")
RagEnum = enum_from_choices("Rag", choices.Rag)
ComplaintStatusEnum = enum_from_choices("ComplaintStatus", choices.ComplaintStatus)
ComplaintOutcomeEnum = enum_from_choices("ComplaintOutcome", choices.ComplaintOutcome)


class StatsGroup(graphene.Enum):
    COUNTRY = "country"
    STATUS = "status"
    MINISTRY = "ministry"
    CATEGORY = "category"
    PRIORITY = "priority"


class Interval(graphene.Enum):
    MONTH = "month"
    QUARTER = "quarter"


class TimelineKind(graphene.Enum):
    CREATED = "created"
    CHANGED = "changed"
    DELETED = "deleted"
    PROGRESS = "progress"


def code(value):
    """An enum input as its stored code (graphene 3 passes the value; older paths the member)."""
    return getattr(value, "value", value)
