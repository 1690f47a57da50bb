"""Form fields shared by the tracker's pages."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from ..countries import country_choices


class CountrySelect(forms.Select):
    """A country <select>: the target markets, then every other country (one place to enhance it,
    e.g. with a searchable select)."""


class CountryChoiceField(forms.ChoiceField):
    """One country an export barrier concerns (never Korea), listed as `country_choices` gives
    them: target markets first, names in the language of the page being rendered."""

    widget = CountrySelect

    default_empty_label = _("Choose a country")

    def __init__(self, *, empty_label=default_empty_label, **kwargs):
        # A callable: evaluated each time the field renders, so in the request's language.
        kwargs.setdefault("choices", partial(country_choices, empty_label))
        super().__init__(**kwargs)
