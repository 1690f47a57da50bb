"""'Is this already known?' on the complaint form: the check-first step without JavaScript, and
following a published barrier instead of filing the same complaint again."""

import pytest

from barriers.choices import ComplaintStatus
from barriers.models import Complaint
from barriers.services import barriers as barrier_services

from .complaint_support import form_data
from .factories import publish

URL = "/complaints/new/"
CONTRACT_FIELDS = (
    "company_name",
    "business_number",
    "contact_name",
    "email",
    "phone",
    "country",
    "category",
    "product",
    "description",
    "desired_fix",
    "evidence",
    "consent",
    "submission_id",
)


@pytest.fixture
def known(kcs_officer, kcs, customs, coord):
    """A published barrier about small-parcel export declarations to China."""
    barrier = barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Internal: parcel declarations (KCS note)",
        description="Internal description.",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )
    publish(
        kcs_officer,
        coord,
        barrier,
        summary_en="Every small parcel needs a full export declaration, so small shops skip it.",
    )
    return barrier


@pytest.fixture
def unpublished(kcs_officer, kcs, customs):
    return barrier_services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        title="Unpublished parcel declaration barrier",
        country="CN",
        scope="korea",
        category=customs,
        source="strategy_study",
    )


def test_the_form_offers_the_check_and_keeps_the_contract_names(client, known):
    page = client.get(URL).content.decode()
    for name in CONTRACT_FIELDS:
        assert f'name="{name}"' in page
    assert 'name="check"' in page and "complaints/known.js" in page


def test_checking_first_lists_the_published_barriers_that_look_alike_and_keeps_the_input(client, known, customs):
    data = form_data(customs, description="소포 하나하나 수출신고를 해야 해서 너무 번거롭습니다", check="1")
    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'name="follow" value="{known.reference}"' in page
    assert "Export declaration burden for small parcels" in page
    assert "Internal: parcel declarations" not in page  # the public wording only
    assert "소포 하나하나 수출신고를" in page and "minji@hanbit.example" in page
    assert data["submission_id"] in page
    assert 'class="error-summary"' not in page  # checking is not sending: no errors yet
    assert Complaint.objects.count() == 0


def test_checking_with_nothing_written_asks_for_the_description(client, known, customs):
    page = client.post(URL, {"check": "1", "country": "CN"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Describe what happened first" in page


def test_following_a_known_barrier_files_a_report_of_it(client, known, customs, django_capture_on_commit_callbacks):
    before = client.get(f"/public/barriers/{known.reference}/").context["barrier"].report_count
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(customs, follow=known.reference))
    assert response.status_code == 303
    complaint = Complaint.objects.get()
    assert complaint.barrier == known and complaint.status == ComplaintStatus.LINKED
    assert complaint.answering_ministry_id == known.lead_ministry_id
    assert complaint.reference.startswith("C-")
    after = client.get(f"/public/barriers/{known.reference}/").context["barrier"].report_count
    assert after == before + 1
    confirmation = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert complaint.reference in confirmation


def test_a_follow_with_mistakes_comes_back_with_the_choice_kept(client, known, customs):
    response = client.post(URL, form_data(customs, follow=known.reference, email="nope"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert response.status_code == 200 and 'class="error-summary"' in page
    assert 'id="follow-notice"' in page and f'name="follow" value="{known.reference}"' in page
    assert Complaint.objects.count() == 0
    # "Mine is different": the choice is dropped, the input stays.
    response = client.post(URL, form_data(customs, follow=known.reference, unfollow="1"), HTTP_ACCEPT_LANGUAGE="en")
    page = response.content.decode()
    assert 'id="follow-notice"' not in page and "minji@hanbit.example" in page


def test_an_unpublished_or_unknown_barrier_cannot_be_followed(client, unpublished, customs):
    for reference in (unpublished.reference, "ZZ-0001"):
        response = client.post(URL, form_data(customs, follow=reference), HTTP_ACCEPT_LANGUAGE="en")
        assert response.status_code == 200
        assert "is not on the public register" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_the_public_page_leads_to_the_form_with_the_barrier_chosen(client, known):
    page = client.get(f"/public/barriers/{known.reference}/").content.decode()
    assert f"/complaints/new/?follow={known.reference}" in page
    form = client.get(URL, {"follow": known.reference}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'id="follow-notice"' in form and "Export declaration burden for small parcels" in form
    assert 'id="follow-notice"' not in client.get(URL, {"follow": "ZZ-0001"}).content.decode()
