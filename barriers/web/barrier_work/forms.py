"""The barrier page's action forms and the new-barrier form. They collect and check input; the
services (barriers.services.barriers) decide and write."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ... import transitions
from ...choices import BarrierStatus, NextActor, Priority, Rag, Scope, Source, StrategyArea
from ...pickers import DatePicker
from ...services.barriers import EDITABLE_FIELDS
from ..fields import CategoryChoiceField, CountryChoiceField, MinistryChoiceField, MinistryMultipleChoiceField


class ActionForm(forms.Form):
    """Every action carries the version of the barrier the user read (the services' lock)."""

    action = ""
    action_title = submit_label = ""
    collapsed = False
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, barrier, **kwargs):
        self.barrier = barrier
        kwargs.setdefault("prefix", self.action)
        kwargs.setdefault("auto_id", "id_%s")
        initial = {"version": barrier.version, **self.initial_for(barrier), **kwargs.pop("initial", {})}
        super().__init__(*args, initial=initial, **kwargs)

    def initial_for(self, barrier):
        return {}

    def add_service_errors(self, error):
        """A service's refusal ({field, code, message} each) onto the form: under its field where
        the form has that field, at the top otherwise (a conflict, a permission change)."""
        for detail in error.errors:
            field = detail.field if detail.field in self.fields and detail.field != "version" else None
            self.add_error(field, detail.message)


class StatusChoiceField(forms.ChoiceField):
    """Offers the targets allowed from the status the user read, but accepts any status code: if
    the barrier moved meanwhile, the service answers (conflict, then transition) in the contract's
    order, rather than the form with "not a valid choice"."""

    def valid_value(self, value):
        return value in BarrierStatus.values


class StatusForm(ActionForm):
    action = "status"
    action_title = _("Change the status")
    submit_label = _("Change the status")
    status = StatusChoiceField(label=_("New status"))
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    resolution_summary = forms.CharField(
        label=_("Resolution summary or grounds for rejection"),
        required=False,
        max_length=5000,
        help_text=_("Required when the barrier is resolved or rejected."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, barrier, **kwargs):
        super().__init__(*args, barrier=barrier, **kwargs)
        targets = [
            t for t in transitions.allowed_targets(barrier.status) if not transitions.is_reopening(barrier.status, t)
        ]
        self.fields["status"].choices = [("", _("Choose a status"))] + [(t, BarrierStatus(t).label) for t in targets]
        if not any(t in transitions.NEEDS_SUMMARY for t in targets) and not self.is_bound:
            del self.fields["resolution_summary"]


class ReopenForm(ActionForm):
    action = "reopen"
    action_title = _("Reopen the barrier")
    submit_label = _("Reopen")
    reason = forms.CharField(label=_("Reason for reopening"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ProgressForm(ActionForm):
    action = "progress"
    action_title = _("Post a progress update")
    submit_label = _("Post the update")
    rag = forms.ChoiceField(label=_("RAG"), choices=Rag.choices, widget=forms.RadioSelect)
    text = forms.CharField(label=_("Progress"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}))
    date = forms.DateField(label=_("Date"), widget=DatePicker)

    def initial_for(self, barrier):
        return {"date": timezone.localdate()}


class BarrierFieldsForm(forms.Form):
    """The fields an officer writes about a barrier (services.barriers.EDITABLE_FIELDS)."""

    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=10000, widget=forms.Textarea(attrs={"rows": 5})
    )
    country = CountryChoiceField(label=_("Market"))
    scope = forms.ChoiceField(label=_("Scope"), choices=Scope.choices, widget=forms.RadioSelect)
    category = CategoryChoiceField(label=_("Category"))
    strategy_area = forms.ChoiceField(
        label=_("Strategy area"),
        required=False,
        choices=[("", _("The category's area")), *StrategyArea.choices],
        help_text=_("Leave empty to follow the category's area."),
    )
    sectors = forms.CharField(
        label=_("Product sectors / HS chapters"),
        required=False,
        max_length=300,
        help_text=_("Optional, e.g. 'cosmetics; HS 33'."),
    )
    priority = forms.ChoiceField(label=_("Priority"), choices=Priority.choices, initial=Priority.MEDIUM)
    trade_impact_krw = forms.IntegerField(
        label=_("Estimated annual trade impact (KRW)"), required=False, min_value=0, max_value=10**15
    )
    source = forms.ChoiceField(label=_("Source"), choices=Source.choices)
    identified_on = forms.DateField(label=_("Identified on"), widget=DatePicker)
    target_on = forms.DateField(label=_("Target date"), required=False, widget=DatePicker)
    next_actor = forms.ChoiceField(
        label=_("Who acts next"), choices=NextActor.choices, initial=NextActor.KOREAN_GOVERNMENT
    )

    FIELDS = EDITABLE_FIELDS

    def barrier_fields(self):
        return {name: self.cleaned_data.get(name) for name in self.FIELDS}

    def add_service_errors(self, error):
        for detail in error.errors:
            self.add_error(detail.field if detail.field in self.fields else None, detail.message)


class EditForm(BarrierFieldsForm, ActionForm):
    action = "edit"
    action_title = _("Edit the barrier")
    submit_label = _("Save the changes")
    collapsed = True
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)

    def initial_for(self, barrier):
        values = {name: getattr(barrier, barrier._meta.get_field(name).attname) for name in self.FIELDS}
        values["country"] = str(barrier.country)
        values["category"] = barrier.category_id
        return values

    add_service_errors = ActionForm.add_service_errors


class AssignForm(ActionForm):
    action = "assign"
    action_title = _("Assign ministries")
    submit_label = _("Assign")
    collapsed = True
    lead_ministry = MinistryChoiceField(label=_("Lead ministry"))
    supporting_ministries = MinistryMultipleChoiceField(label=_("Supporting ministries"), required=False)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)

    def initial_for(self, barrier):
        return {
            "lead_ministry": barrier.lead_ministry_id,
            "supporting_ministries": [m.pk for m in barrier.supporting_ministries.all()],
        }


class NewBarrierForm(BarrierFieldsForm):
    lead_ministry = MinistryChoiceField(label=_("Lead ministry"))
    supporting_ministries = MinistryMultipleChoiceField(label=_("Supporting ministries"), required=False)
    reason = forms.CharField(label=_("Note for the history (optional)"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)
        self.fields["identified_on"].initial = timezone.localdate


ACTION_FORMS = {form.action: form for form in (StatusForm, ReopenForm, ProgressForm, EditForm, AssignForm)}
