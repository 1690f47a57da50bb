"""Market strategies: one profile per export market with its four strategy areas (products,
marketing, payment, delivery), each written in Korean and English with its sources and who last
reviewed it. Written through barriers/services/markets.py; who may edit an area is
permissions.can_edit_market_area (coordinators, and officers of the area's responsible ministries).
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from ..choices import MARKET_AREAS, IndicatorInterval
from ..countries import ExportCountries

AREA_CHOICES = [(a.value, a.label) for a in MARKET_AREAS]
# Kept at module level so the services can write the creation row once the ministries are set.
market_area_history = HistoricalRecords(m2m_fields=["ministries"])


class MarketProfile(models.Model):
    country = CountryField(_("market"), countries=ExportCountries, unique=True)
    is_demo = models.BooleanField(
        _("demo content"), default=False, help_text=_("Written for the demonstration, not an official guide.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last updated"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country"]
        verbose_name = _("market profile")
        verbose_name_plural = _("market profiles")

    def __str__(self):
        return str(self.country.name)

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("markets:guide", args=[self.country.code])


class MarketArea(models.Model):
    profile = models.ForeignKey(
        MarketProfile, on_delete=models.CASCADE, related_name="areas", verbose_name=_("market profile")
    )
    area = models.CharField(_("strategy area"), max_length=16, choices=AREA_CHOICES)
    text_ko = models.TextField(_("text in Korean"), blank=True)
    text_en = models.TextField(_("text in English"), blank=True)
    sources = models.TextField(_("sources"), blank=True, help_text=_("One source a line."))
    ministries = models.ManyToManyField(
        "barriers.Ministry",
        blank=True,
        related_name="market_areas",
        verbose_name=_("responsible ministries"),
        help_text=_("Their officers may edit this area, as coordinators may."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("last reviewed at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo content"), default=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = market_area_history

    class Meta:
        ordering = ["profile", "area"]
        verbose_name = _("market strategy area")
        verbose_name_plural = _("market strategy areas")
        constraints = [
            models.UniqueConstraint(fields=["profile", "area"], name="market_area_unique"),
            models.CheckConstraint(condition=Q(area__in=[a.value for a in MARKET_AREAS]), name="market_area_valid"),
        ]

    def __str__(self):
        return f"{self.profile} · {self.get_area_display()}"

    @property
    def text(self):
        return self.text_en if (get_language() or "ko").startswith("en") else self.text_ko

    def source_list(self):
        return [line.strip() for line in self.sources.splitlines() if line.strip()]

    def ministry_ids(self):
        """Uses the prefetch cache when there is one."""
        return {m.pk for m in self.ministries.all()}

    @property
    def sort_key(self):
        return [a.value for a in MARKET_AREAS].index(self.area)


class MarketIndicator(models.Model):
    """One figure of a market's cross-border e-commerce export series (a month or a quarter), as a
    statistics office published it. Imported by `manage.py import_market_indicators`
    (services/indicators.py)."""

    country = CountryField(_("market"), countries=ExportCountries, db_index=True)
    interval = models.CharField(_("period length"), max_length=8, choices=IndicatorInterval.choices)
    period_start = models.DateField(_("period start"))
    value_krw = models.BigIntegerField(_("value (KRW)"), null=True, blank=True)
    value_usd = models.BigIntegerField(_("value (USD)"), null=True, blank=True)
    unit = models.CharField(_("unit as published"), max_length=32)
    source = models.CharField(_("source"), max_length=300)
    is_demo = models.BooleanField(_("demo content"), default=False)
    imported_at = models.DateTimeField(_("last imported"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["country", "interval", "period_start"]
        verbose_name = _("market export figure")
        verbose_name_plural = _("market export figures")
        constraints = [
            models.UniqueConstraint(fields=["country", "interval", "period_start"], name="market_indicator_unique"),
            models.CheckConstraint(
                condition=Q(value_krw__isnull=True) | Q(value_krw__gte=0), name="market_indicator_krw_not_negative"
            ),
            models.CheckConstraint(
                condition=Q(value_usd__isnull=True) | Q(value_usd__gte=0), name="market_indicator_usd_not_negative"
            ),
        ]

    def __str__(self):
        return f"{self.country.code} {self.period_key}"

    @property
    def period_end(self):
        from ..periods import add_months

        return add_months(self.period_start, 3 if self.interval == IndicatorInterval.QUARTER else 1) - timedelta(days=1)

    @property
    def period_key(self):
        from ..periods import quarter_key

        if self.interval == IndicatorInterval.QUARTER:
            return quarter_key(self.period_start)
        return self.period_start.strftime("%Y-%m")
