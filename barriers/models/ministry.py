from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import MinistryKind, NtmChapter, Role, StrategyArea


class BilingualName(models.Model):
    name_ko = models.CharField(_("Korean name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self):
        return self.name_en if (get_language() or "ko").startswith("en") else self.name_ko


class Ministry(BilingualName):
    code = models.CharField(_("code"), max_length=16, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=MinistryKind.choices)
    email = models.EmailField(_("contact e-mail"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("ministry")
        verbose_name_plural = _("ministries")


class Category(BilingualName):
    code = models.CharField(_("code"), max_length=32, unique=True)
    ntm_chapter = models.CharField(_("UNCTAD NTM chapter"), max_length=1, choices=NtmChapter.choices, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)
    default_ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="default_categories",
        verbose_name=_("assigned ministry"),
        help_text=_("The ministry that receives this category's complaints on arrival."),
    )
    strategy_area = models.CharField(
        _("strategy area"),
        max_length=16,
        choices=StrategyArea.choices,
        default=StrategyArea.CROSS_CUTTING,
        help_text=_("The market-strategy area its barriers belong to unless one is chosen on the barrier."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")

    def __str__(self):
        return self.name


class Membership(models.Model):
    """A user's place in the tracker: one ministry (none for oversight teams) and one role."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="membership", verbose_name=_("user")
    )
    ministry = models.ForeignKey(
        Ministry,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("ministry"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(condition=models.Q(role__in=Role.values), name="membership_role_valid"),
            models.CheckConstraint(
                condition=~models.Q(role=Role.OFFICER) | models.Q(ministry__isnull=False),
                name="membership_officer_has_ministry",
                violation_error_message=_("An officer belongs to a ministry."),
            ),
        ]

    def __str__(self):
        return f"{self.user} ({self.get_role_display()}, {self.ministry.code if self.ministry else '-'})"
