from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import BarrierEscalationKind, ComplaintDeadline, EscalationStep


class Escalation(models.Model):
    """One step of the escalation ladder, sent once (barriers/services/escalation.py).

    A complaint's step is keyed by its deadline (first reply or final answer) and that deadline's
    due date: an extension or a pause that moves the date starts a new ladder for the new date. A
    barrier's step is keyed by its kind (overdue, stale) and the week it was sent in. The unique
    constraints make a second run (or two at once) send nothing twice. Append-only: rows are
    written by the sweep and never changed, so they carry no history of their own; a complaint's
    step is also a row in the complaint's history.
    """

    complaint = models.ForeignKey(
        "barriers.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("complaint"),
    )
    deadline = models.CharField(_("deadline"), max_length=16, choices=ComplaintDeadline.choices, blank=True)
    due = models.DateField(_("due date"), null=True, blank=True)
    step = models.CharField(_("step"), max_length=16, choices=EscalationStep.choices, blank=True)
    barrier = models.ForeignKey(
        "barriers.Barrier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="escalations",
        verbose_name=_("barrier"),
    )
    barrier_kind = models.CharField(_("reason"), max_length=16, choices=BarrierEscalationKind.choices, blank=True)
    week = models.DateField(_("week of"), null=True, blank=True)
    ministry = models.ForeignKey(
        "barriers.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ministry"),
    )
    sent_at = models.DateTimeField(_("sent at"), db_index=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text="One address a line.")

    class Meta:
        ordering = ["-sent_at", "-id"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint", "deadline", "due", "step"],
                condition=models.Q(complaint__isnull=False),
                name="escalation_complaint_step_once",
            ),
            models.UniqueConstraint(
                fields=["barrier", "barrier_kind", "week"],
                condition=models.Q(barrier__isnull=False),
                name="escalation_barrier_once_a_week",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(complaint__isnull=False, barrier__isnull=True, due__isnull=False)
                    | models.Q(complaint__isnull=True, barrier__isnull=False, week__isnull=False)
                ),
                name="escalation_one_subject",
            ),
        ]

    def __str__(self):
        subject = self.complaint_id and f"complaint {self.complaint_id}" or f"barrier {self.barrier_id}"
        return f"{subject} {self.step or self.barrier_kind} {self.sent_at:%Y-%m-%d}"

    @property
    def recipient_list(self):
        return [line for line in self.recipients.splitlines() if line]
