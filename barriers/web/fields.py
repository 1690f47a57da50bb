"""Form fields shared by the tracker's pages.

Every picker of a country, a ministry or a category is one of these: its options in a fixed
order (target markets first for countries, then names sorted in the page's language), and the
`data-picker` attribute that static/tracker/pickers.js turns into a searchable tom-select box. The
plain <select> underneath works without JavaScript.
"""

from functools import partial

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils.translation import gettext_lazy as _

from ..countries import country_choices, name_key
from ..models import Category, Ministry

PICKER = {"data-picker": "search"}


class CountrySelect(forms.Select):
    """A country <select>: the target markets, then every other country, searchable."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**PICKER, **(attrs or {})}, choices)


class CountryChoiceField(forms.ChoiceField):
    """One country an export barrier concerns (never Korea), listed as `country_choices` gives
    them: target markets first, names in the language of the page being rendered."""

    widget = CountrySelect

    default_empty_label = _("Choose a country")

    def __init__(self, *, empty_label=default_empty_label, **kwargs):
        # A callable: evaluated each time the field renders, so in the request's language.
        kwargs.setdefault("choices", partial(country_choices, empty_label))
        super().__init__(**kwargs)


class ByNameIterator(ModelChoiceIterator):
    """The queryset's rows sorted by their label in the active language (the empty choice first)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        choices = [self.choice(obj) for obj in self.queryset]
        yield from sorted(choices, key=lambda choice: name_key(choice[1]))


class PickerSelect(forms.Select):
    def __init__(self, attrs=None, choices=()):
        super().__init__({**PICKER, **(attrs or {})}, choices)


class PickerSelectMultiple(forms.SelectMultiple):
    """A multiple choice as a searchable box of tags (a short plain list without JavaScript)."""

    def __init__(self, attrs=None, choices=()):
        super().__init__({**PICKER, "size": 6, **(attrs or {})}, choices)


class MinistryChoiceField(forms.ModelChoiceField):
    """One active ministry, shown as "KCS 관세청", sorted by name in the page's language."""

    iterator = ByNameIterator
    widget = PickerSelect

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a ministry"))
        super().__init__(queryset if queryset is not None else Ministry.objects.filter(is_active=True), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class MinistryMultipleChoiceField(forms.ModelMultipleChoiceField):
    iterator = ByNameIterator
    widget = PickerSelectMultiple

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Ministry.objects.filter(is_active=True), **kwargs)

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.code})"


class CategoryChoiceField(forms.ModelChoiceField):
    """One category by its name in the page's language, sorted by that name."""

    iterator = ByNameIterator
    widget = PickerSelect

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a category"))
        super().__init__(queryset if queryset is not None else Category.objects.all(), **kwargs)

    def label_from_instance(self, obj):
        return obj.name
