"""A barrier's public version: the wording written for the public register, and its state.

Every wording an officer proposes is kept (PublicVersion rows are never changed after approval,
nor deleted); Publication says which one the public sees and which one awaits approval. The
internal title, description, progress texts and reasons live on the barrier and are never copied
here. Writes go through barriers/services/publication.py.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import PublicationState


class PublicVersion(models.Model):
    barrier = models.ForeignKey("barriers.Barrier", on_delete=models.CASCADE, related_name="public_versions")
    number = models.PositiveIntegerField(_("version"))
    title_ko = models.CharField(_("public title (Korean)"), max_length=200)
    title_en = models.CharField(_("public title (English)"), max_length=200)
    summary_ko = models.TextField(_("public summary (Korean)"))
    summary_en = models.TextField(_("public summary (English)"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["barrier", "-number"]
        verbose_name = _("public version")
        verbose_name_plural = _("public versions")
        constraints = [
            models.UniqueConstraint(fields=["barrier", "number"], name="public_version_number_unique"),
        ]
        indexes = [models.Index(fields=["approved_at"], name="public_version_approved")]

    def __str__(self):
        return f"{self.barrier_id} v{self.number}"

    @property
    def title(self):
        return self.title_en if (get_language() or "ko").startswith("en") else self.title_ko

    @property
    def summary(self):
        return self.summary_en if (get_language() or "ko").startswith("en") else self.summary_ko


class PublicationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=PublicationState.PUBLISHED)


class Publication(models.Model):
    barrier = models.OneToOneField(
        "barriers.Barrier", on_delete=models.CASCADE, primary_key=True, related_name="publication"
    )
    state = models.CharField(
        _("publication"),
        max_length=16,
        choices=PublicationState.choices,
        default=PublicationState.NOT_PUBLISHED,
        db_index=True,
    )
    live = models.ForeignKey(
        PublicVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
    )
    pending = models.ForeignKey(
        PublicVersion,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("version awaiting approval"),
    )
    first_published_at = models.DateTimeField(_("first published"), null=True, blank=True)
    # What the public reads as "last updated": the last approval or public status change.
    public_updated_at = models.DateTimeField(_("last updated"), null=True, blank=True, db_index=True)
    unpublished_at = models.DateTimeField(_("unpublished at"), null=True, blank=True)
    # Internal: why it was taken off the register or why a proposal was sent back. Never public.
    note = models.TextField(_("reason"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = HistoricalRecords()
    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.CheckConstraint(condition=Q(state__in=PublicationState.values), name="publication_state_valid"),
            models.CheckConstraint(
                condition=~Q(state=PublicationState.PUBLISHED) | Q(live__isnull=False),
                name="publication_published_has_live_version",
            ),
            models.CheckConstraint(
                condition=~Q(state=PublicationState.READY) | Q(pending__isnull=False),
                name="publication_ready_has_pending_version",
            ),
        ]

    def __str__(self):
        return f"{self.barrier_id} {self.state}"

    @property
    def is_published(self):
        return self.state == PublicationState.PUBLISHED
