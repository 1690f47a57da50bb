"""Joins are declared on the fields (api/joins.py) and built only for what a query selects; what a
field answers does not depend on what else was asked for."""

import pytest
from graphql import parse

from api import joins
from api.types import BarrierType
from barriers.services import barriers as services

pytestmark = pytest.mark.django_db


class Info:
    """What joins.needs reads of graphql-core's ResolveInfo, for a document's first field."""

    def __init__(self, document):
        doc = parse(document)
        operation = doc.definitions[0]
        self.field_nodes = [operation.selection_set.selections[0]]
        self.fragments = {d.name.value: d for d in doc.definitions[1:]}


def test_each_field_declares_its_join_and_nested_joins_are_prefixed():
    info = Info(
        """{ barriers { edges { node { reference leadMinistry { code } ...P
        history { reason progressUpdate { ministry { code } } } } } } }
        fragment P on Barrier { progressUpdates { authorName } }"""
    )
    assert joins.needs(info, BarrierType, "edges", "node") == {
        "lead_ministry",
        "progress_updates",
        "progress_updates.author",
        "history",
        "history.progress",
        "history.progress.ministry",
    }


def test_a_fragment_spread_many_times_is_walked_once():
    levels = 30
    fragments = ["fragment F0 on Barrier { reference leadMinistry { code } }"]
    for k in range(1, levels + 1):
        fragments.append(f"fragment F{k} on Barrier {{ ...F{k - 1} history {{ ...H }} ...F{k - 1} }}")
    document = ("{ barriers { edges { node { ...F%d } } } } fragment H on TimelineEntry { who } " % levels) + " ".join(
        fragments
    )
    info = Info(document)
    walk = joins._Walk(info.fragments)
    (selection_set,) = joins._descend(walk, [info.field_nodes[0].selection_set], ("edges", "node"))
    assert walk.needs(selection_set, BarrierType) == {"lead_ministry", "history", "history.who"}
    # one visit per selection set: the node, 31 fragments, their 30 history selections, H, F0's ministry
    assert walk.visits <= 2 * levels + 5


@pytest.fixture
def edited(barrier, kcs_officer, coord, kcs, motie, fsc):
    barrier = services.change_status(kcs_officer, barrier, status="confirmed", reason="Checked", version=1)
    barrier = services.assign_ministries(
        coord, barrier, lead_ministry=kcs, supporting_ministries=[fsc], version=barrier.version, reason="Team"
    )
    services.add_progress_update(kcs_officer, barrier, text="Met the agency", rag="on_track")
    return barrier


def test_history_entries_are_the_same_whether_or_not_changes_are_asked(gql, reader, edited):
    lean = "{ barriers { edges { node { history { when kind reason } } } } }"
    full = "{ barriers { edges { node { history { when kind reason who ministry changes { field } } } } } }"
    _, lean_body = gql(lean, user=reader)
    _, full_body = gql(full, user=reader)
    lean_entries = lean_body["data"]["barriers"]["edges"][0]["node"]["history"]
    full_entries = full_body["data"]["barriers"]["edges"][0]["node"]["history"]
    assert [e["kind"] for e in lean_entries] == ["CREATED", "CHANGED", "CHANGED", "PROGRESS"]
    assert lean_entries == [{k: e[k] for k in ("when", "kind", "reason")} for e in full_entries]
    assert full_entries[2]["changes"] == [{"field": "supportingMinistries"}]
    assert full_entries[3]["who"] == "Kim" and full_entries[3]["ministry"] == "KCS"


def test_progress_entries_carry_their_update_when_asked(gql, reader, edited):
    query = "{ barriers { edges { node { history { kind progressUpdate { text authorName ministry { code } } } } } } }"
    _, body = gql(query, user=reader)
    progress = [e for e in body["data"]["barriers"]["edges"][0]["node"]["history"] if e["kind"] == "PROGRESS"]
    assert progress[0]["progressUpdate"]["text"] == "Met the agency"
    assert progress[0]["progressUpdate"]["ministry"] == {"code": "KCS"}
