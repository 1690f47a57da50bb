"""The complaints admin: a triage list with deadlines, and triage actions that call the services.

Nothing is saved by the admin itself: every change goes through barriers.services.complaints.
Personal fields show only where permissions.can_view_personal_data allows them for that complaint;
evidence links go through the guarded download view.
"""

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from .. import deadlines, permissions
from ..choices import Scope
from ..complaint_workflow import ANSWER_OUTCOMES, Action
from ..errors import ServiceError
from ..filters import ComplaintFilterSet
from ..models import Barrier, Complaint, Ministry
from ..models.complaint import PERSONAL_FIELDS
from ..pickers import DatePicker
from ..selectors.complaints import complaint_list_queryset
from ..services import complaint_clock as clock
from ..services import complaints as services
from .base import ServiceHistoryAdmin


class ComplaintOverdueFilter(admin.SimpleListFilter):
    title = _("deadline")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("1", _("Overdue")), ("0", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() in ("0", "1"):
            return ComplaintFilterSet({"overdue": self.value() == "1"}, queryset=queryset).qs
        return queryset


class TriageForm(forms.Form):
    action = forms.ChoiceField(label=_("Action"), choices=Action.choices)
    text = forms.CharField(
        label=_("Reply, grounds or reason (sent to the complainant)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    outcome = forms.ChoiceField(
        label=_("Outcome (for an answer)"),
        required=False,
        choices=[("", "---")] + [(o.value, o.label) for o in ANSWER_OUTCOMES],
    )
    new_due = forms.DateField(
        label=_("New deadline (for an extension)"),
        required=False,
        help_text=_("Empty: the latest date the rules allow."),
        widget=DatePicker,
    )
    barrier = forms.CharField(label=_("Barrier reference (to link)"), required=False)
    title = forms.CharField(label=_("New barrier title"), required=False, max_length=300)
    scope = forms.ChoiceField(label=_("New barrier scope"), choices=Scope.choices, required=False)
    lead_ministry = forms.ModelChoiceField(
        label=_("Lead ministry (new barrier; answering ministry on review)"),
        queryset=Ministry.objects.filter(is_active=True),
        required=False,
    )


def run_triage(actor, complaint, data):
    """Turn a triage form into one service call (which checks it against complaint_workflow)."""
    action, text = data["action"], data.get("text") or ""
    if action == Action.START_REVIEW:
        return services.start_review(actor, complaint, answering_ministry=data.get("lead_ministry"))
    if action == Action.REPLY:
        return services.reply_to_complaint(actor, complaint, text=text)
    if action == Action.EXTEND:
        return clock.extend_review(actor, complaint, grounds=text, new_due=data.get("new_due"))
    if action == Action.REQUEST_INFORMATION:
        return clock.request_information(actor, complaint, question=text)
    if action == Action.RESUME_CLOCK:
        return clock.resume_clock(actor, complaint, reason=text)
    if action == Action.LINK:
        return services.link_to_barrier(actor, complaint, (data.get("barrier") or "").strip(), reply=text)
    if action == Action.CREATE_BARRIER:
        return services.create_barrier_from_complaint(
            actor,
            complaint,
            lead_ministry=data.get("lead_ministry"),
            title=data.get("title") or "",
            scope=data.get("scope") or "",
            reply=text,
        )
    if action == Action.ANSWER:
        return services.answer_complaint(actor, complaint, text=text, outcome=data.get("outcome") or "")
    if action == Action.REJECT:
        return services.reject_complaint(actor, complaint, grounds=text)
    raise ValueError(action)


@admin.register(Complaint)
class ComplaintAdmin(ServiceHistoryAdmin):
    never_filter_on = PERSONAL_FIELDS + ("answering_officer", "evidence")
    list_display = [
        "reference",
        "status",
        "country",
        "category",
        "received_at",
        "first_reply_due",
        "final_answer_due",
        "overdue_flag",
        "routed_ministry",
        "answering_ministry",
        "barrier",
    ]
    list_filter = [
        "status",
        ComplaintOverdueFilter,
        "country",
        "category",
        "routed_ministry",
        "answering_ministry",
        "extended_review",
    ]
    search_fields = ["reference", "description"]
    date_hierarchy = "received_at"
    history_list_display = ["status"]

    @admin.display(description=_("status"), ordering="status")
    def status(self, obj):
        """The status's label, not its code (the history list shows this column too)."""
        return obj.get_status_display()

    change_form_template = "admin/complaints/change_form.html"

    def get_queryset(self, request):
        return complaint_list_queryset(request.user)  # annotated with is_overdue

    @admin.display(description=_("overdue"), boolean=True, ordering="is_overdue")
    def overdue_flag(self, obj):
        return obj.is_overdue

    @admin.display(description=_("evidence"))
    def evidence_links(self, obj):
        items = list(obj.evidence.all())
        if not items:
            return "-"
        # The link downloads under the name of the type found in the content; the SME's own file
        # name is shown beside it as text (escaped), never used to save the file.
        return format_html_join(
            ", ",
            '<a href="{}" download>{}</a> ({}, {} KB)',
            (
                (reverse("complaints:evidence", args=[e.pk]), e.download_name, e.original_name, max(1, e.size // 1024))
                for e in items
            ),
        )

    def get_fields(self, request, obj=None):
        facts = [
            "reference",
            "status",
            "received_at",
            "country",
            "category",
            "product",
            "description",
            "desired_fix",
            "routed_ministry",
            "answering_ministry",
            "answering_officer",
            "reply",
            "outcome",
            "replied_at",
            "extended_review",
            "extended_at",
            "extension_due",
            "extension_grounds",
            "paused_at",
            "first_reply_due",
            "final_answer_due",
            "closed_at",
            "escalated_at",
            "barrier",
            "anonymised_at",
            "language",
        ]
        if self.personal_data_allowed(request, obj):
            return list(PERSONAL_FIELDS) + facts + ["consent_at", "evidence_links"]
        return facts

    @staticmethod
    def personal_data_allowed(request, obj):
        """permissions.can_view_personal_data, asked of the complaint as it is now: the history
        pages hand over an old version, whose routing may differ. Cached for the request."""
        if obj is None or obj.pk is None:
            return False
        cache = request.__dict__.setdefault("_personal_data_allowed", {})
        if obj.pk not in cache:
            live = Complaint.objects.filter(pk=obj.pk).only("answering_ministry_id", "routed_ministry_id").first()
            cache[obj.pk] = live is not None and permissions.can_view_personal_data(request.user, live)
        return cache[obj.pk]

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """The history list diffs versions: personal fields stay out of it for whoever may not
        see them (the rule asked of the complaint as it is now)."""
        records = list(historical_records)
        if not records or self.personal_data_allowed(request, records[0].instance):
            return super().set_history_delta_changes(request, historical_records, foreign_keys_are_objs)
        previous = None
        for current in records:
            if previous is not None:
                delta = previous.diff_against(
                    current, excluded_fields=PERSONAL_FIELDS, foreign_keys_are_objs=foreign_keys_are_objs
                )
                helper = self.get_historical_record_context_helper(request, previous)
                previous.history_delta_changes = helper.context_for_delta_changes(delta)
            previous = current

    def get_readonly_fields(self, request, obj=None):
        return self.get_fields(request, obj)

    def has_view_permission(self, request, obj=None):
        return permissions.can_read(request.user)

    def has_change_permission(self, request, obj=None):
        return False  # triage happens through the triage page (services), never a model save

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path("<int:pk>/triage/", self.admin_site.admin_view(self.triage_view), name="barriers_complaint_triage"),
        ] + super().get_urls()

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        complaint = self.get_object(request, object_id)
        extra_context["can_triage"] = complaint is not None and permissions.can_triage_complaint(
            request.user, complaint
        )
        if complaint is not None:
            extra_context["deadlines"] = deadlines.complaint_deadlines(complaint, deadlines.Calendar.load())
        return super().change_view(request, object_id, form_url, extra_context)

    def triage_view(self, request, pk):
        complaint = get_object_or_404(complaint_list_queryset(request.user), pk=pk)
        if not permissions.can_triage_complaint(request.user, complaint):
            messages.error(request, _("Only officers and coordinators triage complaints."))
            return redirect("admin:barriers_complaint_change", pk)
        form = TriageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                result = run_triage(request.user, complaint, form.cleaned_data)
            except ServiceError as exc:
                for err in exc.errors:
                    form.add_error(None, err.message)
            else:
                if isinstance(result, Barrier):
                    messages.success(request, _("Barrier %(ref)s filed and linked.") % {"ref": result.reference})
                else:
                    messages.success(request, _("Saved; the complainant is told by e-mail."))
                return redirect("admin:barriers_complaint_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": complaint,
            "complaint": complaint,
            "form": form,
            "deadlines": deadlines.complaint_deadlines(complaint, deadlines.Calendar.load()),
            "title": _("Triage %(ref)s") % {"ref": complaint.reference},
        }
        return TemplateResponse(request, "admin/complaints/triage.html", context)
