"""Operators run `progress_report` for a market and a period: status at start and end, what
changed (with reasons, from the history), what was resolved, what is overdue."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from .oversight_world import build_world

pytestmark = pytest.mark.django_db

PERIOD = ["--from", "2026-01-01", "--to", "2026-03-31"]


@pytest.fixture
def world(db):
    return build_world()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("progress_report", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_markdown_report_for_china_in_the_first_quarter(world):
    out, err = run("--country", "CN", *PERIOD, "--format", "md", "--language", "en")
    assert err == ""  # no progress bar when stderr is not a terminal
    assert out.startswith("# Progress report: China (CN), 1 January 2026 to 31 March 2026")
    # At the end of 2025: CN-0001 and CN-0002 in progress, CN-0003 resolved. At the end of
    # March 2026: CN-0002 resolved on 20 March.
    assert "| In progress | 2 | 1 | -1 |" in out
    assert "| Resolved | 1 | 2 | 1 |" in out
    assert "| Reported | 0 | 0 | 0 |" in out
    changes = out.split("## Status changes")[1].split("## Resolved in the period")[0]
    assert (
        "| 20 Mar 2026 | CN-0002 | CN payment methods | In progress | Resolved | world_coord (MOEF) | To resolved on 2026-03-20 |"
        in changes
    )
    assert "CN-0003" not in changes  # resolved in 2025, outside the period
    resolved = out.split("## Resolved in the period")[1].split("## Overdue")[0]
    assert "CN-0002" in resolved and "CN-0001" not in resolved
    overdue = out.split("## Overdue at the end of the period")[1]
    # CN-0001: target 15 March 2026, still in progress on 31 March -> 16 days overdue.
    assert "| CN-0001 | CN cosmetics registration | In progress | KCS | 15 Mar 2026 | 16 |" in overdue
    assert "CN-0002" not in overdue


def test_a_period_with_no_changes_says_so(world):
    out, _err = run(
        "--country", "JP", "--from", "2026-01-01", "--to", "2026-03-31", "--format", "md", "--language", "en"
    )
    assert "| Rejected | 1 | 1 | 0 |" in out
    assert out.count("None.") == 3


def test_csv_report_is_one_table_with_a_section_column(world):
    out, _err = run("--country", "CN", *PERIOD, "--format", "csv", "--language", "en")
    rows = list(csv.DictReader(io.StringIO(out, newline="")))
    sections = [r["Section"] for r in rows]
    assert sections.count("status") == 7 and sections.count("change") == 1
    assert sections.count("resolved") == 1 and sections.count("overdue") == 1
    change = next(r for r in rows if r["Section"] == "change")
    assert (change["Reference"], change["From"], change["To"], change["Reason"]) == (
        "CN-0002",
        "In progress",
        "Resolved",
        "To resolved on 2026-03-20",
    )
    status = {r["Status"]: (r["At start"], r["At end"]) for r in rows if r["Section"] == "status"}
    assert status["In progress"] == ("2", "1") and status["Resolved"] == ("1", "2")


def test_several_markets_and_korean_by_default(world):
    out, _err = run("--country", "CN,US", *PERIOD, "--format", "md")
    assert "# 진행 상황 보고서: 중국 (CN)" in out and "# 진행 상황 보고서: 미국 (US)" in out
    us = out.split("미국 (US)")[1]
    assert "| US-0001 | US parcel declaration | 추진 중 | 해소 |" in us
    assert "| US-0002 |" not in us.split("## 기간 말 기한 경과")[0]


def test_xlsx_needs_an_output_file_and_has_one_sheet_per_section(world, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        run("--country", "CN", *PERIOD, "--format", "xlsx")
    path = tmp_path / "report.xlsx"
    _out, err = run("--country", "CN", *PERIOD, "--format", "xlsx", "--output", str(path), "--language", "en")
    assert str(path) in err
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == ["By status", "Changes", "Resolved", "Overdue"]
    sheet = book["Changes"]
    assert sheet["A1"].value == "Status changes, 1 January 2026 to 31 March 2026"
    assert sheet["A2"].value.startswith("Extracted ") and sheet["A2"].value.endswith("Markets: China (CN).")
    changes = list(sheet.iter_rows(min_row=3, values_only=True))
    assert changes[0][:3] == ("Market", "Date", "Reference")
    assert changes[1][:3] == ("CN", datetime.datetime(2026, 3, 20), "CN-0002")
    assert sheet["B4"].number_format == "yyyy-mm-dd" and sheet.freeze_panes == "B4"
    assert sheet.auto_filter.ref == "A3:H4"
    counts = list(book["By status"].iter_rows(min_row=4, values_only=True))
    assert ("CN", "In progress", 2, 1, -1) in counts  # numbers, not text


def test_output_file_for_text_formats(world, tmp_path):
    path = tmp_path / "report.md"
    out, _err = run("--country", "CN", *PERIOD, "--format", "md", "--output", str(path))
    assert out == "" and path.read_text(encoding="utf-8").startswith("# ")


def test_bad_dates_are_refused_clearly(world):
    with pytest.raises(CommandError, match="--to is before --from"):
        run("--country", "CN", "--from", "2026-03-01", "--to", "2026-01-01")
    with pytest.raises(CommandError, match="Not a date"):
        run("--country", "CN", "--from", "2026-13-01", "--to", "2026-12-31")
