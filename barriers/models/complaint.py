import re
import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils import timezone
from django.utils.deconstruct import deconstructible
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from ..choices import ComplaintFeedback, ComplaintOutcome, ComplaintStatus
from ..complaint_workflow import COMPLAINT_OPEN_STATUSES
from ..countries import ExportCountries

# Fields that hold the complainant's personal data: shown to officers only, blanked by anonymisation.
PERSONAL_FIELDS = ("company_name", "business_number", "contact_name", "email", "phone")


class NoUrlStorage(FileSystemStorage):
    """A file system storage that has no URL at all (FileSystemStorage would fall back to MEDIA_URL)."""

    base_url = None

    def url(self, name):
        raise ValueError("Evidence files have no public URL; serve them through the guarded view.")


class EvidenceStorage(NoUrlStorage):
    """Evidence storage under MEDIA_ROOT/evidence, with no public URL (served by a guarded view).

    The root is read from the setting when first used and again after MEDIA_ROOT changes
    (FileSystemStorage drops its cached location on `setting_changed`), so a deployment's and each
    test's MEDIA_ROOT hold.
    """

    @cached_property
    def base_location(self):
        return PurePath(settings.MEDIA_ROOT) / "evidence"


private_storage = EvidenceStorage()


def evidence_storage():
    """The field's storage as a callable, so migrations record this name and not a machine's path."""
    return private_storage


@deconstructible
class RandomName:
    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()[:8]
        return f"{uuid.uuid4().hex[:2]}/{uuid.uuid4().hex}{suffix}"


class ComplaintQuerySet(models.QuerySet):
    """What "open" and "overdue" mean for a complaint: defined here and nowhere else (the FilterSet,
    the deadline sweep, the admin and the API call these). When each deadline falls is
    barriers/deadlines.py's."""

    @staticmethod
    def open_q():
        """Still awaiting the ministry's answer (the workflow's open statuses)."""
        return models.Q(status__in=COMPLAINT_OPEN_STATUSES)

    @classmethod
    def overdue_q(cls, now=None):
        """Open, and a deadline that still binds has passed: the first reply's (until a first
        reply is sent) or the final answer's. While the clock is paused (waiting on the
        complainant) a deadline counts as missed only if it was missed when the clock stopped.
        Complaint.missed_deadline is this rule for one row."""
        now = now or timezone.now()
        missed_by = models.Case(
            models.When(paused_at__isnull=False, then=models.F("paused_at")),
            default=models.Value(now),
            output_field=models.DateTimeField(),
        )
        return cls.open_q() & (
            models.Q(replied_at__isnull=True, first_reply_due__lt=missed_by) | models.Q(final_answer_due__lt=missed_by)
        )

    @classmethod
    def due_by_q(cls, moment):
        """Open, and a deadline that still binds falls due at or before `moment`: the escalation
        sweep's candidates (reminders ahead of a deadline, and everything already missed)."""
        return cls.open_q() & (
            models.Q(replied_at__isnull=True, first_reply_due__lte=moment) | models.Q(final_answer_due__lte=moment)
        )

    def visible_to(self, user):
        from ..permissions import filter_visible_complaints

        return filter_visible_complaints(self, user)

    def open(self):
        return self.filter(self.open_q())

    def overdue(self, now=None):
        return self.filter(self.overdue_q(now))

    def with_overdue(self, now=None):
        """Annotate is_overdue, so lists read it without a query per row."""
        return self.annotate(
            is_overdue=models.Case(
                models.When(self.overdue_q(now), then=True),
                default=False,
                output_field=models.BooleanField(),
            )
        )


