"""Code lists. Stored values are the lower-case codes; labels are translated (ko default, en)."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

TARGET_MARKETS = ("US", "CN", "JP", "VN", "ID")


class StrategyArea(models.TextChoices):
    """The four areas of a market strategy (2015 programme), and "cross-cutting" for barriers that
    belong to none of them. A category maps to one (Category.strategy_area); a barrier follows its
    category unless an officer chose another (Barrier.strategy_area)."""

    PRODUCTS = "products", _("Products")
    MARKETING = "marketing", _("Marketing")
    PAYMENT = "payment", _("Payment")
    DELIVERY = "delivery", _("Delivery")
    CROSS_CUTTING = "cross_cutting", _("Cross-cutting")


# The areas a market profile has a text for (cross-cutting is only a grouping of barriers).
MARKET_AREAS = (StrategyArea.PRODUCTS, StrategyArea.MARKETING, StrategyArea.PAYMENT, StrategyArea.DELIVERY)


class IndicatorInterval(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")


class BarrierStatus(models.TextChoices):
    REPORTED = "reported", _("Reported")
    CONFIRMED = "confirmed", _("Confirmed")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_RESOLVED = "partially_resolved", _("Partially resolved")
    RESOLVED = "resolved", _("Resolved")
    REJECTED = "rejected", _("Rejected")
    ON_HOLD = "on_hold", _("On hold")


# What "closed" and "open" mean for a barrier: the one list every rule reads (BarrierQuerySet's
# open/closed/overdue/stale, the dashboard's links, the history counts).
BARRIER_CLOSED_STATUSES = (BarrierStatus.RESOLVED, BarrierStatus.REJECTED)
BARRIER_OPEN_STATUSES = tuple(s for s in BarrierStatus if s not in BARRIER_CLOSED_STATUSES)


class Scope(models.TextChoices):
    KOREA = "korea", _("Korean rule")
    MARKET = "market", _("Target market's rule")


class NextActor(models.TextChoices):
    KOREAN_GOVERNMENT = "korean_government", _("Korean government")
    MARKET_GOVERNMENT = "market_government", _("Market's government")
    BUSINESS = "business", _("Business")
    NONE = "none", _("No one")


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    MEDIUM = "medium", _("Medium")
    HIGH = "high", _("High")
    CRITICAL = "critical", _("Critical")


class Source(models.TextChoices):
    STRATEGY_STUDY = "strategy_study", _("Strategy study")
    SME_COMPLAINT = "sme_complaint", _("SME complaint")
    SURVEY = "survey", _("KOTRA/KITA survey")
    OTHER = "other", _("Other")


class Rag(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    DELAYED = "delayed", _("Delayed")


class MinistryKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("Agency")
    PUBLIC_BODY = "public_body", _("Public body")


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    COORDINATOR = "coordinator", _("Coordinator")
    OVERSIGHT = "oversight", _("Oversight reader")


class NtmChapter(models.TextChoices):
    """UNCTAD MAST non-tariff-measure chapters."""

    A = "A", _("A: Sanitary and phytosanitary measures")
    B = "B", _("B: Technical barriers to trade")
    C = "C", _("C: Pre-shipment inspection and other formalities")
    D = "D", _("D: Contingent trade-protective measures")
    E = "E", _("E: Non-automatic licensing, quotas, prohibitions")
    F = "F", _("F: Price-control measures, additional taxes and charges")
    G = "G", _("G: Finance measures")
    H = "H", _("H: Measures affecting competition")
    I = "I", _("I: Trade-related investment measures")  # noqa: E741
    J = "J", _("J: Distribution restrictions")
    K = "K", _("K: Restrictions on post-sales services")
    L = "L", _("L: Subsidies")
    M = "M", _("M: Government procurement restrictions")
    N = "N", _("N: Intellectual property")
    O = "O", _("O: Rules of origin")  # noqa: E741
    P = "P", _("P: Export-related measures")


class ComplaintStatus(models.TextChoices):
    RECEIVED = "received", _("Received")
    UNDER_REVIEW = "under_review", _("Under review")
    LINKED = "linked", _("Linked to a barrier")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", pgettext_lazy("complaint status", "Rejected")


class ComplaintOutcome(models.TextChoices):
    ACCEPTED = "accepted", _("Accepted")
    PARTLY_ACCEPTED = "partly_accepted", _("Partly accepted")
    ALREADY_POSSIBLE = "already_possible", _("Already possible under current rules")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")


class ComplaintDeadline(models.TextChoices):
    FIRST_REPLY = "first_reply", _("first reply")
    FINAL_ANSWER = "final_answer", _("final answer")


class EscalationStep(models.TextChoices):
    """The escalation ladder, in order (barriers/services/escalation.py)."""

    REMINDER = "reminder", _("Reminder to the officers")
    MISSED = "missed", _("Missed: ministry contact and coordinators")
    OVERSIGHT = "oversight", _("Still missed: oversight")


class BarrierEscalationKind(models.TextChoices):
    OVERDUE = "overdue", _("Overdue")
    STALE = "stale", _("Stale")


class PublicationState(models.TextChoices):
    """Where a barrier stands on the public register (barriers/services/publication.py moves it)."""

    NOT_PUBLISHED = "not_published", _("Not published")
    READY = "ready", _("Ready for approval")
    PUBLISHED = "published", _("Published")
    UNPUBLISHED = "unpublished", _("Unpublished")


class SearchScope(models.TextChoices):
    """The two indexes of barriers: what the public may match (published barriers, their public
    version only) and what officers may match (every barrier, every text)."""

    PUBLIC = "public", "public"
    ALL = "all", "all"


class ComplaintFeedback(models.TextChoices):
    """The complainant's answer to "did this solve it?" once the complaint is answered."""

    YES = "yes", _("Yes")
    PARTLY = "partly", pgettext_lazy("did it solve it", "Partly")
    NO = "no", _("No")
