"""Following barriers and saved views, the follows page, the digest setting."""

import pytest

from barriers.models import DigestSubscription, Follow, SavedView
from barriers.services import follows as services


@pytest.fixture
def actors(kcs_officer, fsc_officer, coord, reader):
    return {"anonymous": None, "reader": reader, "other": fsc_officer, "owner": kcs_officer, "coord": coord}


def test_every_member_follows_a_barrier_from_its_page(client_for, actors, barrier):
    for _name, user in actors.items():
        client = client_for(user)
        response = client.post(f"/barriers/{barrier.reference}/follow/", {"next": barrier.get_absolute_url()})
        if user is None:
            assert response.status_code == 302 and "login" in response["Location"]
            assert Follow.objects.count() == 0
            continue
        assert response.status_code == 302 and response["Location"] == barrier.get_absolute_url()
        assert Follow.objects.filter(user=user, barrier=barrier).count() == 1
        client.post(f"/barriers/{barrier.reference}/follow/")  # twice: still one follow
        assert Follow.objects.filter(user=user, barrier=barrier).count() == 1
        page = client.get(barrier.get_absolute_url()).content.decode()
        assert 'id="follow-button" aria-pressed="true"' in page
        assert barrier.reference in client.get("/follows/").content.decode()
        client.post(f"/barriers/{barrier.reference}/unfollow/")
        assert not Follow.objects.filter(user=user, barrier=barrier).exists()
    assert DigestSubscription.objects.filter(period="daily").count() == 4


def test_follow_refuses_a_get_and_an_unknown_barrier(client_for, kcs_officer, barrier):
    client = client_for(kcs_officer)
    assert client.get(f"/barriers/{barrier.reference}/follow/").status_code == 405
    assert client.post("/barriers/XX-9999/follow/").status_code == 404
    assert client.post(f"/barriers/{barrier.reference}/follow/", {"next": "https://evil.example/"})["Location"] == (
        barrier.get_absolute_url()
    )


def test_save_this_view_from_the_list(client_for, reader, barrier):
    client = client_for(reader)
    page = client.get("/barriers/?country=US&status=reported&page=2").content.decode()
    assert 'id="save-view"' in page
    form = client.get("/follows/views/new/?country=US&status=reported")
    assert form.status_code == 200
    response = client.post("/follows/views/new/", {"name": "US reported", "query": "status=reported&country=US&page=3"})
    assert response.status_code == 302
    view = SavedView.objects.get(owner=reader)
    assert view.name == "US reported" and view.query == "country=US&status=reported"
    assert Follow.objects.filter(user=reader, saved_view=view).exists()
    page = client.get("/follows/").content.decode()
    assert "US reported" in page and "/barriers/?country=US&amp;status=reported" in page


def test_saving_a_view_with_bad_input_keeps_it(client_for, reader):
    client = client_for(reader)
    response = client.post("/follows/views/new/", {"name": "", "query": "country=US"})
    assert response.status_code == 400 and 'id="error-summary"' in response.content.decode()
    response = client.post("/follows/views/new/", {"name": "Broken", "query": "status=nonsense"})
    assert response.status_code == 400 and 'value="Broken"' in response.content.decode()
    services.save_view(reader, "Mine", "country=US")
    response = client.post("/follows/views/new/", {"name": "Mine", "query": "country=CN"})
    assert response.status_code == 400
    assert SavedView.objects.count() == 1


def test_saved_views_are_their_owners_only(client_for, reader, kcs_officer):
    view = services.save_view(reader, "Mine", "country=US")
    other = client_for(kcs_officer)
    for action in ("follow", "unfollow", "delete"):
        assert other.post(f"/follows/views/{view.pk}/{action}/").status_code == 404
    assert "Mine" not in other.get("/follows/").content.decode()
    assert SavedView.objects.filter(pk=view.pk).exists()
    owner = client_for(reader)
    owner.post(f"/follows/views/{view.pk}/unfollow/")
    assert not Follow.objects.filter(saved_view=view).exists()
    owner.post(f"/follows/views/{view.pk}/follow/")
    assert Follow.objects.filter(saved_view=view).exists()
    owner.post(f"/follows/views/{view.pk}/delete/")
    assert not SavedView.objects.exists() and not Follow.objects.exists()


def test_the_digest_period_is_chosen_on_the_follows_page(client_for, reader):
    client = client_for(reader)
    assert client.post("/follows/digest/", {"period": "weekly", "language": "en"}).status_code == 302
    subscription = DigestSubscription.objects.get(user=reader)
    assert (subscription.period, subscription.language) == ("weekly", "en")
    refused = client.post("/follows/digest/", {"period": "hourly", "language": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    assert refused.status_code == 400
    html = refused.content.decode()
    assert html.count('aria-invalid="true"') == 2 and "hourly is not one of the available choices" in html
    subscription.refresh_from_db()
    assert (subscription.period, subscription.language) == ("weekly", "en")


def test_anonymous_is_sent_to_sign_in(client_for):
    for url in ("/follows/", "/follows/views/new/"):
        response = client_for(None).get(url)
        assert response.status_code == 302 and "login" in response["Location"]
