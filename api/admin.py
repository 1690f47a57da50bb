"""API tokens in the admin: read-only (the secret is never shown again) except a revoke action."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from barriers.admin.base import TrackerAdminMixin
from barriers.errors import ServiceError

from .models import ApiToken
from .tokens import revoke_token


@admin.register(ApiToken)
class ApiTokenAdmin(TrackerAdminMixin, admin.ModelAdmin):
    list_display = ("prefix", "user", "name", "scope", "created_at", "expires_at", "revoked_at", "last_used_at")
    list_filter = ("scope", ("revoked_at", admin.EmptyFieldListFilter))
    search_fields = ("prefix", "name", "user__username")
    readonly_fields = ("user", "name", "prefix", "scope", "created_at", "expires_at", "revoked_at", "last_used_at")
    fields = readonly_fields
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # tokens are issued by `manage.py create_api_token`, which shows the secret once

    def has_change_permission(self, request, obj=None):
        return False  # nothing to edit; revoking is the action below

    def has_delete_permission(self, request, obj=None):
        return False  # revoke instead: the row stays as a record of who had access

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request, queryset):
        done = 0
        for token in queryset:
            try:
                revoke_token(request.user, token)
                done += 1
            except ServiceError as exc:
                self.message_user(request, str(exc), messages.ERROR)
        self.message_user(request, _("%(n)d token(s) revoked.") % {"n": done}, messages.SUCCESS)
