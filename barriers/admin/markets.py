"""Market strategies in the admin: read-only, for the history. Areas are edited on their guide's
edit page (/markets/<CC>/<area>/edit/, services.markets) and figures are imported by
`manage.py import_market_indicators` (services.indicators), so nothing is saved here."""

from django.contrib import admin

from .. import permissions
from ..models import MarketArea, MarketIndicator, MarketProfile
from .base import ServiceHistoryAdmin


class ReadOnlyAdmin(ServiceHistoryAdmin):
    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or permissions.can_read(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(MarketProfile)
class MarketProfileAdmin(ReadOnlyAdmin):
    list_display = ["country", "is_demo", "updated_at"]


@admin.register(MarketArea)
class MarketAreaAdmin(ReadOnlyAdmin):
    list_display = ["profile", "area", "reviewed_by", "reviewed_at", "is_demo", "version"]
    list_filter = ["area", "is_demo"]
    list_select_related = ["profile", "reviewed_by"]


@admin.register(MarketIndicator)
class MarketIndicatorAdmin(ReadOnlyAdmin):
    list_display = ["country", "interval", "period_start", "value_krw", "unit", "source", "is_demo"]
    list_filter = ["country", "interval", "is_demo"]
