"""The GraphQL contract cannot break by accident.

- api/schema.graphql is the committed schema (graphql-core's print_schema); `make schema` writes it.
- A breaking change against it (a removed field, argument, type or enum value, a changed type) fails,
  unless what went was deprecated first (`deprecation_reason`), as the README's policy says.
- The filter and sort arguments are the shared FilterSets' filters, one for one (NetBox's
  test_missing_filters): a filter added, renamed or removed in barriers/filters.py shows here and
  in the snapshot.
"""

import re
from pathlib import Path

import django_filters as df
from graphene.utils.str_converters import to_camel_case
from graphql import BreakingChangeType, build_schema, find_breaking_changes, print_schema

from api.schema import schema
from barriers.filters import BarrierFilterSet, ComplaintFilterSet

SNAPSHOT = Path(__file__).resolve().parent.parent / "api" / "schema.graphql"
CONNECTION_ARGS = {"first", "last", "before", "after", "offset"}


def live_sdl():
    return print_schema(schema.graphql_schema)


def committed_sdl():
    return SNAPSHOT.read_text(encoding="utf-8")


def _deprecated_in(old, description):
    """Whether a removed field or enum value (named in the change's description) was deprecated."""
    owner, _, rest = description.partition(".")
    member = rest.split(" ", 1)[0]
    type_ = old.get_type(owner)
    if type_ is None:
        return False
    fields = getattr(type_, "fields", None) or getattr(type_, "values", None) or {}
    entry = fields.get(member)
    return entry is not None and bool(getattr(entry, "deprecation_reason", None))


def breaking_changes(old_sdl, new_sdl):
    """graphql-core's breaking changes, less removals of what the old schema had deprecated."""
    old, new = build_schema(old_sdl), build_schema(new_sdl)
    allowed = {BreakingChangeType.FIELD_REMOVED, BreakingChangeType.VALUE_REMOVED_FROM_ENUM}
    return [
        change
        for change in find_breaking_changes(old, new)
        if not (change.type in allowed and _deprecated_in(old, change.description))
    ]


def test_no_breaking_change_against_the_committed_schema():
    changes = breaking_changes(committed_sdl(), live_sdl())
    assert not changes, "Breaking GraphQL changes (deprecate first, see README): " + "; ".join(
        c.description for c in changes
    )


def test_the_committed_schema_is_current():
    assert committed_sdl().strip() == live_sdl().strip(), "The schema changed: run `make schema` and commit it."


def test_the_check_catches_a_removed_field_a_changed_type_and_a_removed_enum_value():
    sdl = committed_sdl()
    without_title = sdl.replace("  title: String!\n", "", 1)
    assert any("title" in c.description for c in breaking_changes(sdl, without_title))
    retyped = sdl.replace("  version: Int!\n", "  version: String!\n", 1)
    assert any("version" in c.description for c in breaking_changes(sdl, retyped))
    without_value = re.sub(r'\n\n  """[^"]*"""\n  ON_HOLD\n', "\n", sdl, count=1)
    assert without_value != sdl
    assert any("ON_HOLD" in c.description for c in breaking_changes(sdl, without_value))


def test_a_deprecated_field_may_go_and_an_addition_is_fine():
    sdl = committed_sdl()
    deprecated = sdl.replace("  title: String!\n", '  title: String! @deprecated(reason: "Use name.")\n', 1)
    assert breaking_changes(deprecated, sdl.replace("  title: String!\n", "", 1)) == []
    added = sdl.replace("  title: String!\n", "  title: String!\n  subtitle: String\n", 1)
    assert breaking_changes(sdl, added) == []


def _arguments(field_name):
    field = schema.graphql_schema.query_type.fields[field_name]
    return set(field.args) - CONNECTION_ARGS


def _filter_names(filterset_class):
    return {to_camel_case(name) for name in filterset_class.base_filters}


def test_barriers_takes_exactly_the_barrier_filtersets_filters():
    assert _arguments("barriers") == _filter_names(BarrierFilterSet)


def test_complaints_takes_exactly_the_complaint_filtersets_filters():
    assert _arguments("complaints") == _filter_names(ComplaintFilterSet)


def test_barrier_stats_filter_input_is_the_filterset_less_ordering():
    fields = set(schema.graphql_schema.get_type("BarrierFilter").fields)
    assert fields == _filter_names(BarrierFilterSet) - {"orderBy"}


def test_sort_keys_are_the_ordering_filters_keys():
    ordering = BarrierFilterSet.base_filters["order_by"]
    expected = set()
    for param in ordering.param_map:
        expected |= {param, f"-{param}"}
    values = {
        getattr(v.value, "value", v.value) for v in schema.graphql_schema.get_type("BarrierOrder").values.values()
    }
    assert values == expected


def test_choice_filters_take_the_enum_of_their_code_list():
    for field_name, filterset_class in (("barriers", BarrierFilterSet), ("complaints", ComplaintFilterSet)):
        args = schema.graphql_schema.query_type.fields[field_name].args
        for name, filter_ in filterset_class.base_filters.items():
            if isinstance(filter_, df.ChoiceFilter | df.MultipleChoiceFilter) and not isinstance(
                filter_, df.OrderingFilter | df.ModelMultipleChoiceFilter
            ):
                choices = filter_.extra["choices"]
                codes = {str(value) for value, _label in (choices() if callable(choices) else choices)}
                type_ = args[to_camel_case(name)].type
                while hasattr(type_, "of_type"):
                    type_ = type_.of_type
                if name == "country":
                    assert type_.name == "String"
                    continue
                assert {getattr(v.value, "value", v.value) for v in type_.values.values()} == codes, name
