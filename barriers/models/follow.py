"""Following, saved views, digests, internal notes and feed tokens (issue 16).

A Note is an internal remark on a barrier or a complaint, history-audited like everything else.
A SavedView is a named filter of the barrier list (its query string), per user. A Follow points at
a barrier or a saved view; a DigestSubscription says how often its user hears about what changed
and when they last did. A FeedToken opens one user's saved-view feeds in a feed reader.
"""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

NOTE_EDIT_MINUTES = 15
NOTE_MAX_LENGTH = 5000


class DigestPeriod(models.TextChoices):
    DAILY = "daily", _("Daily")
    WEEKLY = "weekly", _("Weekly")
    OFF = "off", _("No digest")


class Note(models.Model):
    """An internal note: officers, coordinators and oversight read it; never the complainant."""

    barrier = models.ForeignKey(
        "barriers.Barrier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("barrier"),
    )
    complaint = models.ForeignKey(
        "barriers.Complaint",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notes",
        verbose_name=_("complaint"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notes", verbose_name=_("author")
    )
    text = models.TextField(_("text"), max_length=NOTE_MAX_LENGTH)
    created_at = models.DateTimeField(_("written at"), default=timezone.now, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        constraints = [
            models.CheckConstraint(
                condition=Q(barrier__isnull=False, complaint__isnull=True)
                | Q(barrier__isnull=True, complaint__isnull=False),
                name="note_on_one_subject",
            )
        ]
        indexes = [
            models.Index(fields=["barrier", "created_at"], name="note_barrier_created"),
            models.Index(fields=["complaint", "created_at"], name="note_complaint_created"),
        ]

    def __str__(self):
        return f"{self.subject} · {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def subject(self):
        return self.barrier if self.barrier_id else self.complaint

    def editable_until(self):
        return self.created_at + timezone.timedelta(minutes=NOTE_EDIT_MINUTES)


class SavedView(models.Model):
    """A named filter of the barrier list: the list page's query string, kept as typed."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_views", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100)
    query = models.CharField(_("filter"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("saved at"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["name", "id"]
        verbose_name = _("saved view")
        verbose_name_plural = _("saved views")
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="saved_view_name_per_owner")]

    def __str__(self):
        return self.name


class Follow(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows", verbose_name=_("user")
    )
    barrier = models.ForeignKey(
        "barriers.Barrier",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("barrier"),
    )
    saved_view = models.ForeignKey(
        SavedView,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="follows",
        verbose_name=_("saved view"),
    )
    created_at = models.DateTimeField(_("followed since"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(barrier__isnull=False, saved_view__isnull=True)
                | Q(barrier__isnull=True, saved_view__isnull=False),
                name="follow_one_subject",
            ),
            models.UniqueConstraint(
                fields=["user", "barrier"], condition=Q(barrier__isnull=False), name="follow_barrier_once"
            ),
            models.UniqueConstraint(
                fields=["user", "saved_view"], condition=Q(saved_view__isnull=False), name="follow_view_once"
            ),
        ]

    def __str__(self):
        return f"{self.user} → {self.barrier or self.saved_view}"


class DigestSubscription(models.Model):
    """How often a user hears about their follows, and up to when they have heard."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest", verbose_name=_("user")
    )
    period = models.CharField(_("digest"), max_length=8, choices=DigestPeriod.choices, default=DigestPeriod.DAILY)
    # The language the digests and @mention mails are written in (staff mails are Korean otherwise).
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    # Changes up to this moment have been sent (or there were none); the next digest starts here.
    covered_until = models.DateTimeField(_("digest sent up to"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("digest subscription")
        verbose_name_plural = _("digest subscriptions")

    def __str__(self):
        return f"{self.user} · {self.period}"


def hash_feed_token(raw):
    """SHA-256, as api.models.hash_token does for API tokens (the domain does not import the API)."""
    return hashlib.sha256(raw.encode()).hexdigest()


class FeedTokenQuerySet(models.QuerySet):
    def usable(self):
        return self.filter(revoked_at__isnull=True)


class FeedToken(models.Model):
    """Opens its user's saved-view Atom feeds, and nothing else: read scope by construction (only
    the feed view looks it up). Only the hash is stored; the secret is in the feed's URL."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="feed_tokens", verbose_name=_("user")
    )
    prefix = models.CharField(_("prefix"), max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = FeedTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("feed token")
        verbose_name_plural = _("feed tokens")

    def __str__(self):
        return f"{self.prefix}… ({self.user})"

    @staticmethod
    def generate():
        raw = "ft_" + secrets.token_urlsafe(32)
        return raw, raw[:10], hash_feed_token(raw)
