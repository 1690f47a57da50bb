"""Which joins a GraphQL selection needs, declared on the fields that need them.

A type declares a field with `joins.field(..., join="lead_ministry")` instead of `graphene.Field`,
the way strawberry-django's optimizer hints sit on the field: adding a field that needs a join
touches only its own line. A root resolver asks `needs(info, BarrierType, "edges", "node")` and
gets the dotted names its selector understands (`progress_updates`, `progress_updates.ministry`,
`history.changes`, ...): a field's join name, prefixed by the joins of the fields above it.

graphene 3 has no batching DataLoader for sync Django, so the root resolver looks ahead at the
selection instead. Each selection set (a fragment's included) is walked once per type and the
result memoised, so a document whose fragments spread each other twice costs one visit per
fragment, not 2^depth (the same guarantee as the limits in api/limits.py).
"""

import graphene
from graphene.utils.str_converters import to_camel_case
from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode


def field(type_, *, join=None, **kwargs):
    """A graphene.Field whose selection needs the join named `join` (a name the selector knows)."""
    mounted = graphene.Field(type_, **kwargs)
    mounted.join = join
    return mounted


def _object_type(type_):
    """The graphene ObjectType a field returns, through List/NonNull and lazy references."""
    while True:
        if callable(type_) and not isinstance(type_, type):
            type_ = type_()
        of_type = getattr(type_, "of_type", None)
        if of_type is None:
            break
        type_ = of_type
    return type_ if isinstance(type_, type) and issubclass(type_, graphene.ObjectType) else None


_HINTS = {}


def hints(graphene_type):
    """{graphqlFieldName: (join name or None, child graphene type or None)} for a type, cached."""
    found = _HINTS.get(graphene_type)
    if found is None:
        found = {}
        for name, mounted in graphene_type._meta.fields.items():
            graphql_name = mounted.name or to_camel_case(name)
            found[graphql_name] = (getattr(mounted, "join", None), _object_type(mounted.type))
        _HINTS[graphene_type] = found
    return found


class _Walk:
    """One document's walk; selection sets are visited once per type (memoised by identity)."""

    def __init__(self, fragments):
        self.fragments = fragments
        self.memo = {}
        self.visits = 0

    def fields(self, selection_set, seen=None):
        """The field nodes of a selection set, each fragment expanded at most once."""
        seen = set() if seen is None else seen
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                yield node
            elif isinstance(node, InlineFragmentNode):
                yield from self.fields(node.selection_set, seen)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is not None and name not in seen:
                    seen.add(name)
                    yield from self.fields(fragment.selection_set, seen)

    def needs(self, selection_set, graphene_type):
        """The joins below one selection set; fragments and inline fragments are selection sets
        of their own, so each is walked once per type whatever the number of spreads."""
        key = (id(selection_set), graphene_type)
        if key in self.memo:
            return self.memo[key]
        self.memo[key] = frozenset()  # a cycle (rejected by validation anyway) ends here
        self.visits += 1
        found = set()
        type_hints = hints(graphene_type)
        for node in selection_set.selections:
            if isinstance(node, FieldNode):
                join, child = type_hints.get(node.name.value, (None, None))
                if join is None:
                    continue
                found.add(join)
                if child is not None and node.selection_set is not None:
                    found.update(f"{join}.{name}" for name in self.needs(node.selection_set, child))
            elif isinstance(node, InlineFragmentNode):
                found |= self.needs(node.selection_set, graphene_type)
            elif isinstance(node, FragmentSpreadNode):
                fragment = self.fragments.get(node.name.value)
                if fragment is not None:
                    found |= self.needs(fragment.selection_set, graphene_type)
        result = frozenset(found)
        self.memo[key] = result
        return result


def _descend(walk, selection_sets, path):
    for name in path:
        selection_sets = [
            node.selection_set
            for selection_set in selection_sets
            for node in walk.fields(selection_set)
            if node.name.value == name and node.selection_set is not None
        ]
    return selection_sets


def needs(info, graphene_type, *path):
    """The joins the current field's selection needs, for rows of `graphene_type` found at `path`
    below it (e.g. "edges", "node" for a connection)."""
    walk = _Walk(info.fragments)
    found = set()
    for selection_set in _descend(walk, [n.selection_set for n in info.field_nodes if n.selection_set], path):
        found |= walk.needs(selection_set, graphene_type)
    return frozenset(found)
