"""The execution shortcut (api/execution.py) answers exactly as graphql-core's own execution."""

import pytest
from django.test import RequestFactory
from graphql import ExecutionContext

from api.execution import SyncExecutionContext
from api.schema import schema
from barriers.models import Barrier

from .test_graphql_query_counts import FULL_PAGE, build

pytestmark = pytest.mark.django_db


def run(user, query, context_class):
    request = RequestFactory().post("/graphql/")
    request.user = user
    request.api_token = None
    return schema.execute(query, context_value=request, execution_context_class=context_class)


def test_the_shortcut_changes_nothing_in_a_full_page():
    user = build(3)
    plain = run(user, FULL_PAGE, ExecutionContext)
    fast = run(user, FULL_PAGE, SyncExecutionContext)
    assert plain.errors is None and fast.errors is None
    assert fast.data == plain.data
    node = fast.data["barriers"]["edges"][0]["node"]
    assert node["status"] == "CONFIRMED" and node["targetOn"] is None and node["history"][0]["kind"] == "CREATED"


class NullOnRead:
    """A data descriptor that reads None whatever the row holds."""

    def __get__(self, obj, owner=None):
        return None if obj is not None else self

    def __set__(self, obj, value):
        pass


def test_errors_still_come_from_graphql_core(monkeypatch):
    user = build(1)
    # a null where the schema promises a value: graphql-core's error, path included
    monkeypatch.setattr(Barrier, "title", NullOnRead())
    fast = run(user, "{ barriers { edges { node { reference title } } } }", SyncExecutionContext)
    plain = run(user, "{ barriers { edges { node { reference title } } } }", ExecutionContext)
    assert [e.message for e in fast.errors] == [e.message for e in plain.errors]
    assert fast.errors[0].path == ["barriers", "edges", 0, "node", "title"]
