"""Input that used to crash a page or a command gets a clear 4xx, or is cleaned, never a 500.

- `/dashboard/?period=9999-Q4` and `0000-Q1` (a date past year 9999 or before year 1);
- a NUL in a URL or query string (PostgreSQL refuses NUL in text: psycopg raised, a 500);
- `progress_report --to 9999-12-31` (the end of that day overflowed);
- control characters (`\\x0b`) typed on the public form or in a title, which openpyxl refuses when
  the XLSX export is written: cleaned when written, and again in the export;
- dates people enter: a progress update dated 9999-12-31 kept a barrier from ever being stale.
"""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from api.tokens import issue_token
from barriers.models import Barrier, Complaint, ProgressUpdate
from barriers.services import barriers as barrier_services
from barriers.services import complaints as complaint_services

from .complaint_support import form_data

pytestmark = pytest.mark.django_db


def xlsx_values(response):
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    return {value for row in sheet.iter_rows(values_only=True) for value in row}


@pytest.mark.parametrize("period", ["9999-Q4", "0000-Q1", "0001-Q1", "1999-Q4", "9999", "0000"])
def test_a_period_out_of_range_is_a_clear_400(client_for, reader, barrier, period):
    response = client_for(reader).get("/dashboard/", {"period": period}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    assert "choose a period from 2000" in response.content.decode()


def test_a_period_in_range_still_works(client_for, reader, barrier):
    assert client_for(reader).get("/dashboard/", {"period": "2026-Q2"}).status_code == 200
    assert client_for(reader).get("/dashboard/", {"period": "nonsense"}).status_code == 200  # this quarter


@pytest.mark.parametrize(
    "url",
    [
        "/barriers/?q=%00",
        "/barriers/?q=a%00b",
        "/barriers/%00/",
        "/barriers/US-0001%00/",
        "/dashboard/?country=%00",
        "/barriers/export.csv?q=%00",
        "/complaints/status/%00/",
        "/complaints/new/?x=%00",
        "/admin/barriers/barrier/?q=%00",
    ],
)
def test_a_nul_in_the_url_is_a_400(client_for, reader, barrier, url):
    response = client_for(reader).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400, url
    assert "NUL" in response.content.decode()


def test_a_nul_in_a_posted_form_is_a_form_error(customs):
    response = Client().post("/complaints/new/", form_data(customs, description="a\x00b", company_name="\x00"))
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert response.context["form"].errors["description"]


@pytest.mark.parametrize("bad", [["--to", "9999-12-31"], ["--from", "0001-01-01"], ["--from", "1999-12-31"]])
def test_progress_report_refuses_dates_out_of_range(barrier, bad):
    args = {"--from": "2026-01-01", "--to": "2026-06-30"}
    args[bad[0]] = bad[1]
    with pytest.raises(CommandError, match="between 2000-01-01 and"):
        call_command("progress_report", "--from", args["--from"], "--to", args["--to"], stdout=io.StringIO())


def test_control_characters_from_the_form_through_triage_reach_the_xlsx_clean(
    client_for, customs, kcs, kcs_officer, reader
):
    dirty = "Parcels\x0bblocked\x01 at\x1f customs\x7f\ttoday"
    response = Client().post("/complaints/new/", form_data(customs, description=dirty, product="HS\x0c3304"))
    assert response.status_code == 303
    complaint = Complaint.objects.get()
    assert complaint.description == "Parcelsblocked at customs\ttoday" and complaint.product == "HS3304"
    barrier = complaint_services.create_barrier_from_complaint(
        kcs_officer, complaint, lead_ministry=kcs, title="Per\x0bparcel\x08 declarations", scope="korea"
    )
    assert barrier.title == "Perparcel declarations"
    barrier_services.add_progress_update(kcs_officer, barrier, text="Asked\x0b KCS", rag="on_track")
    barrier = barrier_services.update_barrier(
        kcs_officer, barrier, version=barrier.version, reason="Why\x0b not", sectors="Cosmetics\x0b"
    )
    assert barrier.history.latest().history_change_reason == "Why not" and barrier.sectors == "Cosmetics"
    export = client_for(reader).get("/barriers/export.xlsx")
    assert export.status_code == 200
    assert "Perparcel declarations" in xlsx_values(export)


def test_the_export_cleans_rows_written_before_the_rule(client_for, barrier, reader):
    Barrier.objects.filter(pk=barrier.pk).update(title="Old\x0btitle", description="x\x1fy")  # set-up: legacy rows
    export = client_for(reader).get("/barriers/export.xlsx")
    assert export.status_code == 200
    assert "Oldtitle" in xlsx_values(export)
    csv = client_for(reader).get("/barriers/export.csv")
    assert csv.status_code == 200 and "Oldtitle" in csv.content.decode()


PROGRESS_M = """mutation($input: AddProgressUpdateInput!) { addProgressUpdate(input: $input) {
  errors { field code message } } }"""


@pytest.mark.parametrize("day", ["9999-12-31", "1999-12-31"])
def test_a_progress_update_cannot_be_dated_in_the_future_or_before_2000(gql, barrier, kcs_officer, day):
    _, raw = issue_token(kcs_officer, scope="write")
    variables = {"input": {"reference": barrier.reference, "text": "Done", "rag": "ON_TRACK", "date": day}}
    _, body = gql(PROGRESS_M, variables, token=raw)
    errors = body["data"]["addProgressUpdate"]["errors"]
    assert [(e["field"], e["code"]) for e in errors] == [("date", "invalid")], errors
    assert not ProgressUpdate.objects.exists()


def test_a_future_progress_date_in_the_admin_is_a_form_error(client_for, barrier, superuser):
    from .test_admin import change_url
    from .test_admin import form_data as admin_form

    data = admin_form(
        barrier,
        **{
            "progress_updates-0-rag": "on_track",
            "progress_updates-0-text": "Notice drafted",
            "progress_updates-0-date": "9999-12-31",
            "change_reason": "progress",
        },
    )
    response = client_for(superuser).post(change_url(barrier), data)
    assert response.status_code == 200 and not ProgressUpdate.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"identifiedOn": "1999-12-31"}, {"identifiedOn": "9999-12-31"}, {"targetOn": "9999-12-31"}]
)
def test_barrier_dates_have_sane_bounds(gql, barrier, kcs_officer, fields):
    _, raw = issue_token(kcs_officer, scope="write")
    mutation = """mutation($input: UpdateBarrierInput!) { updateBarrier(input: $input) {
      errors { field code } } }"""
    variables = {"input": {"reference": barrier.reference, "version": 1, "reason": "dates", **fields}}
    _, body = gql(mutation, variables, token=raw)
    assert body["data"]["updateBarrier"]["errors"] == [{"field": next(iter(fields)), "code": "invalid"}], body
    barrier.refresh_from_db()
    assert barrier.version == 1
    assert barrier.identified_on <= timezone.localdate()
