"""Query limits: depth, aliases and cost, tokens, body size and page size.

Depth and aliases are a graphql-core validation rule (`QueryLimitsRule`, in the view's
`validation_rules` after the specified rules, so undefined and cyclic fragments are already
errors); cost depends on the variables (`first: $n`), so the view checks it after validation with
the variables coerced as execution will see them (defaults applied, `100.0` read as 100). Either
way a query over a limit gets ONE error that names the limit and both numbers, e.g. "query depth 14
exceeds the limit of 10", and nothing is resolved.

Every field counts, introspection included. Each selection set (a fragment's too) is measured once
and the figure memoised, so the check is linear in the document: a fragment spread twice at every
level of 30 costs 30 visits, and its figures (2^30 fields) are then over the limits.

Cost: every field costs 1; a list or connection multiplies the cost of what it contains by its
page size (`first`/`last` when given, otherwise the size it can return by default). So
`barriers(first: 100) { edges { node { history { who } } } }` costs about 100 * (1 + 20 * 2).
Introspection lists multiply by the schema's own average (types, fields per type, ...).
"""

from math import ceil

from django.conf import settings
from graphql import GraphQLError, ValidationRule
from graphql.execution.values import get_variable_values
from graphql.language import FieldNode, InlineFragmentNode, IntValueNode, VariableNode

from .errors import ApiError

DEFAULTS = {
    "MAX_DEPTH": 10,
    "MAX_INTROSPECTION_DEPTH": 15,  # GraphiQL's own introspection query is 15 deep (its TypeRef)
    "MAX_COST": 200_000,
    "MAX_ALIASES": 30,
    "MAX_TOKENS": 10_000,
    "MAX_BODY_BYTES": 100_000,
    "MAX_PAGE_SIZE": 100,
}

# How many items a list field returns when the query does not say (its cost multiplier).
DEFAULT_LIST_SIZES = {
    "barriers": 100,
    "complaints": 100,
    "progressUpdates": 20,
    "history": 20,
    "changes": 5,
    "added": 5,
    "removed": 5,
    "supportingMinistries": 5,
    "linkedComplaints": 5,
    "ministries": 20,
    "categories": 20,
    "countries": 10,
    "barrierStats": 50,
    "progress": 24,
}
INTROSPECTION_ROOTS = {"__schema", "__type"}


def limit(name):
    return getattr(settings, "GRAPHQL_LIMITS", {}).get(name, DEFAULTS[name])


def check_page_size(field, first=None, last=None):
    maximum = limit("MAX_PAGE_SIZE")
    for arg, value in (("first", first), ("last", last)):
        if value is None:
            continue
        if value < 0:
            raise ApiError(f"`{arg}` on `{field}` cannot be negative.", "invalid")
        if value > maximum:
            raise ApiError(f"page size {value} on `{field}` exceeds the limit of {maximum}", "limit_exceeded")


_INTROSPECTION_SIZES = {}


def introspection_sizes(schema):
    """Average list sizes of the schema's introspection (`types`, `fields`, ...), once per schema."""
    sizes = _INTROSPECTION_SIZES.get(id(schema))
    if sizes is None:
        types = list(schema.type_map.values())

        def average(attr):
            counts = [len(getattr(t, attr) or ()) for t in types if getattr(t, attr, None)]
            return ceil(sum(counts) / len(counts)) if counts else 1

        fields = [f for t in types for f in (getattr(t, "fields", None) or {}).values()]
        sizes = {
            "types": len(types),
            "fields": average("fields"),
            "inputFields": average("fields"),
            "enumValues": average("values"),
            "interfaces": average("interfaces"),
            "possibleTypes": 5,
            "directives": len(schema.directives),
            "args": ceil(sum(len(getattr(f, "args", {}) or {}) for f in fields) / len(fields)) if fields else 1,
        }
        _INTROSPECTION_SIZES[id(schema)] = sizes
    return sizes


