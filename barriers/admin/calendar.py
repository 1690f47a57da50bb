"""Closure days in the admin (superusers; coordinators keep them on /coordination/). Saves and
deletions go through barriers.services.calendar (which recounts the open complaints' deadlines);
its history pages only show (ServiceHistoryAdmin)."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import deadlines, permissions
from ..errors import ServiceError
from ..models import ClosureDay
from ..services import calendar as services
from .base import ServiceHistoryAdmin


class ClosureDayForm(forms.ModelForm):
    change_reason = forms.CharField(
        label=_("Reason for this change"), required=False, help_text=_("Recorded in the history.")
    )

    class Meta:
        model = ClosureDay
        fields = ["date", "name"]

    def _post_clean(self):
        """Run the service in a savepoint that is rolled back, so a refusal shows on the form with
        the input kept; the real write happens in save_model."""
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                apply_closure_form(self.request_user, self)
                transaction.set_rollback(True)
        except ServiceError as exc:
            for err in exc.errors:
                self.add_error(err.field if err.field in self.fields else None, err.message)

    def validate_unique(self):
        pass  # the service says it in words people read


def apply_closure_form(actor, form):
    data = form.cleaned_data
    if form.instance.pk:
        return services.change_closure_day(
            actor, form.instance, date=data["date"], name=data["name"], reason=data.get("change_reason", "")
        )
    return services.add_closure_day(actor, date=data["date"], name=data["name"], reason=data.get("change_reason", ""))


@admin.register(ClosureDay)
class ClosureDayAdmin(ServiceHistoryAdmin):
    form = ClosureDayForm
    list_display = ["date", "weekday", "name"]
    date_hierarchy = "date"
    search_fields = ["name"]

    @admin.display(description=_("weekday"))
    def weekday(self, obj):
        from django.utils.formats import date_format

        return date_format(obj.date, "l")

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.request_user = request.user
        return form

    def has_view_permission(self, request, obj=None):
        return permissions.can_read(request.user)

    def has_add_permission(self, request):
        return permissions.can_manage_closure_days(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.can_manage_closure_days(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.can_manage_closure_days(request.user)

    def save_model(self, request, obj, form, change):
        form.instance = apply_closure_form(request.user, form)
        if deadlines.public_holiday(form.instance.date):
            messages.info(request, _("That day is already a public holiday; nothing moves."))

    def delete_model(self, request, obj):
        services.remove_closure_day(request.user, obj)
