"""Publication with approval, through HTTP: the states, who may move them, and what the public
sees at each step."""

import pytest

from barriers.choices import PublicationState
from barriers.models import Publication, PublicVersion
from barriers.services import publication as services

from .factories import officer

TEXTS = {
    "title_ko": "소액 물품 수출신고 부담",
    "title_en": "Export declaration burden for small parcels",
    "summary_ko": "건별 소액 물품에도 일반 수출신고가 필요합니다.",
    "summary_en": "Every small parcel needs a full export declaration.",
}


def public_page(client, barrier):
    return client.get(f"/public/barriers/{barrier.reference}/")


def propose(client, barrier, **texts):
    return client.post(f"/barriers/{barrier.reference}/publication/propose/", {**TEXTS, **texts})


def history_rows(barrier):
    return Publication.history.filter(barrier_id=barrier.pk).count()


@pytest.fixture
def actors(kcs_officer, motie_officer, coord, reader, fsc):
    """Owning officers (lead KCS, supporting MOTIE), another ministry's officer, a coordinator,
    an oversight reader, and nobody."""
    return {
        "lead officer": kcs_officer,
        "supporting officer": motie_officer,
        "other officer": officer(fsc, username="fsc_officer2"),
        "coordinator": coord,
        "oversight": reader,
        "anonymous": None,
    }


def test_the_states_from_proposal_to_unpublication(barrier, kcs_officer, coord, client, client_for):
    officer_client, coord_client = client_for(kcs_officer), client_for(coord)
    assert public_page(client, barrier).status_code == 404  # not published

    response = propose(officer_client, barrier)
    assert response.status_code == 302
    publication = Publication.objects.get(barrier=barrier)
    assert publication.state == PublicationState.READY
    assert public_page(client, barrier).status_code == 404  # ready is not published

    assert coord_client.get("/public/approvals/").content.decode().count(TEXTS["title_en"]) == 1
    response = coord_client.post(f"/barriers/{barrier.reference}/publication/approve/", {"number": 1})
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED
    page = public_page(client, barrier)
    assert page.status_code == 200
    assert TEXTS["title_ko"] in page.content.decode()
    english = client.get(f"/public/barriers/{barrier.reference}/", HTTP_ACCEPT_LANGUAGE="en")
    assert TEXTS["title_en"] in english.content.decode()

    # A revision waits for approval; meanwhile the public keeps reading the published wording.
    propose(officer_client, barrier, title_ko="개정된 제목")
    publication.refresh_from_db()
    assert publication.state == PublicationState.PUBLISHED and publication.pending.number == 2
    assert TEXTS["title_ko"] in public_page(client, barrier).content.decode()
    # Approving what one read, when a newer wording came in since, publishes nothing.
    propose(officer_client, barrier, title_ko="다시 개정된 제목")
    coord_client.post(f"/barriers/{barrier.reference}/publication/approve/", {"number": 2})
    publication.refresh_from_db()
    assert publication.live.number == 1 and publication.pending.number == 3
    coord_client.post(f"/barriers/{barrier.reference}/publication/approve/", {"number": 3})
    assert "다시 개정된 제목" in public_page(client, barrier).content.decode()

    # Unpublishing needs a reason; the reason stays internal.
    response = officer_client.post(f"/barriers/{barrier.reference}/publication/unpublish/", {"reason": ""})
    assert response.status_code == 200 and "reason" in response.context["form"].errors
    response = officer_client.post(
        f"/barriers/{barrier.reference}/publication/unpublish/", {"reason": "Negotiation at a sensitive stage"}
    )
    assert response.status_code == 302
    publication.refresh_from_db()
    assert publication.state == PublicationState.UNPUBLISHED
    assert public_page(client, barrier).status_code == 404
    # Every wording is kept.
    assert list(PublicVersion.objects.filter(barrier=barrier).values_list("number", flat=True)) == [3, 2, 1]

    # Proposed again, it is ready for approval again.
    propose(officer_client, barrier)
    publication.refresh_from_db()
    assert publication.state == PublicationState.READY


def test_sending_a_proposal_back(barrier, kcs_officer, coord, client_for):
    propose(client_for(kcs_officer), barrier)
    response = client_for(coord).post(f"/barriers/{barrier.reference}/publication/return/", {"reason": "Too technical"})
    assert response.status_code == 302
    publication = Publication.objects.get(barrier=barrier)
    assert publication.state == PublicationState.NOT_PUBLISHED and publication.pending is None
    assert publication.note == "Too technical"


def test_a_refused_proposal_keeps_the_input(barrier, kcs_officer, client_for):
    response = propose(client_for(kcs_officer), barrier, title_en="", summary_ko="x" * 2001)
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"title_en", "summary_ko"}
    assert form["title_ko"].value() == TEXTS["title_ko"]
    assert not PublicVersion.objects.exists()


