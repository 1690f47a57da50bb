"""The coordinators' view of what the escalation ladder has sent: /workspace/escalations/."""

import re

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
    # session, user, membership; the count; the page; the ministry filter's options
    with django_assert_num_queries(6):
        first = client.get(URL)
    assert first.status_code == 200 and "?page=2" in first.content.decode()
    with django_assert_num_queries(6):
        second = client.get(URL, {"page": 2})
    assert second.status_code == 200
    assert first.content.decode().count("<tr>") == 4 + 1 and second.content.decode().count("<tr>") == 2 + 1


def references(response):
    """The references in the list's Reference column."""
    assert response.status_code == 200
    table = response.content.decode().split('id="escalation-list"')[1]
    return set(re.findall(r">((?:C-\d{4}-\d+)|(?:[A-Z]{2}-\d+))<", table))


def test_filters_narrow_the_list_by_step_ministry_reference_and_day(escalated, coord):
    from barriers.models import Escalation

    client = client_of(coord)
    everything = references(client.get(URL))
    reminders = references(client.get(URL, {"kind": "reminder"}))
    assert reminders and reminders < everything
    assert reminders == {e.complaint.reference for e in Escalation.objects.filter(step="reminder")}
    barrier_steps = references(client.get(URL, {"kind": "barrier_stale"})) | references(
        client.get(URL, {"kind": "barrier_overdue"})
    )
    assert barrier_steps == {e.barrier.reference for e in Escalation.objects.filter(barrier__isnull=False)}
    one = escalated["missed"][0].reference
    assert references(client.get(URL, {"reference": one.lower()})) == {one}
    kcs_sent = {(e.complaint or e.barrier).reference for e in Escalation.objects.filter(ministry__code="KCS")}
    assert references(client.get(URL, {"ministry": "KCS"})) == kcs_sent
    day = Escalation.objects.first().sent_at.date().isoformat()
    assert references(client.get(URL, {"sent_from": day, "sent_to": day})) == everything
    assert references(client.get(URL, {"sent_from": "2001-01-01", "sent_to": "2001-01-02"})) == set()
    assert (
        "Nothing sent matches these filters."
        in client.get(URL, {"sent_to": "2001-01-02"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_a_wrong_filter_is_explained_keeps_what_was_typed_and_lists_nothing(escalated, coord):
    response = client_of(coord).get(URL, {"sent_from": "2026-13-45", "reference": "KR-7", "kind": "nonsense"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="error-summary"' in html and 'aria-invalid="true"' in html
    assert 'value="2026-13-45"' in html and 'value="KR-7"' in html
    assert references(response) == set()


def test_the_page_links_keep_the_filters(escalated, coord, monkeypatch):
    monkeypatch.setattr(page_module, "PAGE_SIZE", 1)
    html = client_of(coord).get(URL, {"sent_from": "2000-01-01"}).content.decode()
    assert "?sent_from=2000-01-01&amp;page=2" in html
