"""Texts from shared modules that the complaint pages and mails show, listed here so that this
area's catalogue (barriers/web/complaints/locale) carries their Korean translation too."""

from django.utils.translation import gettext_noop as _

SHARED_LABELS = (
    # barriers.choices.ComplaintStatus / ComplaintOutcome
    _("Received"),
    _("Under review"),
    _("Linked to a barrier"),
    _("Answered"),
    _("Rejected"),
    _("Accepted"),
    _("Partly accepted"),
    _("Already possible under current rules"),
    _("Not accepted"),
    # barriers.choices.BarrierStatus, shown for the linked barrier
    _("Reported"),
    _("Confirmed"),
    _("In progress"),
    _("Partially resolved"),
    _("Resolved"),
    _("On hold"),
    # tracker/templates/ratelimited.html, the form's 429 page
    _("Too many submissions"),
    _(
        "Too many submissions came from your connection in a short time. Nothing more was saved. Please try again later."
    ),
    # tracker/templates/base.html, around every complaint page
    _("Export barrier tracker"),
    _("Skip to content"),
    _("Main"),
    _("Report a barrier"),
    _("Sign in"),
    _("Language"),
    _("Change"),
    _("Cross-border e-commerce export programme"),
    _("Korean"),
    _("English"),
)
