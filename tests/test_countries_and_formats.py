"""Countries as a Korean government page names and orders them; dates and money as each language
writes them, the same in pages, mails and spreadsheets."""

import datetime
import io
import re

import openpyxl
import pytest
from django.utils import translation

from barriers.choices import TARGET_MARKETS
from barriers.countries import country_choices, country_name, name_key
from barriers.errors import Invalid
from barriers.formatting import day, moment, money, number
from barriers.services import barriers as services
from barriers.web.fields import CountryChoiceField
from barriers.web.oversight.xlsx import display_width

from .factories import oversight
from .oversight_world import build_world

pytestmark = pytest.mark.django_db


def flat(choices):
    return [item for group, items in choices if isinstance(items, list) for item in items]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_target_markets_first_then_every_other_country_by_its_name_in_the_page_language(language):
    with translation.override(language):
        groups = country_choices()
        markets, others = groups[0][1], groups[1][1]
        assert [code for code, _name in markets] == list(TARGET_MARKETS)
        names = [str(name) for _code, name in others]
        assert names == sorted(names, key=name_key) and len(names) > 200
        assert "KR" not in dict(flat(groups)) and "KP" in dict(flat(groups))


def test_korean_names_are_sorted_in_korean_and_read_as_the_government_writes_them():
    with translation.override("ko"):
        names = [str(name) for _code, name in flat(country_choices())[5:]]
        assert names[:3] == ["가나", "가봉", "가이아나"]  # not in the English order (Afghanistan ...)
        assert names.index("호주") > names.index("태국") > names.index("케이맨 제도")
        assert country_name("KY") == "케이맨 제도" and country_name("SC") == "세이셸"
        assert country_name("TR") == "튀르키예" and country_name("AU") == "호주" and country_name("TH") == "태국"
        assert not any(re.search(r"\d|[A-Za-z]", name) for name in names)  # no "케이맨 섬1"
    with translation.override("en"):
        assert (
            country_name("NR") == "Nauru" and country_name("BS") == "Bahamas" and country_name("KY") == "Cayman Islands"
        )


def test_the_country_field_renders_in_the_language_of_each_request():
    field = CountryChoiceField()  # built once, like a form class's field
    with translation.override("en"):
        assert "United States of America" in str(field.widget.render("country", "US", {}))
    with translation.override("ko"):
        html = field.widget.render("country", "US", {})
        assert "미국" in html and "United" not in html and "<optgroup" in html
    assert not field.valid_value("KR") and field.valid_value("VN")


def test_korea_is_not_an_export_market(kcs_officer, kcs, customs):
    with pytest.raises(Invalid) as refused:
        services.create_barrier(
            kcs_officer, lead_ministry=kcs, title="t", country="KR", scope="korea", category=customs, source="other"
        )
    assert refused.value.errors[0].field == "country"


@pytest.mark.parametrize(
    "language, expected",
    [
        ("ko", ("2026. 12. 16.", "2026. 12. 16.", "2026. 12. 16. 14:02", "1,500,000", "1,500,000원")),
        ("en", ("16 December 2026", "16 Dec 2026", "16 December 2026, 14:02", "1,500,000", "KRW 1,500,000")),
    ],
)
def test_dates_and_money_as_each_language_writes_them(language, expected):
    when = datetime.datetime(2026, 12, 16, 5, 2, tzinfo=datetime.UTC)  # 14:02 in Seoul
    with translation.override(language):
        got = (day(datetime.date(2026, 12, 16)), day(when, short=True), moment(when), number(1500000), money(1500000))
    assert got == expected
    assert money(None) == "" and day(None) == ""


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def reader(client_for):
    return client_for(oversight(username="format_reader"))


