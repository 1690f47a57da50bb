"""Admin registrations, one module per area. Every save goes through the services."""

from . import (
    barriers,  # noqa: F401
    complaints,  # noqa: F401
)
