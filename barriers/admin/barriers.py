"""Barriers and reference data in the admin (superusers only). Every save goes through the
services; row rules come from permissions.py."""

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import permissions
from ..errors import ServiceError
from ..models import Barrier, Category, Membership, Ministry, ProgressUpdate
from ..selectors.barriers import barrier_list_queryset
from ..services import barriers as barrier_services
from ..services import memberships as membership_services
from ..services.reference import save_reference_record
from .base import ServiceHistoryAdmin


class BarrierAdminForm(forms.ModelForm):
    # The version the officer read (a hidden field; "version" itself is not editable on the model).
    read_version = forms.IntegerField(label=_("version you read"), widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(
        label=_("Reason for this change"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Recorded in the history. Required when you change anything."),
    )

    class Meta:
        model = Barrier
        fields = [
            "title",
            "description",
            "country",
            "scope",
            "category",
            "strategy_area",
            "sectors",
            "lead_ministry",
            "supporting_ministries",
            "status",
            "next_actor",
            "priority",
            "trade_impact_krw",
            "source",
            "identified_on",
            "target_on",
            "resolution_summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["read_version"].initial = self.instance.version
            if "change_reason" in self.fields:
                self.fields["change_reason"].required = True
        elif "status" in self.fields:
            self.fields["status"].disabled = True

    def _post_clean(self):
        """Run the services in a savepoint that is rolled back, so that a refusal (forbidden,
        conflict, bad transition, missing field) shows on the form with the user's input kept.
        The real write happens in save_model once every form and inline is valid."""
        super()._post_clean()
        if self.errors:
            return
        try:
            with transaction.atomic():
                apply_barrier_form(self.request_user, self)
                transaction.set_rollback(True)
        except ServiceError as exc:
            for err in exc.errors:
                field = err.field if err.field in self.fields else None
                if field == "version" or field is None:
                    self.add_error(None, err.message)
                else:
                    self.add_error(field, err.message)


def apply_barrier_form(actor, form):
    """Turn an admin form into service calls; returns the saved barrier."""
    data = form.cleaned_data
    editable = {k: data[k] for k in barrier_services.EDITABLE_FIELDS if k in form.fields and k in data}
    if form.instance.pk is None:
        return barrier_services.create_barrier(
            actor,
            lead_ministry=data["lead_ministry"],
            supporting_ministries=data.get("supporting_ministries", []),
            reason=data.get("change_reason") or "",
            **editable,
        )
    original = Barrier.objects.get(pk=form.instance.pk)
    barrier, version, reason = original, data.get("read_version"), data.get("change_reason", "")
    changed_editable = {k: v for k, v in editable.items() if k in form.changed_data}
    if changed_editable:
        barrier = barrier_services.update_barrier(actor, barrier, version=version, reason=reason, **changed_editable)
        version = barrier.version
    if {"lead_ministry", "supporting_ministries"} & set(form.changed_data) and "lead_ministry" in form.fields:
        barrier = barrier_services.assign_ministries(
            actor,
            barrier,
            lead_ministry=data["lead_ministry"],
            supporting_ministries=list(data["supporting_ministries"]),
            version=version,
            reason=reason,
        )
        version = barrier.version
    if "status" in form.changed_data:
        barrier = barrier_services.change_status(
            actor,
            barrier,
            status=data["status"],
            reason=reason,
            version=version,
            resolution_summary=data.get("resolution_summary", ""),
        )
    return barrier


class ProgressUpdateInline(admin.TabularInline):
    model = ProgressUpdate
    fields = ["date", "rag", "text", "author", "status"]
    readonly_fields = ["author", "status"]
    extra = 1
    can_delete = False

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return obj is not None and permissions.can_add_progress(request.user, obj)


class OverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "flag"

    def lookups(self, request, model_admin):
        return [("overdue", _("Overdue")), ("stale", _("Stale"))]

    def queryset(self, request, queryset):
        from ..filters import BarrierFilterSet

        if self.value() in ("overdue", "stale"):
            return BarrierFilterSet({self.value(): True}, queryset=queryset).qs
        return queryset


@admin.register(Barrier)
class BarrierAdmin(ServiceHistoryAdmin):
    form = BarrierAdminForm
    inlines = [ProgressUpdateInline]
    list_display = ["reference", "title", "country", "status", "lead_ministry", "category", "priority", "target_on"]
    list_filter = ["country", "status", "lead_ministry", "category", "priority", "scope", "source", OverdueFilter]
    search_fields = ["reference", "title", "description"]
    list_select_related = ["lead_ministry", "category"]
    readonly_fields = ["reference", "resolved_on", "created_by"]
    filter_horizontal = ["supporting_ministries"]
    history_list_display = ["status"]

    @admin.display(description=_("status"), ordering="status")
    def status(self, obj):
        """The status's label, not its code (the history list shows this column too)."""
        return obj.get_status_display()

    def get_queryset(self, request):
        return barrier_list_queryset(request.user)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        form.request_user = request.user
        return form

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is not None and not self.has_change_permission(request, obj):
            fields = [f for f in fields if f not in ("change_reason", "read_version")]
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and not permissions.can_assign_ministries(request.user, obj):
            fields += ["lead_ministry", "supporting_ministries"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return permissions.can_write_anything(request.user)
        return permissions.can_change_barrier(request.user, obj)

    def has_add_permission(self, request):
        return permissions.can_write_anything(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.can_read(request.user)

    def has_delete_permission(self, request, obj=None):
        return False  # barriers are closed (resolved/rejected), never deleted: references stay stable

    def save_model(self, request, obj, form, change):
        try:
            saved = apply_barrier_form(request.user, form)
        except ServiceError as exc:  # a race after the dry run: refuse, roll back, say why
            transaction.set_rollback(True)
            self.message_user(request, str(exc), messages.ERROR)
            saved = Barrier.objects.get(pk=obj.pk) if obj.pk else obj
        form.instance = saved
        obj.pk = saved.pk
        obj.reference = saved.reference

    def save_related(self, request, form, formsets, change):
        barrier = form.instance
        for formset in formsets:
            # The admin's change message reads these; the rows themselves come from the service.
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if formset.model is ProgressUpdate:
                for inline in formset.extra_forms:
                    if inline.has_changed() and inline.is_valid():
                        formset.new_objects.append(
                            barrier_services.add_progress_update(
                                request.user,
                                barrier,
                                text=inline.cleaned_data["text"],
                                rag=inline.cleaned_data["rag"],
                                date=inline.cleaned_data.get("date"),
                            )
                        )


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ServiceHistoryAdmin):
    list_display = ["barrier", "date", "rag", "author", "ministry"]
    list_filter = ["rag", "ministry"]
    list_select_related = ["barrier", "author", "ministry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReferenceAdmin(ServiceHistoryAdmin):
    """Reference data: readable by members, changed by administrators (the service's rule)."""

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser or permissions.can_read(request.user)

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        save_reference_record(request.user, obj, reason=f"Edited in admin: {', '.join(form.changed_data)}")


@admin.register(Ministry)
class MinistryAdmin(ReferenceAdmin):
    list_display = ["code", "name_ko", "name_en", "kind", "email", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name_ko", "name_en"]


@admin.register(Category)
class CategoryAdmin(ReferenceAdmin):
    list_display = ["code", "name_ko", "name_en", "default_ministry", "strategy_area", "ntm_chapter", "sort_order"]
    list_select_related = ["default_ministry"]


@admin.register(Membership)
class MembershipAdmin(ServiceHistoryAdmin):
    list_display = ["user", "role", "ministry"]
    list_filter = ["role", "ministry"]
    list_select_related = ["user", "ministry"]

    def has_add_permission(self, request):
        return request.user.is_superuser  # the membership service's rule

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # a role is changed, or the account deactivated; the row keeps its history

    def save_model(self, request, obj, form, change):
        membership_services.set_membership(
            request.user, obj.user, role=obj.role, ministry=obj.ministry, reason="Edited in admin"
        )
