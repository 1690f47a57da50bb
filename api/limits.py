"""Query limits: depth, cost, aliases, tokens, body size and page size.

Checked after graphql-core's own validation rules (which reject undefined and cyclic fragments,
so the walk below always terminates) and before anything is resolved. A query over a limit gets
ONE error that names the limit and both numbers, e.g. "query depth 14 exceeds the limit of 10".

Cost: every field costs 1; a list or connection multiplies the cost of what it contains by its
page size (`first`/`last` when given, otherwise the size it can return by default). So
`barriers(first: 100) { edges { node { history { who } } } }` costs about 100 * (1 + 20 * 2).
"""

from django.conf import settings
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode, IntValueNode, VariableNode

from .errors import ApiError

DEFAULTS = {
    "MAX_DEPTH": 10,
    "MAX_COST": 200_000,
    "MAX_ALIASES": 30,
    "MAX_TOKENS": 10_000,
    "MAX_BODY_BYTES": 100_000,
    "MAX_PAGE_SIZE": 100,
}

# How many items a list field returns when the query does not say (its cost multiplier).
DEFAULT_LIST_SIZES = {
    "barriers": 100,
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


class _Walker:
    def __init__(self, fragments, variables):
        self.fragments = fragments
        self.variables = variables or {}
        self.aliases = 0

    def _int_arg(self, node, name):
        for arg in node.arguments or ():
            if arg.name.value != name:
                continue
            value = arg.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                found = self.variables.get(value.name.value)
                return found if isinstance(found, int) else None
        return None

    def _size(self, node):
        sizes = [s for s in (self._int_arg(node, "first"), self._int_arg(node, "last")) if s is not None]
        if sizes:
            return max(0, min(sizes))
        return DEFAULT_LIST_SIZES.get(node.name.value, 1)

    def fields(self, selection_set):
        """The field nodes of a selection set, fragments expanded."""
        if selection_set is None:
            return
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                yield node
            elif isinstance(node, InlineFragmentNode):
                yield from self.fields(node.selection_set)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    yield from self.fields(fragment.selection_set)

    def walk(self, selection_set, depth=0):
        """(max depth, cost) of a selection set; counts aliases on the way."""
        max_depth, cost = depth, 0
        for node in self.fields(selection_set):
            if node.alias is not None:
                self.aliases += 1
            if node.name.value.startswith("__"):
                continue
            child_depth, child_cost = self.walk(node.selection_set, depth + 1)
            max_depth = max(max_depth, child_depth)
            cost += 1 + self._size(node) * child_cost if node.selection_set else 1
        return max_depth, cost


def check_limits(document, operation, variables):
    """Raise ApiError for the first limit the operation exceeds; return the measured figures."""
    fragments = {d.name.value: d for d in document.definitions if d.kind == "fragment_definition"}
    walker = _Walker(fragments, variables)
    depth, cost = walker.walk(operation.selection_set)
    checks = (
        ("query depth", depth, "MAX_DEPTH"),
        ("query cost", cost, "MAX_COST"),
        ("alias count", walker.aliases, "MAX_ALIASES"),
    )
    for label, value, key in checks:
        maximum = limit(key)
        if value > maximum:
            raise ApiError(f"{label} {value} exceeds the limit of {maximum}", "limit_exceeded")
    return {"depth": depth, "cost": cost, "aliases": walker.aliases}
