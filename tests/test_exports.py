"""Oversight readers take a filtered barrier list away as CSV or XLSX: the list's filters, ko or
en headings, and text that a spreadsheet would run as a formula arrives as text."""

import csv
import datetime
import io

import openpyxl
import pytest

from barriers.services import barriers as services

from .factories import oversight
from .oversight_world import build_world

pytestmark = pytest.mark.django_db

EN_HEADINGS = [
    "Reference",
    "Title",
    "Country code",
    "Market",
    "Status",
    "Lead ministry",
    "Supporting ministries",
    "Category",
    "Priority",
    "Scope",
    "Source",
    "Who acts next",
    "Identified on",
    "Target date",
    "Resolved on",
    "Overdue",
    "Stale",
    "Trade impact (KRW)",
    "Description",
    "Resolution summary",
]


@pytest.fixture
def world(db):
    return build_world()


@pytest.fixture
def reader(client_for):
    return client_for(oversight(username="export_reader"))


def read_csv(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")  # so Excel reads the Korean as UTF-8
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def read_xlsx(response):
    """The header row and the data below it (rows 1-2 are the title and the extraction line)."""
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return [[("" if v is None else v) for v in row] for row in sheet.iter_rows(min_row=3, values_only=True)]


def test_csv_has_english_headings_and_the_filtered_rows(world, reader):
    response = reader.get("/barriers/export.csv", {"country": "CN", "status": "resolved", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="barriers-')
    rows = read_csv(response)
    assert rows[0] == EN_HEADINGS
    assert [r[0] for r in rows[1:]] == ["CN-0002", "CN-0003"]
    cn2 = dict(zip(rows[0], rows[1], strict=True))
    assert cn2["Status"] == "Resolved" and cn2["Lead ministry"] == "FSC" and cn2["Resolved on"] == "2026-03-20"
    assert cn2["Resolution summary"] == "Rules amended" and cn2["Market"] == "China"


def test_korean_headings_by_default_and_by_lang(world, reader):
    rows = read_csv(reader.get("/barriers/export.csv"))
    assert rows[0][:5] == ["관리번호", "제목", "국가 코드", "시장", "상태"]
    assert rows[0] == read_csv(reader.get("/barriers/export.csv", {"lang": "ko"}, HTTP_ACCEPT_LANGUAGE="en"))[0]
    assert read_csv(reader.get("/barriers/export.csv", HTTP_ACCEPT_LANGUAGE="en"))[0] == EN_HEADINGS
    us2 = dict(zip(*read_csv(reader.get("/barriers/export.csv", {"q": "US card"}))[:2], strict=True))
    assert us2["상태"] == "확인" and us2["협조 부처"] == "KCS" and us2["장기 미갱신"] == "예"


def test_xlsx_has_the_same_columns_and_rows(world, reader):
    response = reader.get("/barriers/export.xlsx", {"lead_ministry": "KCS", "lang": "en"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    rows = read_xlsx(response)
    assert list(rows[0]) == EN_HEADINGS
    assert [r[0] for r in rows[1:]] == ["CN-0001", "CN-0003", "US-0001"]
    cn1 = dict(zip(rows[0], rows[1], strict=True))
    assert cn1["Overdue"] == "yes" and cn1["Target date"] == datetime.datetime(2026, 3, 15)


@pytest.mark.parametrize("title", ['=HYPERLINK("http://evil","x")', "+1+2", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"])
def test_formula_like_text_is_escaped_in_csv_and_xlsx(world, reader, title):
    barrier = services.update_barrier(
        world["coord"],
        world["GB-0001"],
        version=world["GB-0001"].version,
        title=title,
        description="=1+1",
        reason="test",
    )
    csv_row = dict(zip(*read_csv(reader.get("/barriers/export.csv", {"country": "GB", "lang": "en"})), strict=True))
    assert csv_row["Title"] == "'" + title
    assert csv_row["Description"] == "'=1+1"
    xlsx_rows = read_xlsx(reader.get("/barriers/export.xlsx", {"country": "GB", "lang": "en"}))
    xlsx_row = dict(zip(xlsx_rows[0], xlsx_rows[1], strict=True))
    # XML (and so XLSX) stores a carriage return as a line feed; the apostrophe is what matters.
    assert xlsx_row["Title"] == "'" + title.replace("\r", "\n")
    assert barrier.reference == xlsx_row["Reference"]


def test_plain_text_and_numbers_are_left_alone(world, reader):
    barrier = world["GB-0001"]
    services.update_barrier(
        world["coord"], barrier, version=barrier.version, title="Returns - slow", trade_impact_krw=1500, reason="test"
    )
    row = dict(zip(*read_csv(reader.get("/barriers/export.csv", {"country": "GB", "lang": "en"})), strict=True))
    assert row["Title"] == "Returns - slow" and row["Trade impact (KRW)"] == "1500"


def test_exports_cost_a_fixed_number_of_queries(world, reader, django_assert_num_queries):
    # session, user, membership, barriers (with ministry and category joined), supporting ministries
    with django_assert_num_queries(5):
        reader.get("/barriers/export.csv")
    with django_assert_num_queries(5):
        reader.get("/barriers/export.xlsx", {"country": "US"})
