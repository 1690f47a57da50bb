import pytest
from django.test import Client
from django.utils import translation

from barriers.services import barriers as services

from .factories import CategoryFactory, MinistryFactory, UserFactory, coordinator, officer, oversight


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Every test writes uploads (evidence files) under a directory of its own, removed by pytest:
    no test sees another's files, and nothing is left in var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def english():
    """Service messages and generated reasons in English (the default language is Korean)."""
    with translation.override("en"):
        yield


@pytest.fixture
def kcs(db):
    return MinistryFactory(code="KCS", name_en="Korea Customs Service", name_ko="관세청")


@pytest.fixture
def motie(db):
    return MinistryFactory(code="MOTIE", name_en="Ministry of Trade, Industry and Energy", name_ko="산업통상자원부")


@pytest.fixture
def fsc(db):
    return MinistryFactory(code="FSC", name_en="Financial Services Commission", name_ko="금융위원회")


@pytest.fixture
def customs(kcs):
    """Customs complaints are routed to KCS on arrival, as in the reference data."""
    return CategoryFactory(
        code="customs", name_en="Customs and clearance", name_ko="통관", ntm_chapter="C", default_ministry=kcs
    )


@pytest.fixture
def kcs_officer(kcs):
    return officer(kcs, username="kcs_officer", first_name="Kim")


@pytest.fixture
def motie_officer(motie):
    return officer(motie, username="motie_officer")


@pytest.fixture
def fsc_officer(fsc):
    return officer(fsc, username="fsc_officer")


@pytest.fixture
def coord(db):
    return coordinator(username="coord")


@pytest.fixture
def reader(db):
    return oversight(username="reader")


@pytest.fixture
def barrier(kcs_officer, kcs, motie, customs):
    """A barrier filed through the service: lead KCS, supported by MOTIE."""
    return services.create_barrier(
        kcs_officer,
        lead_ministry=kcs,
        supporting_ministries=[motie],
        title="Small-parcel export declaration",
        description="Full declaration per parcel.",
        country="US",
        scope="korea",
        category=customs,
        source="strategy_study",
        reason="Found in the strategy study",
    )


@pytest.fixture
def superuser(db):
    """The admin's one kind of user: reference data, accounts and tokens."""
    return UserFactory(username="root", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for():
    def make(user):
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def gql():
    """POST a GraphQL operation to /graphql/ as a user (session), a raw token, or anonymously.

    Returns (status_code, parsed JSON body).
    """
    import json as _json

    def run(query, variables=None, user=None, token=None, client=None, **extra):
        client = client or Client()
        if user is not None:
            client.force_login(user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
        headers.update(extra)
        response = client.post(
            "/graphql/",
            _json.dumps({"query": query, "variables": variables or {}}),
            content_type="application/json",
            **headers,
        )
        return response.status_code, response.json()

    return run
