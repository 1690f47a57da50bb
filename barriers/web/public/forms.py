from django import forms
from django.utils.translation import gettext_lazy as _

from ...services.publication import SUMMARY_MAX, TITLE_MAX


class PublicVersionForm(forms.Form):
    """The public wording, in both languages. Written for the public: no internal details."""

    title_ko = forms.CharField(label=_("Public title (Korean)"), max_length=TITLE_MAX)
    title_en = forms.CharField(label=_("Public title (English)"), max_length=TITLE_MAX)
    summary_ko = forms.CharField(
        label=_("Public summary (Korean)"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )
    summary_en = forms.CharField(
        label=_("Public summary (English)"), max_length=SUMMARY_MAX, widget=forms.Textarea(attrs={"rows": 5})
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class ApproveForm(forms.Form):
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
