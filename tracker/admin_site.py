"""The Django admin is for superusers: reference data, accounts, API tokens.

Officers, coordinators and oversight readers do their work on the site's pages (/workspace/,
/workspace/complaints/<ref>/, /barriers/<ref>/, /barriers/new/, /coordination/), so a membership
gives no admin access: a signed-in non-superuser is sent to the admin's login page, which says
the account may not use the admin. Every save in the admin still goes through the services.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _


class TrackerAdminSite(admin.AdminSite):
    site_header = _("Export barrier tracker: administration")
    site_title = _("Export barrier tracker: administration")
    index_title = _("Reference data and accounts")

    def has_permission(self, request):
        user = request.user
        return user.is_active and user.is_superuser