PROPOSE_ALLOWED = {"lead officer", "supporting officer", "coordinator"}
APPROVE_ALLOWED = {"coordinator"}
UNPUBLISH_ALLOWED = {"lead officer", "supporting officer", "coordinator"}


@pytest.mark.parametrize(
    "actor", ["lead officer", "supporting officer", "other officer", "coordinator", "oversight", "anonymous"]
)
def test_who_may_propose(actor, actors, barrier, client_for):
    response = propose(client_for(actors[actor]), barrier)
    if actor in PROPOSE_ALLOWED:
        assert response.status_code == 302
        assert PublicVersion.objects.filter(barrier=barrier).count() == 1
    else:
        assert response.status_code in (302, 403)  # anonymous: to the login page
        if actor == "anonymous":
            assert "login" in response["Location"]
        assert not PublicVersion.objects.exists()
        assert history_rows(barrier) == 0


@pytest.mark.parametrize(
    "actor", ["lead officer", "supporting officer", "other officer", "coordinator", "oversight", "anonymous"]
)
def test_only_coordinators_approve(actor, actors, barrier, kcs_officer, client_for, client):
    services.propose_public_version(kcs_officer, barrier, **TEXTS)
    rows = history_rows(barrier)
    response = client_for(actors[actor]).post(f"/barriers/{barrier.reference}/publication/approve/", {"number": 1})
    publication = Publication.objects.get(barrier=barrier)
    if actor in APPROVE_ALLOWED:
        assert publication.state == PublicationState.PUBLISHED
        assert public_page(client, barrier).status_code == 200
    else:
        assert response.status_code in (302, 403)
        assert publication.state == PublicationState.READY
        assert history_rows(barrier) == rows
        assert PublicVersion.objects.get(barrier=barrier).approved_at is None
        assert public_page(client, barrier).status_code == 404


@pytest.mark.parametrize(
    "actor", ["lead officer", "supporting officer", "other officer", "coordinator", "oversight", "anonymous"]
)
def test_who_may_unpublish(actor, actors, barrier, kcs_officer, coord, client_for, client):
    services.propose_public_version(kcs_officer, barrier, **TEXTS)
    services.approve_publication(coord, barrier)
    rows = history_rows(barrier)
    client_for(actors[actor]).post(f"/barriers/{barrier.reference}/publication/unpublish/", {"reason": "Because"})
    publication = Publication.objects.get(barrier=barrier)
    if actor in UNPUBLISH_ALLOWED:
        assert publication.state == PublicationState.UNPUBLISHED
        assert public_page(client, barrier).status_code == 404
    else:
        assert publication.state == PublicationState.PUBLISHED
        assert history_rows(barrier) == rows
        assert public_page(client, barrier).status_code == 200


@pytest.mark.parametrize("actor", ["lead officer", "other officer", "oversight"])
def test_the_approvals_list_is_for_coordinators(actor, actors, client_for):
    assert client_for(actors[actor]).get("/public/approvals/").status_code == 403


def test_unknown_references_are_404_for_everyone(client, client_for, coord):
    assert client.get("/public/barriers/ZZ-9999/").status_code == 404
    assert client_for(coord).get("/public/barriers/ZZ-9999/").status_code == 404
    assert client_for(coord).get("/barriers/ZZ-9999/publication/propose/").status_code == 404


def test_the_barrier_page_shows_the_panel_and_only_allowed_actions(barrier, kcs_officer, coord, reader, client_for):
    services.propose_public_version(kcs_officer, barrier, **TEXTS)
    officer_page = client_for(kcs_officer).get(f"/barriers/{barrier.reference}/").content.decode()
    assert 'id="publication"' in officer_page
    assert "/publication/propose/" in officer_page and "/publication/approve/" not in officer_page
    coord_page = client_for(coord).get(f"/barriers/{barrier.reference}/").content.decode()
    assert "/publication/approve/" in coord_page
    reader_page = client_for(reader).get(f"/barriers/{barrier.reference}/").content.decode()
    assert "/publication/" not in reader_page


def test_a_status_change_updates_the_public_date_and_history(barrier, kcs_officer, coord, client):
    from barriers.services import barriers as barrier_services

    services.propose_public_version(kcs_officer, barrier, **TEXTS)
    services.approve_publication(coord, barrier)
    before = Publication.objects.get(barrier=barrier).public_updated_at
    barrier.refresh_from_db()
    barrier_services.change_status(
        kcs_officer, barrier, status="confirmed", reason="Secret internal reason", version=barrier.version
    )
    assert Publication.objects.get(barrier=barrier).public_updated_at > before
    page = client.get(f"/public/barriers/{barrier.reference}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Confirmed" in page and "Reported" in page
    assert "Secret internal reason" not in page
