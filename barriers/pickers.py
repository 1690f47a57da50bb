"""Pickers a person can use: every choice of a country, a ministry or a category, in forms and in
the shared FilterSets alike.

- Order: for countries, the target markets first (barriers.countries); ministries and categories
  by their name in the page's language (`ByNameIterator`), never by code or database order.
- Search: the widgets carry `data-picker`, which static/tracker/pickers.js turns into a tom-select
  box (vendored in static/tomselect). Without JavaScript the plain <select> works as it is; a
  multiple choice is then a short list box (`size`), never a 249-row one.
"""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from .countries import name_key


def picker_attrs(extra=None):
    # Lazy texts: rendered (so translated) with the page.
    return {"data-picker": "search", "data-picker-no-results": _("Nothing matches."), **(extra or {})}


class DatePicker(forms.DateInput):
    """The browser's own date picker. It reads and writes ISO dates only, so the value is always
    given as YYYY-MM-DD, whatever the page's language."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class PickerSelect(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__(picker_attrs(attrs), choices)


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple choice as a searchable box of tags (a short list box without JavaScript)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__(picker_attrs({"size": 6, **(attrs or {})}), choices)


class ByNameIterator(ModelChoiceIterator):
    """The queryset's rows sorted by their label in the active language (the empty choice first)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: name_key(choice[1]))


class ByNameChoiceField(forms.ModelChoiceField):
    iterator = ByNameIterator
    widget = PickerSelect


class ByNameMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ByNameIterator
    widget = PickerSelectMultiple


def ministry_label(ministry):
    return f"{ministry.name} ({ministry.code})"
