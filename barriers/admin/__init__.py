"""Admin registrations, one module per area. Every save goes through the services."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (
    barriers,  # noqa: F401
    calendar,  # noqa: F401
    complaints,  # noqa: F401
    markets,  # noqa: F401
)

admin.site.site_header = _("Export barrier tracker: administration")
admin.site.site_title = _("Export barrier tracker: administration")
admin.site.index_title = _("Reference data and accounts")
