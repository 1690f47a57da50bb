from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..choices import BARRIER_CLOSED_STATUSES, BarrierStatus, NextActor, Priority, Scope, Source, StrategyArea
from ..countries import ExportCountries
from ..input_rules import PAST_DATE, PLANNED_DATE


class BarrierHistoryColumns(models.Model):
    """What a barrier history row carries beyond simple-history's copy of the barrier: the status
    and country of the row before it (NULL on the first row). Status changes per period are then
    a plain aggregate over the rows where they differ, served by a partial index
    (selectors/stats.py), instead of a window over every history row. Filled as each row is
    written (barriers/history_columns.py); migration 0003 backfilled the rows before it."""

    prev_status = models.CharField(max_length=24, null=True, blank=True, editable=False)
    prev_country = models.CharField(max_length=2, null=True, blank=True, editable=False)

    class Meta:
        abstract = True


# Kept at module level so services can write a history record explicitly (creation with m2m).
barrier_history = HistoricalRecords(m2m_fields=["supporting_ministries"], bases=[BarrierHistoryColumns])


def stale_cutoff(today=None):
    """The day before which an open barrier's last progress update makes it stale."""
    today = today or timezone.localdate()
    return today - timedelta(days=settings.TRACKER["STALE_AFTER_DAYS"])


def _flag(condition):
    # CASE, not a bare comparison: a NULL target date must read False, not NULL.
    return models.Case(models.When(condition, then=True), default=False, output_field=models.BooleanField())


class BarrierQuerySet(models.QuerySet):
    """The rules "open", "closed", "overdue" and "stale" are defined here and nowhere else: as Q
    expressions (for COUNT ... FILTER, CASE and as-of queries) and as the queryset methods built
    on them. The FilterSet, the dashboard, the stats, the progress report and the API call these.
    """

    @staticmethod
    def closed_q(status_field="status"):
        """Resolved or rejected. `status_field` lets as-of queries test a status from history."""
        return Q(**{f"{status_field}__in": BARRIER_CLOSED_STATUSES})

    @classmethod
    def open_q(cls, status_field="status"):
        return ~cls.closed_q(status_field)

    @classmethod
    def overdue_q(cls, today=None, status_field="status"):
        """Open, and its target date has passed (no target date: never overdue)."""
        today = today or timezone.localdate()
        return cls.open_q(status_field) & Q(target_on__lt=today)

    @classmethod
    def stale_q(cls, today=None, *, barrier_field="pk", written_by=None):
        """Open, identified before the cutoff, and no progress update since the cutoff.

        For a barrier's history rows (as-of figures) pass `barrier_field="id"` and `written_by`,
        the moment the snapshot stands at: updates written after it do not count."""
        from .progress import ProgressUpdate

        cutoff = stale_cutoff(today)
        recent = ProgressUpdate.objects.filter(barrier=OuterRef(barrier_field), date__gte=cutoff)
        if written_by is not None:
            recent = recent.filter(date__lte=today, created_at__lte=written_by)
        return cls.open_q() & Q(identified_on__lt=cutoff) & ~Exists(recent)

    def visible_to(self, user):
        from ..permissions import filter_visible_barriers

        return filter_visible_barriers(self, user)

    @staticmethod
    def unsolved_by_complainant_q():
        """Resolved, yet a complainant linked to it answered "no" to "did this solve it?"."""
        from ..choices import ComplaintFeedback
        from .complaint import Complaint

        said_no = Complaint.objects.filter(barrier_id=OuterRef("pk"), feedback=ComplaintFeedback.NO)
        return Q(status=BarrierStatus.RESOLVED) & Exists(said_no)

    def unsolved_by_complainant(self):
        return self.filter(self.unsolved_by_complainant_q())

    def open(self):
        return self.filter(self.open_q())

    def closed(self):
        return self.filter(self.closed_q())

    def overdue(self, today=None):
        return self.filter(self.overdue_q(today))

    def stale(self, today=None):
        return self.filter(self.stale_q(today))

    @staticmethod
    def strategy_area_expression():
        """The market-strategy area a barrier belongs to: its own choice, else its category's."""
        from django.db.models.functions import Coalesce, NullIf

        return Coalesce(NullIf("strategy_area", models.Value("")), "category__strategy_area")

    def with_strategy_area(self):
        return self.annotate(effective_area=self.strategy_area_expression())

    def with_flags(self, today=None):
        """Annotate is_overdue / is_stale so lists and exports read them without a query per row."""
        return self.annotate(is_overdue=_flag(self.overdue_q(today)), is_stale=_flag(self.stale_q(today)))