class Measure:
    """Depth, introspection depth, aliases and (with variables) cost of an operation, each
    selection set measured once (memoised by identity). `visits` counts the selection sets walked."""

    def __init__(self, fragments, variables=None, sizes=None):
        self.fragments = fragments
        self.variables = variables
        self.sizes = sizes or {}
        self.memo = {}
        self.visits = 0

    def page_size(self, node, in_introspection):
        values = []
        for arg in node.arguments or ():
            if arg.name.value not in ("first", "last"):
                continue
            value = arg.value
            if isinstance(value, IntValueNode):
                values.append(int(value.value))
            elif isinstance(value, VariableNode) and self.variables is not None:
                found = self.variables.get(value.name.value)
                if isinstance(found, int):
                    values.append(found)
        if values:
            return max(0, min(values))
        name = node.name.value
        if in_introspection:
            return self.sizes.get(name, 1)
        return DEFAULT_LIST_SIZES.get(name, 1)

    def selection_set(self, selection_set, in_introspection=False):
        """(depth, introspection depth, aliases, cost) below a selection set."""
        key = (id(selection_set), in_introspection)
        found = self.memo.get(key)
        if found is not None:
            return found
        self.memo[key] = (0, 0, 0, 0)  # a cycle (rejected by validation before this) ends here
        self.visits += 1
        depth = intro_depth = aliases = cost = 0
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                if node.alias is not None:
                    aliases += 1
                name = node.name.value
                inside = in_introspection or name in INTROSPECTION_ROOTS
                child = (0, 0, 0, 0)
                if node.selection_set is not None:
                    child = self.selection_set(node.selection_set, inside)
                if inside:
                    intro_depth = max(intro_depth, 1 + max(child[0], child[1]))
                else:
                    depth = max(depth, 1 + child[0])
                    intro_depth = max(intro_depth, 1 + child[1] if child[1] else 0)
                aliases += child[2]
                cost += 1 + self.page_size(node, inside) * child[3] if node.selection_set is not None else 1
            else:
                if isinstance(node, InlineFragmentNode):
                    inner = node.selection_set
                else:
                    fragment = self.fragments.get(node.name.value)
                    inner = fragment.selection_set if fragment is not None else None
                if inner is None:
                    continue
                child = self.selection_set(inner, in_introspection)
                depth, intro_depth = max(depth, child[0]), max(intro_depth, child[1])
                aliases += child[2]
                cost += child[3]
        result = (depth, intro_depth, aliases, cost)
        self.memo[key] = result
        return result


def _over(label, value, key):
    maximum = limit(key)
    if value > maximum:
        return f"{label} {value} exceeds the limit of {maximum}"
    return None


def fragments_of(document):
    return {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}


class QueryLimitsRule(ValidationRule):
    """Depth (introspection's own limit for `__schema`/`__type`) and aliases, per operation."""

    def enter_document(self, document, *_args):
        fragments = fragments_of(document)
        for operation in document.definitions:
            if operation.kind != "operation_definition":
                continue
            message = shape_over_limit(fragments, operation)
            if message:
                self.report_error(GraphQLError(message, extensions={"code": "limit_exceeded"}))
                return self.BREAK
        return None


def shape_over_limit(fragments, operation):
    """The first of depth, introspection depth and alias count over its limit, as the message the
    caller gets, or None. The validation rule and check_limits both ask this."""
    depth, intro_depth, aliases, _cost = Measure(fragments).selection_set(operation.selection_set)
    for label, value, key in (
        ("query depth", depth, "MAX_DEPTH"),
        ("introspection depth", intro_depth, "MAX_INTROSPECTION_DEPTH"),
        ("alias count", aliases, "MAX_ALIASES"),
    ):
        message = _over(label, value, key)
        if message:
            return message
    return None


def coerced_variables(schema, operation, raw):
    """The variables as execution will see them (defaults applied, `100.0` an Int 100), or the
    coercion errors."""
    return get_variable_values(schema, operation.variable_definitions or (), raw or {})


def check_cost(schema, document, operation, variables):
    """Raise ApiError when the operation's cost with these (coerced) variables is over the limit."""
    measure = Measure(fragments_of(document), variables, introspection_sizes(schema))
    cost = measure.selection_set(operation.selection_set)[3]
    message = _over("query cost", cost, "MAX_COST")
    if message:
        raise ApiError(message, "limit_exceeded")
    return cost


def check_limits(schema, document, operation, variables):
    """Every limit at once (tests and tools): depth, aliases, then cost."""
    message = shape_over_limit(fragments_of(document), operation)
    if message:
        raise ApiError(message, "limit_exceeded")
    return check_cost(schema, document, operation, variables)
