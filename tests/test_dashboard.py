"""Oversight readers open the dashboard: every number against a hand-computed answer, every
number's link lists exactly what it counts, and the page costs a fixed number of queries."""

import re
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.cache import cache
from django.urls import reverse

from barriers.periods import parse_period
from barriers.services import barriers as services
from barriers.services.common import backdated

from .factories import BarrierFactory, CategoryFactory, MinistryFactory, member, oversight
from .oversight_world import D, at, build_world, more_barriers, move

pytestmark = pytest.mark.django_db

STATUSES = ["reported", "confirmed", "in_progress", "partially_resolved", "resolved", "rejected", "on_hold"]


@pytest.fixture(autouse=True)
def empty_cache():
    """The history figures are cached by history watermark; ids repeat across rolled-back tests."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def reader_client(client_for):
    return client_for(oversight(username="dash_reader"))


def get_dashboard(client, **params):
    response = client.get(reverse("barriers:dashboard"), {"period": "2026-Q1", **params}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response


def query_of(url):
    parsed = urlparse(url)
    assert parsed.path == "/barriers/"
    return {k: sorted(v) for k, v in parse_qs(parsed.query).items()}


def test_anonymous_is_sent_to_the_login_page(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_user_without_a_role_is_refused(client_for, world):
    from .factories import UserFactory

    assert client_for(UserFactory()).get("/dashboard/").status_code == 403


def test_country_by_status_matrix_matches_the_hand_count(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    rows = {row["country"]: row for row in data.matrix}
    # The five target markets first, in their fixed order, then other markets with barriers.
    assert [row["country"] for row in data.matrix] == ["US", "CN", "JP", "VN", "ID", "GB"]
    expected = {
        "US": {"confirmed": 1, "resolved": 1},
        "CN": {"in_progress": 1, "resolved": 2},
        "JP": {"rejected": 1},
        "VN": {},
        "ID": {},
        "GB": {"reported": 1},
    }
    for country, counts in expected.items():
        assert [c.value for c in rows[country]["cells"]] == [counts.get(s, 0) for s in STATUSES], country
        assert rows[country]["total"].value == sum(counts.values())
    assert [rows[c]["resolved"].value for c in ["US", "CN", "JP", "VN", "ID", "GB"]] == [1, 1, 0, 0, 0, 0]
    assert [c.value for c in data.matrix_totals["cells"]] == [1, 1, 1, 0, 3, 1, 0]
    assert data.matrix_totals["total"].value == 7
    assert data.matrix_totals["resolved"].value == 2


def test_overdue_stale_open_and_resolved_per_ministry(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    got = {
        r["ministry"].code: (r["open"].value, r["overdue"].value, r["stale"].value, r["resolved"].value)
        for r in data.ministries
    }
    # KCS: US-0001 resolved in Feb 2026, CN-0001 open and past its target (with a fresh update),
    # CN-0003 resolved in 2025. MOTIE: two open barriers with no update for months. FSC: one
    # resolved in March 2026 and one rejected.
    assert got == {"FSC": (0, 0, 0, 1), "KCS": (1, 1, 0, 1), "MOTIE": (2, 0, 2, 0)}


def test_median_days_to_resolution_per_ministry_and_category(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    by_ministry = {r["ministry"].code: (r["median"].value, r["count"]) for r in data.median_by_ministry}
    # KCS: 254 days (US-0001) and 287 (CN-0003) -> 270.5; FSC: 429 days (CN-0002).
    assert by_ministry == {"KCS": (270.5, 2), "FSC": (429, 1)}
    by_category = {r["category"].code: r["median"].value for r in data.median_by_category}
    assert by_category == {"customs": 270.5, "payment": 429}


def test_open_and_resolved_over_time_per_market_from_history(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    assert [first for first, _last in data.chart_periods] == [D(2025, m, 1) for m in range(4, 13)] + [
        D(2026, m, 1) for m in (1, 2, 3)
    ]
    us = data.markets_over_time["US"]
    assert [p["open"] for p in us] == [0, 0, 1, 1, 1, 2, 2, 2, 2, 2, 1, 1]
    assert [p["resolved"] for p in us] == [0] * 10 + [1, 1]
    cn = data.markets_over_time["CN"]
    assert [p["open"] for p in cn] == [3] * 7 + [2, 2, 2, 2, 1]
    assert [p["resolved"] for p in cn] == [0] * 7 + [1, 1, 1, 1, 2]
    assert [p["open"] for p in data.markets_over_time["VN"]] == [0] * 12


def test_resolutions_per_quarter_per_ministry(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    assert [q[0] for q in data.chart_quarters] == [D(2025, 4, 1), D(2025, 7, 1), D(2025, 10, 1), D(2026, 1, 1)]
    got = {m.code: [f.value for f in figs] for m, figs in data.resolutions_by_ministry}
    assert got == {"FSC": [0, 0, 0, 1], "KCS": [0, 0, 1, 1]}


def test_links_carry_the_filters_of_what_they_count(world, reader_client):
    data = get_dashboard(reader_client).context["data"]
    rows = {row["country"]: row for row in data.matrix}
    assert query_of(rows["US"]["cells"][STATUSES.index("confirmed")].url) == {
        "country": ["US"],
        "status": ["confirmed"],
    }
    assert query_of(rows["CN"]["resolved"].url) == {
        "country": ["CN"],
        "status": ["resolved"],
        "resolved_from": ["2026-01-01"],
        "resolved_to": ["2026-03-31"],
    }
    kcs = next(r for r in data.ministries if r["ministry"].code == "KCS")
    assert query_of(kcs["overdue"].url) == {"lead_ministry": ["KCS"], "overdue": ["true"]}
    assert query_of(kcs["stale"].url) == {"lead_ministry": ["KCS"], "stale": ["true"]}
    assert query_of(kcs["open"].url) == {
        "lead_ministry": ["KCS"],
        "status": sorted(["reported", "confirmed", "in_progress", "partially_resolved", "on_hold"]),
    }


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"country": "CN"},
        {"country": "VN"},
        {"ministry": "KCS"},
        {"category": "customs", "country": "CN"},
        {"status": "resolved"},
        {"lead_ministry": "KCS", "status": ["confirmed", "resolved"]},
    ],
    ids=["unfiltered", "china", "vietnam", "kcs", "customs-in-china", "resolved", "kcs-confirmed-or-resolved"],
)
def test_every_count_links_to_a_list_of_exactly_that_many_barriers(world, reader_client, filters):
    response = get_dashboard(reader_client, **filters)
    data = response.context["data"]
    medians = {id(r["median"]) for r in data.median_by_ministry + data.median_by_category}
    checked = 0
    for figure in data.figures:
        if not figure.url:  # the filters exclude what it would count (a status or market not chosen)
            assert figure.value == 0, figure
            continue
        listed = reader_client.get(figure.url).context["page"].paginator.count
        if id(figure) in medians:
            assert listed >= 1, figure
        else:
            assert listed == figure.value, (figure.url, figure.value, listed)
            checked += 1
    assert checked > (60 if not filters else 5)
    html = response.content.decode()
    for figure in data.figures:
        if figure.url:
            assert f'href="{figure.url.replace("&", "&amp;")}"' in html


def test_the_page_takes_the_list_filters_and_passes_them_on(world, reader_client):
    data = get_dashboard(reader_client, country="CN", category="customs").context["data"]
    rows = {row["country"]: row for row in data.matrix}
    assert rows["CN"]["total"].value == 2  # CN-0001 and CN-0003
    assert list(rows) == ["CN"]  # filtered to one market: only its row (no zeros that link elsewhere)
    assert query_of(rows["CN"]["cells"][STATUSES.index("resolved")].url) == {
        "category": ["customs"],
        "country": ["CN"],
        "status": ["resolved"],
    }
    kcs = next(r for r in data.ministries if r["ministry"].code == "KCS")
    assert query_of(kcs["overdue"].url) == {
        "category": ["customs"],
        "country": ["CN"],
        "lead_ministry": ["KCS"],
        "overdue": ["true"],
    }

    # ministry= means lead or supporting: MOTIE leads US-0002 and GB-0001, KCS supports US-0002.
    data = get_dashboard(reader_client, ministry="KCS").context["data"]
    assert data.matrix_totals["total"].value == 4


def test_the_period_moves_the_resolved_column_and_the_charts(world, reader_client):
    data = get_dashboard(reader_client, period="2025").context["data"]
    assert data.matrix_totals["resolved"].value == 1  # CN-0003, November 2025
    assert data.chart_periods[-1][0] == D(2025, 12, 1)
    assert parse_period("2026-Q2").first == D(2026, 4, 1) and parse_period("2026-Q2").last == D(2026, 6, 30)
    assert parse_period("nonsense", today=D(2026, 11, 25)).key == "2026-Q4"


def test_charts_are_inline_svg_and_the_page_has_no_inline_script_or_style(world, reader_client):
    html = get_dashboard(reader_client).content.decode()
    assert html.count("<svg") == 7  # six markets and the ministry chart
    # Scripts only from files (CSP script-src self): no inline script, no inline style.
    assert re.findall(r"<script(?![^>]*\ssrc=)", html) == [] and not re.search(r"<script[^>]*>[^<]", html)
    assert "style=" not in html and "<style" not in html
    assert 'class="series-open"' in html and 'class="series-resolved"' in html


def test_korean_by_default_english_on_request(world, client_for):
    client = client_for(oversight(username="ko_reader"))
    assert "시장" in client.get("/dashboard/").content.decode()
    assert "Barriers by market and status" in client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()


# Cold: session, user, membership; the data version; ministries; categories; the barrier pass
# (grouped counts, stale, days to resolution); resolved barriers a complainant says are not
# solved; the history pass; the markets' export figures (and, when there are any, the resolution
# dates beside them: tests/test_market_indicators.py); the scorecard section: complaint counts,
# answered complaints (this world answers none in the period, so neither pauses nor the calendar
# are read), ministries, and for a past period (2026-Q1 here) its own barrier pass over the history
# (3); the filter form's ministry and category options. Warm: the figures come from the cache, so
# session, user, membership, the data version and the form's options.
COLD_QUERIES = 20
WARM_QUERIES = 6


def assert_dashboard_queries(django_assert_num_queries, client, cold=COLD_QUERIES, warm=WARM_QUERIES, **params):
    cache.clear()
    with django_assert_num_queries(cold):
        get_dashboard(client, **params)
    with django_assert_num_queries(warm):
        get_dashboard(client, **params)


def test_the_dashboard_costs_a_fixed_number_of_queries(world, reader_client, django_assert_num_queries):
    assert_dashboard_queries(django_assert_num_queries, reader_client)
    extra_ministries = [MinistryFactory(code=c) for c in ("KATS", "MFDS", "KPOST", "MSIT")]
    extra_categories = [CategoryFactory(code=c) for c in ("tax", "ip")]
    more_barriers(world["coord"], extra_ministries + [world["kcs"]], extra_categories, 30)
    assert_dashboard_queries(django_assert_num_queries, reader_client)


def test_this_quarters_scorecard_section_reuses_the_dashboards_barrier_pass(
    world, reader_client, django_assert_num_queries
):
    """The period not yet over: the section counts the live barriers, as the dashboard just did."""
    assert_dashboard_queries(django_assert_num_queries, reader_client, cold=COLD_QUERIES - 3, period="")
    assert_dashboard_queries(django_assert_num_queries, reader_client, cold=COLD_QUERIES - 3, period="", country="CN")
    # Narrowed beyond one market, the dashboard counted something else: the section counts its own
    # (one more query: the filter looks the ministry up).
    assert_dashboard_queries(
        django_assert_num_queries,
        reader_client,
        cold=COLD_QUERIES + 1,
        warm=WARM_QUERIES + 1,
        period="",
        lead_ministry="KCS",
    )


@pytest.mark.parametrize("params", [{}, {"country": "CN"}, {"lead_ministry": "KCS"}, {"country": ["CN", "US"]}])
def test_the_reused_barrier_pass_gives_the_scorecards_own_figures(world, reader_client, params):
    from barriers.selectors.scorecard import ministry_scorecard
    from barriers.web.oversight.scorecard import dashboard_rows

    coord = world["coord"]
    BarrierFactory(lead_ministry=world["kcs"], country="CN")  # led and open this quarter
    resolved = BarrierFactory(lead_ministry=world["kcs"], country="CN", identified_on=D(2026, 1, 5))
    for status in ("confirmed", "in_progress", "resolved"):  # resolved this quarter, 300-odd days on
        resolved = services.change_status(
            coord, resolved, status=status, reason="Step", version=resolved.version, resolution_summary="Done"
        )
    response = get_dashboard(reader_client, period="", **params)
    period = response.context["data"].period
    country = params.get("country") if isinstance(params.get("country"), str) else None
    card = ministry_scorecard(response.wsgi_request.user, period.first, period.last, country)
    section = response.context["scorecard"]["rows"]
    assert [row["ministry"].code for row in section] == [s.ministry.code for s in card.ministries]
    assert [row["cells"] for row in section] == [row["cells"] for row in dashboard_rows(card)]
    kcs = next(score for score in card.ministries if score.ministry.code == "KCS")
    assert kcs.figures.barriers_resolved == 1 and kcs.figures.median_days_to_resolution > 300
    assert kcs.figures.barriers_open >= 2 and kcs.figures.barriers_stale >= 1


def test_a_change_to_the_history_refreshes_the_cached_charts(world, reader_client):
    before = get_dashboard(reader_client).context["data"].markets_over_time["GB"]
    assert before[-1]["open"] == 1
    move(world["coord"], world["GB-0001"], D(2026, 3, 2), "rejected", "Out of scope")
    after = get_dashboard(reader_client).context["data"].markets_over_time["GB"]
    assert after[-1]["open"] == 0


def test_officers_and_coordinators_see_the_same_dashboard(world, client_for, kcs):
    officer = member("officer", world["kcs"], username="dash_officer")
    assert get_dashboard(client_for(officer)).context["data"].matrix_totals["total"].value == 7


def test_an_invalid_filter_is_reported_and_counts_nothing(world, reader_client):
    response = get_dashboard(reader_client, category="no-such-category")
    assert response.context["data"].filterset.errors
    assert response.context["data"].matrix_totals["total"].value == 0
    assert 'class="error-summary"' in response.content.decode()


def test_the_scorecard_section_shows_each_ministrys_key_figures_and_links_to_the_rest(world, reader_client):
    from barriers.selectors.scorecard import ministry_scorecard

    response = get_dashboard(reader_client)
    section = response.context["scorecard"]
    period = parse_period("2026-Q1")
    card = ministry_scorecard(response.wsgi_request.user, period.first, period.last)
    assert [row["ministry"].code for row in section["rows"]] == [s.ministry.code for s in card.ministries]
    for row, score in zip(section["rows"], card.ministries, strict=True):
        texts = {key: text for key, _label, text, _alert in row["cells"]}
        assert texts["complaints_received"] == str(score.figures.complaints_received)
        assert texts["open_overdue_complaints"] == str(score.figures.open_overdue_complaints)
        assert texts["barriers_led"].startswith(str(score.figures.barriers_led))
    html = response.content.decode()
    assert 'id="scorecard-summary"' in html
    assert section["url"] == reverse("barriers:scorecard") + "?period=2026-Q1"
    assert f'href="{section["url"]}" id="scorecard-link"' in html


def test_the_scorecard_section_follows_a_single_market_filter(world, reader_client):
    section = get_dashboard(reader_client, country="CN").context["scorecard"]
    assert section["url"] == reverse("barriers:scorecard") + "?period=2026-Q1&country=CN"
    assert section["market"] == "China"
    both = get_dashboard(reader_client, country=["CN", "US"]).context["scorecard"]
    assert both["url"] == reverse("barriers:scorecard") + "?period=2026-Q1"


def test_a_change_refreshes_the_cached_scorecard_section(world, reader_client):
    def resolved_by_kcs():
        rows = get_dashboard(reader_client, period="").context["scorecard"]["rows"]  # this quarter: live rows
        cells = {row["ministry"].code: dict((k, t) for k, _label, t, _a in row["cells"]) for row in rows}
        return cells["KCS"]["barriers_led"]

    before = resolved_by_kcs()
    assert resolved_by_kcs() == before  # served from the cache
    BarrierFactory(lead_ministry=world["kcs"], country="CN")
    assert resolved_by_kcs() != before


def test_a_progress_update_refreshes_the_cached_figures(world, reader_client):
    def stale_for(code):
        rows = get_dashboard(reader_client).context["data"].ministries
        return next(r for r in rows if r["ministry"].code == code)["stale"].value

    before = stale_for("MOTIE")
    assert before == stale_for("MOTIE")  # served from the cache
    services.add_progress_update(world["coord"], world["US-0002"], text="Met them", rag="on_track")
    assert stale_for("MOTIE") == before - 1


def test_the_charts_read_from_the_live_counts_back_match_the_whole_history(world):
    """The dashboard reads the history only from the chart's start and takes the counts at that
    start from the live rows: the same figures as reading the history from its beginning, for
    every barrier and for a filtered selection, with a barrier moved to another market."""
    from collections import Counter

    from barriers.models import Barrier
    from barriers.selectors.stats import progress_by_market

    with backdated(at(D(2026, 2, 20))):
        services.update_barrier(
            world["coord"], world["GB-0001"], version=world["GB-0001"].version, reason="Market", country="VN"
        )
    for selection in (Barrier.objects.all(), Barrier.objects.filter(lead_ministry=world["kcs"])):
        live = Counter((b.country.code, b.status) for b in selection)
        start, end = D(2025, 10, 1), D(2026, 6, 30)
        assert progress_by_market(selection, start, end, current=live) == progress_by_market(selection, start, end)
