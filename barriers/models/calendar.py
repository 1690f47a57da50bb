from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ClosureDay(models.Model):
    """A day government offices close that the `holidays` package does not know: a temporary
    holiday (임시공휴일) declared at short notice. Complaint periods skip it (barriers/deadlines.py).
    Coordinators add them in the admin, through barriers.services.calendar."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=100, help_text=_("e.g. Temporary holiday (Armed Forces Day)"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"