def test_the_barrier_page_writes_dates_and_money_in_the_page_language(world, reader):
    barrier = world["CN-0001"]
    services.update_barrier(world["coord"], barrier, version=barrier.version, trade_impact_krw=1500000, reason="x")
    ko = reader.get("/barriers/CN-0001/").content.decode()
    assert "2026. 3. 15." in ko and "1,500,000원" in ko and "2026-03-15" not in ko
    en = reader.get("/barriers/CN-0001/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "15 March 2026" in en and "KRW 1,500,000" in en
    assert "Trade impact (KRW): " not in en  # the timeline shows the amount as money too
    assert "→ KRW 1,500,000" in " ".join(en.split())


def test_sort_labels_are_in_the_page_language(world, reader):
    ko = reader.get("/barriers/").content.decode()
    assert "목표일 (내림차순)" in ko and "descending" not in ko and "Target on" not in ko
    en = reader.get("/barriers/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Target date (descending)" in en and "내림차순" not in en


def test_the_dashboard_names_its_period_in_the_page_language(world, reader):
    ko = reader.get("/dashboard/", {"period": "2026-Q1"}).content.decode()
    assert "2026년 1분기 해소" in ko and "2026-Q1</option>" not in ko
    en = reader.get("/dashboard/", {"period": "2026"}, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Resolved in 2026" in en and ">Q1 2026</option>" in en


def test_system_reasons_with_a_reference_are_translated_when_shown(world, reader, kcs_officer, customs, english):
    from barriers.change_reasons import display_reason

    assert display_reason("Filed from complaint C-2026-000123") == "Filed from complaint C-2026-000123"
    with translation.override("ko"):
        assert display_reason("Filed from complaint C-2026-000123") == "건의 C-2026-000123에서 등록"
        assert display_reason("Linked to CN-0007") == "장벽 CN-0007에 연결"
        assert display_reason("Filed from complaint of mine") == "Filed from complaint of mine"  # people's words


# -- spreadsheets --------------------------------------------------------------------------------


def test_the_xlsx_export_has_typed_cells_a_title_and_a_header_that_stays(world, reader):
    barrier = world["CN-0001"]
    services.update_barrier(world["coord"], barrier, version=barrier.version, trade_impact_krw=45000000000, reason="x")
    response = reader.get("/barriers/export.xlsx", {"country": "CN", "status": "in_progress"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active

    assert sheet["A1"].value == "장벽" and sheet["A1"].font.bold
    assert sheet["A2"].value.startswith("추출 일시: ") and "검색 조건: 시장: 중국; 상태: 추진 중" in sheet["A2"].value
    header = [c.value for c in sheet[3]]
    assert header[:4] == ["관리번호", "제목", "국가 코드", "시장"] and all(c.font.bold for c in sheet[3])
    assert sheet.freeze_panes == "B4"
    assert sheet.auto_filter.ref == f"A3:{openpyxl.utils.get_column_letter(len(header))}4"  # one row

    row = {h: c for h, c in zip(header, sheet[4], strict=True)}
    assert row["관리번호"].value == "CN-0001"
    assert row["목표일"].is_date and row["목표일"].value == datetime.datetime(2026, 3, 15)
    assert row["목표일"].number_format == "yyyy-mm-dd"
    assert (
        row["연간 추정 무역 영향(원)"].value == 45000000000 and row["연간 추정 무역 영향(원)"].number_format == "#,##0"
    )
    assert row["해소일"].value is None  # an empty cell, not "" or "-"


def test_xlsx_columns_are_wide_enough_for_hangul(world, reader):
    barrier = world["CN-0001"]
    title = "중국 화장품 위생허가 등록 지연"  # 13 syllables, each two columns wide, and 4 spaces
    services.update_barrier(world["coord"], barrier, version=barrier.version, title=title, reason="x")
    sheet = openpyxl.load_workbook(io.BytesIO(reader.get("/barriers/export.xlsx").content)).active
    header = [c.value for c in sheet[3]]
    width = sheet.column_dimensions[openpyxl.utils.get_column_letter(header.index("제목") + 1)].width
    assert display_width(title) == 30 and width >= 30
    assert sheet.column_dimensions["A"].width >= 9  # "CN-0001" and the heading "관리번호" (8)


def test_csv_keeps_its_bom_and_iso_dates(world, reader):
    text = reader.get("/barriers/export.csv", {"country": "CN"}).content.decode("utf-8")
    assert text.startswith("\ufeff관리번호,")
    assert ",2026-03-15," in text
