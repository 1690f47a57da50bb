from django import forms
from django.utils.translation import gettext_lazy as _

from ...pickers import DatePicker
from ..fields import MinistryChoiceField


class RoutingForm(forms.Form):
    """One category's receiving ministry; `seen` is the one the page showed (the lock)."""

    ministry = MinistryChoiceField(label=_("Assigned ministry"), required=False, empty_label=_("No ministry"))
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)

    def __init__(self, *args, category, **kwargs):
        self.category = category
        kwargs.setdefault("prefix", f"route-{category.code}")
        kwargs.setdefault("auto_id", "id_%s")
        kwargs.setdefault("initial", {"ministry": category.default_ministry_id, "seen": category.default_ministry_id})
        super().__init__(*args, **kwargs)


class ClosureDayForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DatePicker)
    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("e.g. Temporary holiday (Armed Forces Day)"))
    reason = forms.CharField(label=_("Reason (optional)"), required=False, max_length=2000)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "closure")
        kwargs.setdefault("auto_id", "id_%s")
        super().__init__(*args, **kwargs)


def add_service_errors(form, error):
    for detail in error.errors:
        form.add_error(detail.field if detail.field in form.fields else None, detail.message)
