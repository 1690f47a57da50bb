"""GraphQL enums for the code lists: member names are the stored codes upper-cased (IN_PROGRESS),
values are the stored codes, so resolvers return model values as they are and inputs arrive as codes.
"""

import graphene

from barriers import choices


def enum_from_choices(name, text_choices, description=""):
    members = [(value.upper(), value) for value in text_choices.values]
    labels = dict(text_choices.choices)

    def describe(member):
        return str(labels.get(member.value, "")) if member is not None else description

    return graphene.Enum(name, members, description=describe)


BarrierStatusEnum = enum_from_choices("BarrierStatus", choices.BarrierStatus, "Status of a barrier.")
ScopeEnum = enum_from_choices("Scope", choices.Scope)
NextActorEnum = enum_from_choices("NextActor", choices.NextActor)
PriorityEnum = enum_from_choices("Priority", choices.Priority)
SourceEnum = enum_from_choices("Source", choices.Source)
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


class BarrierOrder(graphene.Enum):
    """Sort keys of the shared FilterSet; the *_DESC members sort descending."""

    REFERENCE = "reference"
    REFERENCE_DESC = "-reference"
    TITLE = "title"
    TITLE_DESC = "-title"
    COUNTRY = "country"
    COUNTRY_DESC = "-country"
    STATUS = "status"
    STATUS_DESC = "-status"
    PRIORITY = "priority"
    PRIORITY_DESC = "-priority"
    IDENTIFIED_ON = "identified_on"
    IDENTIFIED_ON_DESC = "-identified_on"
    TARGET_ON = "target_on"
    TARGET_ON_DESC = "-target_on"
    RESOLVED_ON = "resolved_on"
    RESOLVED_ON_DESC = "-resolved_on"
    UPDATED_AT = "updated_at"
    UPDATED_AT_DESC = "-updated_at"
    TRADE_IMPACT_KRW = "trade_impact_krw"
    TRADE_IMPACT_KRW_DESC = "-trade_impact_krw"


def code(value):
    """An enum input as its stored code (graphene 3 passes the value; older paths the member)."""
    return getattr(value, "value", value)
