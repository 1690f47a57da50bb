"""The coordinators' view of what the escalation ladder has sent: /workspace/escalations/."""

import pytest
from django.test import Client

from barriers.services import escalation
from barriers.web import escalations as page_module

from .factories import officer
from .test_escalation import RUN, build_world

pytestmark = pytest.mark.django_db

URL = "/workspace/escalations/"


@pytest.fixture
def escalated(customs, kcs, kcs_officer, coord, reader, django_capture_on_commit_callbacks):
    world = build_world(customs, kcs)
    with django_capture_on_commit_callbacks(execute=True):
        escalation.run(RUN)
    return world


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


@pytest.mark.parametrize(
    "actor, status",
    [("anonymous", 302), ("oversight", 200), ("other_officer", 403), ("owning_officer", 403), ("coordinator", 200)],
)
def test_who_may_read_it(escalated, actor, status, kcs_officer, coord, reader, fsc):
    users = {
        "anonymous": None,
        "oversight": reader,
        "other_officer": officer(fsc, username="fsc_someone"),
        "owning_officer": kcs_officer,
        "coordinator": coord,
    }
    from barriers.models import Escalation

    before = list(Escalation.objects.values_list("pk", "recipients"))
    response = client_of(users[actor]).get(URL)
    assert response.status_code == status
    if status == 302:
        assert "login" in response["Location"]
    if status == 200:
        html = response.content.decode()
        for kind in ("soon", "missed", "long_missed", "barriers"):
            assert escalated[kind][0].reference in html
        assert escalated["quiet"][0].reference not in html
        assert "한빛화장품" not in html and "minji@hanbit.example" not in html  # never the complainant
    else:
        assert escalated["soon"][0].reference not in response.content.decode()
    assert list(Escalation.objects.values_list("pk", "recipients")) == before  # a read changes nothing


def test_paginated_with_a_fixed_query_count(escalated, coord, monkeypatch, django_assert_num_queries):
    monkeypatch.setattr(page_module, "PAGE_SIZE", 4)
    client = client_of(coord)
    with django_assert_num_queries(5):
        first = client.get(URL)
    assert first.status_code == 200 and "?page=2" in first.content.decode()
    with django_assert_num_queries(5):
        second = client.get(URL, {"page": 2})
    assert second.status_code == 200
    assert first.content.decode().count("<tr>") == 4 + 1 and second.content.decode().count("<tr>") == 2 + 1
