"""Form fields shared by the tracker's pages: every country, ministry and category picker is one of
these (order and search: barriers.pickers)."""

from functools import partial

from django import forms
from django.utils.translation import gettext_lazy as _

from ..countries import country_choices
from ..models import Category, Ministry
from ..pickers import (
    ByNameChoiceField,
    ByNameMultipleChoiceField,
    PickerSelect,
    PickerSelectMultiple,  # noqa: F401 (re-exported for forms)
    ministry_label,
)


class CountrySelect(PickerSelect):
    """A country <select>: the target markets, then every other country, searchable."""


class CountryChoiceField(forms.ChoiceField):
    """One country an export barrier concerns (never Korea), listed as `country_choices` gives
    them: target markets first, names in the language of the page being rendered."""

    widget = CountrySelect

    default_empty_label = _("Choose a country")

    def __init__(self, *, empty_label=default_empty_label, **kwargs):
        # A callable: evaluated each time the field renders, so in the request's language.
        kwargs.setdefault("choices", partial(country_choices, empty_label))
        super().__init__(**kwargs)


class MinistryChoiceField(ByNameChoiceField):
    """One active ministry, shown as "관세청 (KCS)", sorted by name in the page's language."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a ministry"))
        super().__init__(queryset if queryset is not None else Ministry.objects.filter(is_active=True), **kwargs)

    def label_from_instance(self, obj):
        return ministry_label(obj)


class MinistryMultipleChoiceField(ByNameMultipleChoiceField):
    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset if queryset is not None else Ministry.objects.filter(is_active=True), **kwargs)

    def label_from_instance(self, obj):
        return ministry_label(obj)


class CategoryChoiceField(ByNameChoiceField):
    """One category by its name in the page's language, sorted by that name."""

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("empty_label", _("Choose a category"))
        super().__init__(queryset if queryset is not None else Category.objects.all(), **kwargs)

    def label_from_instance(self, obj):
        return obj.name
