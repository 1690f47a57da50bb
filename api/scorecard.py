"""`ministryScorecard(from:, to:, country:)`: the figures of barriers.selectors.scorecard, one entry
per ministry (every market of the selection together) with its `markets`. Shares are fractions
(0..1); the definition of each figure is in the field's description and on /dashboard/scorecard/."""

import graphene

from barriers.selectors.scorecard import ministry_scorecard

from .auth import request_user
from .errors import ApiError
from .types import MinistryType

# The same bounds as `progress`: wide enough for any record, narrow enough for date arithmetic.
SCORECARD_DATES = ("1900-01-01", "2999-12-31")


class ScorecardFigures(graphene.Interface):
    complaints_received = graphene.Int(required=True, description="Received in the period.")
    first_replies_due = graphene.Int(required=True, description="First-reply deadlines that fell in the period.")
    first_replies_in_time = graphene.Int(required=True, description="Of those, first replied by the deadline.")
    first_reply_share = graphene.Float(description="firstRepliesInTime / firstRepliesDue (null when none due).")
    median_days_to_first_reply = graphene.Float(
        description="Working days from receipt (day 1) to the first reply, over first replies in the period."
    )
    median_days_to_final_answer = graphene.Float(
        description="Working days from receipt to closing, over complaints closed in the period."
    )
    refusals = graphene.Int(required=True, description="Complaints refused in the period.")
    refusals_in_time = graphene.Int(required=True, description="Of those, grounds sent by the final-answer deadline.")
    refusal_share = graphene.Float(description="refusalsInTime / refusals (null when none).")
    open_overdue_complaints = graphene.Int(required=True, description="Open and past a binding deadline at the end.")
    barriers_led = graphene.Int(required=True, description="Barriers led at the period's end.")
    barriers_open = graphene.Int(required=True, description="Of those, open.")
    barriers_resolved = graphene.Int(required=True, description="Resolved at the end, resolution date in the period.")
    median_days_to_resolution = graphene.Float(description="Calendar days from identification to resolution.")
    barriers_stale = graphene.Int(required=True, description="Open barriers stale at the period's end.")
    stale_share = graphene.Float(description="barriersStale / barriersOpen (null when none open).")
    feedback_yes = graphene.Int(required=True, description="'Did this solve it?' answered yes in the period.")
    feedback_partly = graphene.Int(required=True)
    feedback_no = graphene.Int(required=True)


FIGURE_NAMES = tuple(ScorecardFigures._meta.fields)


def _flat(figures, **extra):
    return {**{name: getattr(figures, name) for name in FIGURE_NAMES}, **extra}


class MarketScorecard(graphene.ObjectType):
    class Meta:
        interfaces = (ScorecardFigures,)

    country = graphene.String(required=True, description="ISO 3166 code of the market.")


class MinistryScorecard(graphene.ObjectType):
    class Meta:
        interfaces = (ScorecardFigures,)

    ministry = graphene.Field(MinistryType, required=True)
    markets = graphene.List(graphene.NonNull(MarketScorecard), required=True, description="Per market.")


FIELD = graphene.List(
    graphene.NonNull(MinistryScorecard),
    required=True,
    from_=graphene.Date(required=True, name="from"),
    to=graphene.Date(required=True),
    country=graphene.String(description="One market (ISO 3166 code); every market when omitted."),
    description=(
        "Per ministry over the period (both days included): complaints and barriers, rebuilt from the "
        "history as it stood at the period's end. Definitions: /dashboard/scorecard/."
    ),
)


def resolve(root, info, from_, to, country=None):
    if to < from_:
        raise ApiError("`to` must not be before `from`.", "invalid")
    low, high = SCORECARD_DATES
    if from_.isoformat() < low or to.isoformat() > high:
        raise ApiError(f"`from` and `to` must lie between {low} and {high}.", "invalid")
    card = ministry_scorecard(request_user(info), from_, to, (country or "").strip().upper() or None)
    return [
        _flat(
            score.figures,
            ministry=score.ministry,
            markets=[_flat(figures, country=code) for code, figures in score.markets],
        )
        for score in card.ministries
    ]
