from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import BarrierStatus, Rag
from ..input_rules import PAST_DATE


class ProgressUpdate(models.Model):
    barrier = models.ForeignKey(
        "barriers.Barrier", on_delete=models.CASCADE, related_name="progress_updates", verbose_name=_("barrier")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates", verbose_name=_("author")
    )
    ministry = models.ForeignKey(
        "barriers.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ministry"),
    )
    date = models.DateField(_("date"), default=timezone.localdate, validators=PAST_DATE)
    status = models.CharField(_("status at the time"), max_length=24, choices=BarrierStatus.choices)
    rag = models.CharField(_("RAG"), max_length=16, choices=Rag.choices)
    text = models.TextField(_("text"))
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["barrier", "date"], name="progress_barrier_date")]
        verbose_name = _("progress update")
        verbose_name_plural = _("progress updates")

    def __str__(self):
        return f"{self.date} · {self.get_rag_display()}"