class Complaint(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True, editable=False)
    submission_id = models.UUIDField(unique=True, editable=False, help_text="Idempotency key.")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(_("language"), max_length=8, default="ko")

    company_name = models.CharField(_("company name"), max_length=200)
    business_number = models.CharField(_("business registration number"), max_length=10)
    contact_name = models.CharField(_("contact name"), max_length=100)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"), blank=True, region="KR")

    country = CountryField(_("target country"), countries=ExportCountries)
    category = models.ForeignKey(
        "barriers.Category",
        on_delete=models.PROTECT,
        related_name="complaints",
        verbose_name=_("category"),
    )
    product = models.CharField(_("product or HS code"), max_length=200, blank=True)
    description = models.TextField(_("what happened"))
    desired_fix = models.TextField(_("what would fix it"), blank=True)
    consent_at = models.DateTimeField(_("consent given at"))

    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ComplaintStatus.choices,
        default=ComplaintStatus.RECEIVED,
        db_index=True,
    )
    barrier = models.ForeignKey(
        "barriers.Barrier",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("linked barrier"),
    )
    # Where the complaint went on arrival (its category's default ministry). Until a ministry
    # answers it, this ministry's officers triage it and see the complainant's personal data.
    routed_ministry = models.ForeignKey(
        "barriers.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="routed_complaints",
        verbose_name=_("assigned ministry"),
    )
    answering_ministry = models.ForeignKey(
        "barriers.Ministry",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="complaints",
        verbose_name=_("answering ministry"),
    )
    answering_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("answering officer"),
    )
    reply = models.TextField(_("reply to the complainant"), blank=True)
    outcome = models.CharField(_("outcome"), max_length=24, choices=ComplaintOutcome.choices, blank=True)
    replied_at = models.DateTimeField(_("first replied at"), null=True, blank=True)
    extended_review = models.BooleanField(_("under extended review"), default=False)
    extended_at = models.DateTimeField(_("review extended at"), null=True, blank=True)
    extension_grounds = models.TextField(_("grounds for the extension"), blank=True)
    extension_due = models.DateField(_("new deadline stated in the extension"), null=True, blank=True)
    paused_at = models.DateTimeField(
        _("clock paused at"),
        null=True,
        blank=True,
        help_text=_("Set while the complaint waits on the complainant for information; the clock is stopped."),
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)
    first_reply_due = models.DateTimeField(_("first reply due"))
    final_answer_due = models.DateTimeField(_("final answer due"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)
    # "Did this solve it?", asked on the status page once the complaint is answered.
    feedback = models.CharField(_("did this solve it?"), max_length=8, choices=ComplaintFeedback.choices, blank=True)
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    history = HistoricalRecords()
    objects = ComplaintQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=ComplaintStatus.values), name="complaint_status_valid"
            ),
            models.CheckConstraint(
                condition=~models.Q(status=ComplaintStatus.LINKED) | models.Q(barrier__isnull=False),
                name="complaint_linked_has_barrier",
            ),
        ]

    def __str__(self):
        return self.reference

    def missed_deadline(self, now):
        """The latest deadline this complaint has missed, or None: ComplaintQuerySet.overdue_q for
        one row (the escalation sweep records which deadline it escalated)."""
        if self.status not in COMPLAINT_OPEN_STATUSES:
            return None
        now = self.paused_at or now  # a paused clock: only what was missed before it stopped
        missed = [self.final_answer_due] if self.final_answer_due < now else []
        if self.replied_at is None and self.first_reply_due < now:
            missed.append(self.first_reply_due)
        return max(missed, default=None)


class EvidenceFile(models.Model):
    complaint = models.ForeignKey(
        Complaint, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("complaint")
    )
    file = models.FileField(_("file"), storage=evidence_storage, upload_to=RandomName(), max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("file type"), max_length=100)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")

    def __str__(self):
        return self.original_name

    @property
    def download_name(self):
        """The name an officer's browser saves it under: the SME's name without its extension
        (and without anything but letters, digits, spaces, - and _), then the extension of the type
        found in the content (the stored file's), so "run.hta" that is a PDF arrives as "run.pdf"."""
        stem = re.sub(r"[^\w\- ]+", "_", PurePath(self.original_name).stem).strip(" ._")[:80] or "evidence"
        return f"{stem}{PurePath(self.file.name).suffix}"


class ComplaintPause(models.Model):
    """The clock stopped while the complaint waited on the complainant for more information
    (시행령 제21조: the time to supply it does not count). Deadlines are rebuilt from these rows
    (barriers/deadlines.py: clock_of)."""

    complaint = models.ForeignKey(Complaint, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField(_("clock paused at"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    question = models.TextField(_("information requested"))
    resumed_at = models.DateTimeField(_("clock resumed at"), null=True, blank=True)
    resumed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The officer who restarted the clock; empty when the complainant answered.",
    )
    answer = models.TextField(_("the complainant's answer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["paused_at", "id"]
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        constraints = [
            models.UniqueConstraint(
                fields=["complaint"], condition=models.Q(resumed_at__isnull=True), name="complaint_one_open_pause"
            ),
            models.CheckConstraint(
                condition=models.Q(resumed_at__isnull=True) | models.Q(resumed_at__gte=models.F("paused_at")),
                name="complaint_pause_resumed_after_paused",
            ),
        ]

    def __str__(self):
        return f"{self.complaint_id} {self.paused_at:%Y-%m-%d}"
