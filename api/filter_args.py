"""GraphQL filter and sort arguments derived from the shared FilterSets (barriers/filters.py).

Each FilterSet filter becomes one argument (snake_case here, camelCase in the schema) whose type
follows from the filter's class: a choice filter over one of the code lists takes that list's
enum, a model choice filter takes codes, an ordering filter an enum of its keys with `_DESC`
twins. Adding a filter to a FilterSet adds the argument; a filter class this module does not know
is an error at import, not a silently missing argument. Only descriptions live here.
"""

import django_filters as df
import graphene
from graphene.utils.str_converters import to_camel_case

from . import enums
from .errors import ApiError

# Documentation for the arguments (optional: a filter without one is still exposed).
DESCRIPTIONS = {
    "Barrier": {
        "q": "Text search over reference, title and description.",
        "country": "ISO 3166-1 alpha-2 codes; any of them.",
        "status": "Any of these statuses.",
        "priority": "Any of these priorities.",
        "category": "Category codes; any of them.",
        "lead_ministry": "Lead ministry codes; any of them.",
        "ministry": "Ministry codes, lead or supporting; any of them.",
        "overdue": "Open and past the target date.",
        "stale": "Open with no progress update within the stale period.",
        "order_by": "Sort keys; *_DESC sorts descending.",
    },
    "Complaint": {
        "q": "Text search over reference and description.",
        "status": "Any of these statuses.",
        "country": "ISO 3166-1 alpha-2 codes; any of them.",
        "category": "Category codes; any of them.",
        "answering_ministry": "Ministry codes; any of them.",
        "overdue": "No first reply or final answer by its deadline.",
    },
}

ORDER_ENUM_DESCRIPTION = "Sort keys of the shared FilterSet; the *_DESC members sort descending."


def _choices_enum(choices):
    if callable(choices):  # built per request (the country list, in the page's language): not an enum
        return None
    values = frozenset(str(value) for value, _label in choices)
    return enums.ENUMS_BY_VALUES.get(values)


def _ordering_enum(name, ordering):
    members = []
    for param in ordering.param_map:
        members += [(param.upper(), param), (f"{param.upper()}_DESC", f"-{param}")]
    return graphene.Enum(name, members, description=lambda member: None if member else ORDER_ENUM_DESCRIPTION)


def _list(of):
    return graphene.List(graphene.NonNull(of))


def argument_type(filter_, order_enum=None):
    """The GraphQL input type for one django-filter filter."""
    if isinstance(filter_, df.OrderingFilter):
        return _list(order_enum)
    if isinstance(filter_, df.ModelMultipleChoiceFilter):
        return _list(graphene.String)  # codes (to_field_name)
    if isinstance(filter_, df.MultipleChoiceFilter):
        return _list(_choices_enum(filter_.extra["choices"]) or graphene.String)
    if isinstance(filter_, df.ChoiceFilter):
        return _choices_enum(filter_.extra["choices"]) or graphene.String
    if isinstance(filter_, df.BooleanFilter):
        return graphene.Boolean
    if isinstance(filter_, df.DateFilter):
        return graphene.Date
    if isinstance(filter_, df.CharFilter):
        return graphene.String
    raise TypeError(f"{type(filter_).__name__} has no GraphQL argument type: add it to api/filter_args.py")


class FilterArguments:
    """The arguments of one FilterSet, and the way back from argument values to its data."""

    def __init__(self, filterset_class, name, order_enum_name=None):
        self.filterset_class = filterset_class
        self.name = name
        filters = filterset_class.base_filters
        self.order_enum = None
        for filter_ in filters.values():
            if isinstance(filter_, df.OrderingFilter):
                self.order_enum = _ordering_enum(order_enum_name or f"{name}Order", filter_)
        docs = DESCRIPTIONS.get(name, {})
        self.types = {field: (argument_type(f, self.order_enum), docs.get(field)) for field, f in filters.items()}
        self.ordering = {field for field, f in filters.items() if isinstance(f, df.OrderingFilter)}

    def arguments(self, exclude=()):
        return {
            field: graphene.Argument(type_, description=doc)
            for field, (type_, doc) in self.types.items()
            if field not in exclude
        }

    def input_type(self, type_name, exclude=()):
        fields = {
            field: graphene.InputField(type_, description=doc)
            for field, (type_, doc) in self.types.items()
            if field not in exclude
        }
        return type(type_name, (graphene.InputObjectType,), fields)

    def data(self, args):
        """GraphQL argument values -> the FilterSet's data (codes, lists, comma-joined ordering)."""
        data = {}
        for field, value in (args or {}).items():
            if value is None or field not in self.types:
                continue
            if isinstance(value, list):
                value = [enums.code(v) for v in value]
            else:
                value = enums.code(value)
            if field in self.ordering:
                value = ",".join(value)
            data[field] = value
        return data

    def apply(self, queryset, args):
        """The queryset through the FilterSet; invalid values are one `invalid` error."""
        data = self.data(args)
        if not data:
            return queryset  # building the FilterSet's form (250 country choices) costs ~10 ms
        filterset = self.filterset_class(data, queryset=queryset)
        if not filterset.is_valid():
            text = "; ".join(
                f"{to_camel_case(field)}: {' '.join(str(e) for e in errors)}"
                for field, errors in filterset.errors.items()
            )
            raise ApiError(f"Invalid filter: {text}", "invalid")
        return filterset.qs
