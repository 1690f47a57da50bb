from django import forms
from django.utils.translation import gettext_lazy as _

from ...services.markets import SOURCES_MAX, TEXT_MAX
from ..fields import CountryChoiceField, MinistryMultipleChoiceField


class MarketAreaForm(forms.Form):
    """One strategy area of a market guide, in both languages, with its sources."""

    text_ko = forms.CharField(label=_("Text in Korean"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    text_en = forms.CharField(label=_("Text in English"), max_length=TEXT_MAX, widget=forms.Textarea(attrs={"rows": 8}))
    sources = forms.CharField(
        label=_("Sources"),
        max_length=SOURCES_MAX,
        help_text=_("One source a line: a publication, a law or a survey a reader can check."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    is_demo = forms.BooleanField(label=_("Demo content (not yet checked for an official guide)"), required=False)
    reason = forms.CharField(
        label=_("What changed and why"),
        max_length=2000,
        required=False,
        help_text=_("Recorded in the history."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AddMarketForm(forms.Form):
    """A coordinator adds a guide for another market (its four areas start empty)."""

    country = CountryChoiceField(label=_("Market"))
    reason = forms.CharField(label=_("Why this market"), max_length=2000, required=False)


class AreaMinistriesForm(forms.Form):
    """A coordinator names the ministries whose officers may edit an area."""

    ministries = MinistryMultipleChoiceField(label=_("Responsible ministries"), required=False)
    reason = forms.CharField(label=_("Reason for the change"), max_length=2000, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