class Barrier(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    country = CountryField(_("country"), countries=ExportCountries, db_index=True)
    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    category = models.ForeignKey(
        "barriers.Category",
        on_delete=models.PROTECT,
        related_name="barriers",
        verbose_name=_("category"),
    )
    sectors = models.CharField(
        _("product sectors / HS chapters"),
        max_length=300,
        blank=True,
        help_text=_("Optional, e.g. 'cosmetics; HS 33'."),
    )
    strategy_area = models.CharField(
        _("strategy area"),
        max_length=16,
        choices=StrategyArea.choices,
        blank=True,
        help_text=_("Leave empty to follow the category's area."),
    )
    lead_ministry = models.ForeignKey(
        "barriers.Ministry",
        on_delete=models.PROTECT,
        related_name="led_barriers",
        verbose_name=_("lead ministry"),
    )
    supporting_ministries = models.ManyToManyField(
        "barriers.Ministry",
        blank=True,
        related_name="supported_barriers",
        verbose_name=_("supporting ministries"),
    )
    status = models.CharField(
        _("status"),
        max_length=24,
        choices=BarrierStatus.choices,
        default=BarrierStatus.REPORTED,
        db_index=True,
    )
    next_actor = models.CharField(
        _("who acts next"),
        max_length=24,
        choices=NextActor.choices,
        default=NextActor.KOREAN_GOVERNMENT,
    )
    priority = models.CharField(_("priority"), max_length=16, choices=Priority.choices, default=Priority.MEDIUM)
    trade_impact_krw = models.BigIntegerField(_("estimated annual trade impact (KRW)"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=24, choices=Source.choices)
    identified_on = models.DateField(_("identified on"), default=timezone.localdate, validators=PAST_DATE)
    target_on = models.DateField(_("target date"), null=True, blank=True, validators=PLANNED_DATE)
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    resolution_summary = models.TextField(_("resolution summary / grounds"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("filed by"),
    )
    created_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True, db_index=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    history = barrier_history
    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["reference"]
        verbose_name = _("barrier")
        verbose_name_plural = _("barriers")
        indexes = [
            models.Index(fields=["country", "status"], name="barrier_country_status"),
            models.Index(fields=["lead_ministry", "status"], name="barrier_lead_status"),
            models.Index(fields=["target_on"], name="barrier_target_on"),
            # Days to resolution (the dashboard's medians, the scorecard): on PostgreSQL an
            # index-only scan of the resolved barriers instead of reading every row.
            models.Index(
                fields=["resolved_on"],
                include=["status", "identified_on", "lead_ministry", "category", "country"],
                condition=Q(resolved_on__isnull=False),
                name="barrier_resolutions",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=BarrierStatus.values), name="barrier_status_valid"),
            models.CheckConstraint(
                condition=Q(resolved_on__isnull=True) | Q(status=BarrierStatus.RESOLVED),
                name="barrier_resolved_on_needs_resolved_status",
                violation_error_code="resolved_on",
                violation_error_message=_("A resolved date is only allowed on a resolved barrier."),
            ),
            models.CheckConstraint(
                condition=Q(target_on__isnull=True) | Q(target_on__gte=F("identified_on")),
                name="barrier_target_not_before_identified",
                violation_error_code="target_on",
                violation_error_message=_("The target date cannot be before the identified date."),
            ),
            models.CheckConstraint(
                condition=Q(trade_impact_krw__isnull=True) | Q(trade_impact_krw__gte=0),
                name="barrier_trade_impact_non_negative",
                violation_error_code="trade_impact_krw",
                violation_error_message=_("The trade impact cannot be negative."),
            ),
        ]

    def __str__(self):
        return f"{self.reference} {self.title}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("barriers:detail", args=[self.reference])

    @property
    def effective_strategy_area(self):
        """The same rule as BarrierQuerySet.strategy_area_expression, for one loaded barrier."""
        return self.strategy_area or self.category.strategy_area

    def get_effective_strategy_area_display(self):
        return StrategyArea(self.effective_strategy_area).label

    def ministry_ids(self):
        """Lead and supporting ministry ids; uses the prefetch cache when there is one."""
        return {self.lead_ministry_id, *(m.pk for m in self.supporting_ministries.all())}
