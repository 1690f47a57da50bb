"""The ministry scorecard as readers get it: the page with every figure's definition, the CSV and
XLSX exports, and GraphQL's ministryScorecard, all giving the same figures; fixed query counts."""

import csv
import io
import json

import openpyxl
import pytest
from django.urls import reverse

from barriers.selectors.scorecard import DEFINITIONS

from .factories import oversight
from .oversight_world import build_world
from .test_scorecard import build_complaints, receive

pytestmark = pytest.mark.django_db

Q1 = {"period": "2026-Q1"}
FIGURES = """complaintsReceived firstRepliesDue firstRepliesInTime firstReplyShare medianDaysToFirstReply
    medianDaysToFinalAnswer refusals refusalsInTime refusalShare openOverdueComplaints barriersLed barriersOpen
    barriersResolved medianDaysToResolution barriersStale staleShare feedbackYes feedbackPartly feedbackNo"""
QUERY = f"""query($from: Date!, $to: Date!, $country: String) {{
  ministryScorecard(from: $from, to: $to, country: $country) {{
    ministry {{ code }} {FIGURES} markets {{ country {FIGURES} }}
  }}
}}"""
CSV_FIELDS = {
    "Complaints received": "complaintsReceived",
    "First replies due": "firstRepliesDue",
    "First replies in time": "firstRepliesInTime",
    "First replies in time (%)": "firstReplyShare",
    "Median working days to first reply": "medianDaysToFirstReply",
    "Median working days to final answer": "medianDaysToFinalAnswer",
    "Refusals": "refusals",
    "Refusals with grounds in time": "refusalsInTime",
    "Refusals with grounds in time (%)": "refusalShare",
    "Open overdue complaints": "openOverdueComplaints",
    "Barriers led": "barriersLed",
    "Open barriers": "barriersOpen",
    "Barriers resolved": "barriersResolved",
    "Median days to resolution": "medianDaysToResolution",
    "Stale barriers": "barriersStale",
    "Share stale (%)": "staleShare",
    "Feedback: yes": "feedbackYes",
    "Feedback: partly": "feedbackPartly",
    "Feedback: no": "feedbackNo",
}
SHARES = {"firstReplyShare", "refusalShare", "staleShare"}


@pytest.fixture
def world(db):
    world = build_world()
    world["complaints"] = build_complaints(world)
    return world


@pytest.fixture
def reader(db):
    return oversight(username="card_reader")


@pytest.fixture
def reader_client(client_for, reader):
    return client_for(reader)


def get(client, name="barriers:scorecard", lang="en", **params):
    return client.get(reverse(name), {**Q1, **params}, HTTP_ACCEPT_LANGUAGE=lang)


def api_rows(gql, reader, country=None, client=None):
    variables = {"from": "2026-01-01", "to": "2026-03-31", "country": country}
    status, body = gql(QUERY, variables, user=None if client else reader, client=client)
    assert status == 200 and "errors" not in body, body
    rows = {}
    for entry in body["data"]["ministryScorecard"]:
        code = entry["ministry"]["code"]
        rows[(code, "")] = {k: v for k, v in entry.items() if k not in ("ministry", "markets")}
        for market in entry["markets"]:
            rows[(code, market["country"])] = {k: v for k, v in market.items() if k != "country"}
    return rows


def csv_rows(client, **params):
    response = get(client, "barriers:scorecard_csv", lang="en", lang_param="en", **params)
    assert response.status_code == 200
    text = response.content.decode("utf-8-sig")
    rows = {}
    for row in csv.DictReader(io.StringIO(text)):
        rows[(row["Ministry"], row["Country code"])] = {
            field: (None if row[heading] == "" else float(row[heading])) for heading, field in CSV_FIELDS.items()
        }
    return rows


def as_export(api):
    """An API row as the export writes it: shares as percentages with one decimal."""
    return {k: (None if v is None else round(v * 100, 1) if k in SHARES else float(v)) for k, v in api.items()}


