"""The market export series: the KOSIS import (validated, all or nothing, re-runnable), the chart
with its text alternative on the guide and the dashboard, and GraphQL `marketIndicators`."""

import json
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from barriers.models import MarketIndicator
from barriers.services import markets as market_services

from .factories import BarrierFactory

pytestmark = pytest.mark.django_db

GOOD = """\ufeff국가(대륙)별,상품군별,2025.3/4,2025.4/4,2026.1/4 p)
합계,합계,"500,000","510,000","520,000"
중국,합계,"280,000","290,500",-
중국,화장품,"100,000","100,000","100,000"
미국,합계,"110,000","111,000","112,000"
아세안,합계,"30,000","31,000","32,000"
"""


def write(tmp_path, text, name="figures.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def state():
    return (
        sorted(MarketIndicator.objects.values_list("country", "interval", "period_start", "value_krw", "source")),
        MarketIndicator.history.count(),
    )


def test_import_reads_each_markets_total_and_skips_regions(tmp_path, capsys):
    call_command("import_market_indicators", write(tmp_path, GOOD))
    rows = {(i.country.code, i.period_key): i for i in MarketIndicator.objects.all()}
    assert set(rows) == {("CN", "2025-Q3"), ("CN", "2025-Q4"), ("US", "2025-Q3"), ("US", "2025-Q4"), ("US", "2026-Q1")}
    assert rows["CN", "2025-Q4"].value_krw == 290_500_000_000  # millions of KRW, as published
    assert rows["CN", "2025-Q4"].unit == "백만원" and not rows["CN", "2025-Q4"].is_demo
    assert rows["US", "2026-Q1"].period_end == date(2026, 3, 31)
    assert "5 created, 0 updated, 0 unchanged" in capsys.readouterr().out


def test_importing_twice_changes_nothing(tmp_path, capsys):
    path = write(tmp_path, GOOD)
    call_command("import_market_indicators", path)
    before = state()
    call_command("import_market_indicators", path)
    assert state() == before
    assert "0 created, 0 updated, 5 unchanged" in capsys.readouterr().out


def test_a_revised_figure_is_updated_with_history(tmp_path, english):
    call_command("import_market_indicators", write(tmp_path, GOOD))
    call_command("import_market_indicators", write(tmp_path, GOOD.replace('"290,500"', '"291,000"'), "rev.csv"))
    figure = MarketIndicator.objects.get(country="CN", period_start=date(2025, 10, 1))
    assert figure.value_krw == 291_000_000_000
    assert figure.history.count() == 2 and figure.history.first().history_change_reason == "Export figures imported"


def test_a_cp949_file_is_read(tmp_path):
    call_command("import_market_indicators", write(tmp_path, GOOD.lstrip("\ufeff"), encoding="cp949"))
    assert MarketIndicator.objects.count() == 5


@pytest.mark.parametrize(
    "text, message",
    [
        ("나라,2025.3/4\n중국,1\n", "Line 1: the first column must be headed"),
        ("국가(대륙)별,2025.5/4\n중국,1\n", "Line 1, column 2: 2025.5/4 is not a period"),
        ('국가(대륙)별,2025.3/4\n중국,"1,000"\n화성,12\n', "Line 3: unknown market 화성."),
        ("국가(대륙)별,2025.3/4\n중국,abc\n", "Line 2, column 2: abc is not an amount."),
        ("국가(대륙)별,2025.3/4\n중국,-5\n", "Line 2, column 2: -5 is not an amount."),
        ("국가(대륙)별,2025.3/4\n중국,5\n중국,6\n", "Line 3: 중국 has a second figure for 2025.3/4."),
        ("국가(대륙)별,2025.3/4\n중국,5,6\n", "Line 2 has more cells than the header."),
    ],
)
def test_a_malformed_file_is_refused_naming_the_row_and_changes_nothing(tmp_path, text, message, english):
    call_command("import_market_indicators", write(tmp_path, GOOD))
    before = state()
    with pytest.raises(CommandError) as refused:
        call_command("import_market_indicators", write(tmp_path, text, "bad.csv"))
    assert "Nothing was imported" in str(refused.value) and message in str(refused.value)
    assert state() == before


def test_a_file_good_until_its_last_row_imports_nothing(tmp_path):
    with pytest.raises(CommandError):
        call_command("import_market_indicators", write(tmp_path, GOOD + "일본,합계,1,2,x\n"))
    assert state() == ([], 0)


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_market_indicators", str(tmp_path / "nope.csv"))


def test_the_demo_figures_are_labelled_demo(settings):
    from barriers.services import indicators

    text = (Path(settings.BASE_DIR) / "fixtures" / "demo_market_indicators.csv").read_text("utf-8")
    indicators.import_market_indicators(
        None, indicators.parse_kosis_csv(text), source=indicators.DEMO_SOURCE, is_demo=True
    )
    assert MarketIndicator.objects.filter(is_demo=False).count() == 0
    assert set(MarketIndicator.objects.values_list("country", flat=True)) == {"US", "CN", "JP", "VN", "ID"}


# -- shown beside the barriers -------------------------------------------------------------------


@pytest.fixture
def figures(tmp_path):
    call_command("import_market_indicators", write(tmp_path, GOOD), "--demo")
    # Resolved in 2025-Q4 in China: two barriers; one in 2026-Q1; one resolved in the US.
    BarrierFactory(country="CN", status="resolved", resolved_on=date(2025, 10, 3))
    BarrierFactory(country="CN", status="resolved", resolved_on=date(2025, 12, 31))
    BarrierFactory(country="CN", status="resolved", resolved_on=date(2026, 2, 1))
    BarrierFactory(country="CN", status="in_progress")
    BarrierFactory(country="US", status="resolved", resolved_on=date(2025, 11, 1))


def test_the_guide_charts_the_series_with_a_table(figures, client):
    market_services.load_demo_profile(
        "CN",
        {a: {"text_ko": "가", "text_en": "a", "sources": [], "ministries": []} for a in market_services.AREA_CODES},
    )
    html = client.get("/markets/CN/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg" class="export-chart"' in html
    assert "<title>Exports and resolved barriers: China</title>" in html
    assert "2025-Q4: exports 290,500 million KRW" in html  # the chart's <desc>
    assert '<th scope="row">2025-Q4</th><td>290,500</td><td>0</td>' in html  # no barrier is published
    assert "Demo figures" in html


def graphql(client, country):
    return client.post(
        "/graphql/",
        {
            "query": "query($c: String!) { marketIndicators(country: $c) { country { code } period interval "
            "periodStart periodEnd valueKrw valueUsd unit source isDemo barriersResolved } }",
            "variables": {"c": country},
        },
        content_type="application/json",
    ).json()


def test_graphql_market_indicators(figures, client, coord):
    client.force_login(coord)
    with CaptureQueriesContext(connection) as queries:
        body = graphql(client, "cn")
    rows = body["data"]["marketIndicators"]
    assert [(r["period"], r["valueKrw"], r["barriersResolved"]) for r in rows] == [
        ("2025-Q3", 280_000_000_000, 0),
        ("2025-Q4", 290_500_000_000, 2),
    ]
    assert rows[0]["isDemo"] is True and rows[0]["unit"] == "백만원" and rows[0]["interval"] == "quarter"
    assert rows[1]["periodStart"] == "2025-10-01" and rows[1]["periodEnd"] == "2025-12-31"
    # session, user, membership; then the figures and the resolution dates: the same for any length
    assert len(queries) == 3 + 2, [q["sql"] for q in queries]
    assert graphql(client, "FR")["data"]["marketIndicators"] == []
    bad = graphql(client, "China")
    assert bad["errors"][0]["extensions"]["code"] == "invalid"


def test_graphql_market_indicators_needs_a_caller(figures, client):
    response = client.post(
        "/graphql/", {"query": '{ marketIndicators(country: "CN") { period } }'}, content_type="application/json"
    )
    assert response.status_code == 401 and not json.loads(response.content).get("data")


def test_the_dashboard_charts_every_market_with_figures_in_two_queries(figures, tmp_path, client, reader):
    client.force_login(reader)
    html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Exports and resolved barriers: China</title>" in html
    assert "<title>Exports and resolved barriers: United States of America</title>" in html
    assert '<th scope="row">2025-Q4</th><td>290,500</td><td>2</td>' in html  # every barrier counts here
    with CaptureQueriesContext(connection) as before:
        client.get("/dashboard/")
    more = GOOD.replace("미국", "일본") + "베트남,합계,1,2,3\n인도네시아,합계,4,5,6\n"
    call_command("import_market_indicators", write(tmp_path, more, "more.csv"))
    BarrierFactory(country="JP", status="resolved", resolved_on=date(2025, 8, 1))
    client.get("/dashboard/")  # the history changed: the dashboard's cached history pass is rebuilt once
    with CaptureQueriesContext(connection) as after:
        html = client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "<title>Exports and resolved barriers: Indonesia</title>" in html
    assert len(after) == len(before)
