"""What the query asked for, as a tree of field names, so root resolvers can build their joins.

graphene 3 has no batching DataLoader for sync Django, so the root resolver looks ahead at the
selection and asks the selector for exactly the select_related/prefetch the page needs.
"""

from graphql.language import FieldNode, FragmentSpreadNode, InlineFragmentNode


def _merge(tree, selection_set, fragments):
    if selection_set is None:
        return tree
    for node in selection_set.selections:
        if isinstance(node, FieldNode):
            child = tree.setdefault(node.name.value, {})
            _merge(child, node.selection_set, fragments)
        elif isinstance(node, InlineFragmentNode):
            _merge(tree, node.selection_set, fragments)
        elif isinstance(node, FragmentSpreadNode):
            fragment = fragments.get(node.name.value)
            if fragment is not None:
                _merge(tree, fragment.selection_set, fragments)
    return tree


def selection_tree(info):
    """{fieldName: {child: {...}}} for the field being resolved (all its field nodes merged)."""
    tree = {}
    for node in info.field_nodes:
        _merge(tree, node.selection_set, info.fragments)
    return tree


def subtree(tree, *path):
    for name in path:
        tree = tree.get(name) or {}
    return tree
