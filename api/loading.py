"""Barrier rows for a GraphQL selection: the visible queryset with the joins the selected fields
declare (api/joins.py), and the page's timelines attached after slicing, in one go.

Types (get_node), root queries and mutation payloads all load barriers through here, so none of
them imports another to build joins.
"""

from barriers.selectors import barriers as barrier_selectors
from barriers.selectors.history import attach_timelines

from . import joins
from .auth import request_user


def _nested(needs, prefix):
    prefix += "."
    return {name[len(prefix) :] for name in needs if name.startswith(prefix)}


def barriers_queryset(info, needs):
    return barrier_selectors.barrier_page_queryset(request_user(info), include=needs)


def attach_history(rows, needs):
    """Timelines for the rows, building only what `history { ... }` selects."""
    if "history" not in needs:
        return rows
    history = _nested(needs, "history")
    progress = False
    if "progress" in history:
        progress = barrier_selectors.progress_updates_queryset(_nested(history, "progress"))
    return attach_timelines(rows, changes="changes" in history, who="who" in history, progress_updates=progress)


def fetch_barriers(info, graphene_type, lookup, *path):
    """A few barriers (by reference or pk) with the joins and timelines the selection asks for;
    `path` leads from the current field to the barrier's selection (e.g. "barrier" in a payload)."""
    needs = joins.needs(info, graphene_type, *path)
    return attach_history(list(barriers_queryset(info, needs).filter(**lookup)), needs)