def test_the_page_shows_the_figures_and_every_definition(world, reader_client):
    response = get(reader_client)
    assert response.status_code == 200
    html = response.content.decode()
    for definition in DEFINITIONS:
        assert f'id="def-{definition.key}"' in html
        assert str(definition.text).replace("'", "&#x27;").replace("“", "“") in html
    rows = {(r["ministry"].code, r["country"]): r for r in response.context["rows"]}
    kcs_cn = {key: text for key, _label, text, _alert in rows[("KCS", "CN")]["cells"]}
    assert kcs_cn["complaints_received"] == "5"
    assert kcs_cn["first_reply_share"] == "60% (3/5)"
    assert kcs_cn["median_days_to_first_reply"] == "5"
    assert kcs_cn["median_days_to_final_answer"] == "24"
    assert kcs_cn["open_overdue_complaints"] == "1"
    assert kcs_cn["feedback"] == "1 / 0 / 1"
    kcs = {key: text for key, _label, text, _alert in rows[("KCS", None)]["cells"]}
    assert kcs["barriers_led"] == "3 (1)"
    assert kcs["barriers_resolved"] == "1 (254)"


def test_the_dashboard_links_to_it_with_its_period(world, reader_client):
    html = reader_client.get(reverse("barriers:dashboard"), {"period": "2026-Q1"}).content.decode()
    assert 'href="/dashboard/scorecard/?period=2026-Q1"' in html


def test_page_export_and_graphql_give_the_same_figures(world, reader_client, reader, gql):
    api = api_rows(gql, reader)
    exported = csv_rows(reader_client)
    assert set(api) == set(exported)
    for key, row in api.items():
        assert as_export(row) == exported[key], key
    page = {(r["ministry"].code, r["country"] or ""): r for r in get(reader_client).context["rows"]}
    assert set(page) == set(api)
    assert api[("KCS", "CN")]["firstReplyShare"] == pytest.approx(0.6)
    assert api[("FSC", "CN")]["medianDaysToResolution"] == 429


def test_one_market_everywhere(world, reader_client, reader, gql):
    api = api_rows(gql, reader, country="US")
    exported = csv_rows(reader_client, country="US")
    assert (
        set(api)
        == set(exported)
        == {("FSC", ""), ("FSC", "US"), ("KCS", ""), ("KCS", "US"), ("MOTIE", ""), ("MOTIE", "US")}
    )


def test_the_xlsx_has_the_figures_and_a_sheet_of_definitions(world, reader_client):
    response = get(reader_client, "barriers:scorecard_xlsx", lang="en")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    figures, definitions = book.worksheets
    header = [c.value for c in figures[3]]
    assert header[:4] == ["Ministry", "Ministry name", "Country code", "Market"]
    rows = [[c.value for c in row] for row in figures.iter_rows(min_row=4)]
    kcs_cn = next(r for r in rows if r[0] == "KCS" and r[2] == "CN")
    assert kcs_cn[header.index("First replies in time (%)")] == 60.0
    assert kcs_cn[header.index("Complaints received")] == 5
    assert len(list(definitions.iter_rows(min_row=4))) == len(DEFINITIONS)


def test_korean_headings_in_the_korean_export(world, reader_client):
    text = get(reader_client, "barriers:scorecard_csv", lang="ko").content.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("부처,")


def test_bad_input_is_a_clear_error_never_a_500(world, reader_client, reader, gql):
    response = get(reader_client, country="XX")
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert get(reader_client, period="9999-Q4").status_code == 400
    assert get(reader_client, "barriers:scorecard_csv", country="XX").status_code == 400
    status, body = gql('{ ministryScorecard(from: "2026-05-01", to: "2026-01-01") { refusals } }', user=reader)
    assert body["errors"][0]["extensions"]["code"] == "invalid"


def test_only_members_read_it(world, client, client_for, gql):
    assert client.get(reverse("barriers:scorecard")).status_code == 302
    status, body = gql('{ ministryScorecard(from: "2026-01-01", to: "2026-03-31") { refusals } }')
    assert status == 401 and body.get("data") is None


def test_fixed_query_counts(world, reader_client, reader, gql, django_assert_num_queries):
    # session, user, membership + the scorecard's eight
    with django_assert_num_queries(11):
        get(reader_client)
    with django_assert_num_queries(11):
        api_rows(gql, reader, client=reader_client)
    for i in range(5):
        receive(world["complaints"]["A"].received_at.date(), world["customs"], country=["VN", "ID", "JP"][i % 3])
    with django_assert_num_queries(11):
        get(reader_client)
    with django_assert_num_queries(11):
        rows = api_rows(gql, reader, client=reader_client)
    assert ("KCS", "VN") in rows


def test_graphql_json_has_no_personal_data(world, reader, gql):
    text = json.dumps(list(api_rows(gql, reader).values()))
    assert "minji" not in text and "한빛" not in text
