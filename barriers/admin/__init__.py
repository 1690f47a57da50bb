"""Admin registrations, one module per area. The admin is for superusers (tracker/admin_site.py);
every save goes through the services."""

from . import (
    barriers,  # noqa: F401
    calendar,  # noqa: F401
    complaints,  # noqa: F401
    markets,  # noqa: F401
)
