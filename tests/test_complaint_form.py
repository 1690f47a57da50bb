"""An SME reports a barrier on the public form: what is accepted, what is refused, what is kept."""

import logging
import re
from pathlib import Path, PurePath

import pytest
from django.conf import settings
from django.core import mail
from django.db import OperationalError
from django.utils import timezone

from barriers import deadlines
from barriers.models import Complaint, EvidenceFile
from barriers.models.complaint import private_storage

from .complaint_support import EXE, JPEG, PDF, PNG, VALID_BRN, form_data, office, upload

pytestmark = pytest.mark.django_db
URL = "/complaints/new/"


def post(client, data, capture=None):
    if capture is None:
        return client.post(URL, data)
    with capture(execute=True):
        return client.post(URL, data)


def evidence_files():
    root = Path(private_storage.location)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_each_test_keeps_evidence_in_a_directory_of_its_own(media_root, tmp_path):
    """conftest's media_root: the storage follows MEDIA_ROOT, so no test reads another's files."""
    assert Path(private_storage.location) == Path(media_root) / "evidence"
    assert tmp_path in Path(private_storage.location).parents


def test_the_form_is_korean_by_default_with_target_markets_first_and_the_consent_terms(client, customs):
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert '<html lang="ko">' in html
    assert "수출 장벽 건의" in html
    codes = re.findall(r'<option value="([A-Z]{2})"', html)
    assert codes[:5] == ["US", "CN", "JP", "VN", "ID"] and len(codes) > 200
    assert "3년" in html  # the retention period is stated next to the consent
    assert 'name="submission_id"' in html and 'name="website"' in html
    assert 'for="id_business_number"' in html


def test_english_by_accept_language(client, customs):
    html = client.get(URL, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="en">' in html
    assert "Report an export barrier" in html and "Kept for 3 years" in html


def test_a_valid_complaint_end_to_end(client, customs, django_capture_on_commit_callbacks):
    data = form_data(customs, evidence=[upload("invoice.pdf", PDF), upload("list.xlsx", office("xl"))])
    response = post(client, data, django_capture_on_commit_callbacks)

    assert response.status_code == 303
    complaint = Complaint.objects.get()
    assert response["Location"] == f"/complaints/received/{complaint.submission_id}/"
    assert re.fullmatch(r"C-\d{4}-000001", complaint.reference)
    assert complaint.business_number == "1234567891" and complaint.status == "received"
    assert str(complaint.phone) == "+821012345678"
    # the 14th working day counting the day of receipt as day 1, due at the end of that day
    received = timezone.localdate(complaint.received_at)
    due = deadlines.Calendar.load().nth_day(received, settings.TRACKER["COMPLAINT_FIRST_REPLY_DAYS"])
    assert complaint.first_reply_due == deadlines.end_of_day(due)

    files = list(complaint.evidence.order_by("id"))
    assert [(f.original_name, f.content_type) for f in files] == [
        ("invoice.pdf", "application/pdf"),
        ("list.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ]
    assert all("invoice" not in f.file.name and "list" not in f.file.name for f in files)  # random names
    assert private_storage.base_url is None
    assert {path.name for path in evidence_files()} == {PurePath(f.file.name).name for f in files}

    confirmation = client.get(response["Location"])
    assert complaint.reference in confirmation.content.decode()

    # the complainant's confirmation, and the routed ministry's notice of arrival
    [message] = [m for m in mail.outbox if m.to == ["minji@hanbit.example"]]
    assert [m.to for m in mail.outbox if m is not message] == [[complaint.routed_ministry.email]]
    assert complaint.reference in message.subject
    link = re.search(r"http://\S+/complaints/status/(\S+)/", message.body)
    status_page = client.get(f"/complaints/status/{link.group(1)}/")
    assert status_page.status_code == 200
    assert complaint.reference in status_page.content.decode()
    assert link.group(1) not in str(Complaint.objects.values().get())  # only the hash is stored


def test_registration_number_without_hyphens_is_accepted(client, customs):
    assert post(client, form_data(customs, business_number="1234567891")).status_code == 303


@pytest.mark.parametrize(
    "field,value,needle",
    [
        ("business_number", "123-45-67890", "check digit"),
        ("business_number", "12345", "ten digits"),
        ("consent", None, "agree"),
        ("phone", "12", "phone"),
        ("email", "not-an-email", "e-mail"),
        ("description", "x" * 5001, "5000"),
        ("description", "", "required"),
        ("country", "XX", "valid choice"),
    ],
)
def test_each_invalid_field_is_refused_with_the_input_kept(client, customs, field, value, needle):
    data = form_data(customs, **{field: value}, company_name="Keep Me Co.", product="HS 3304 kept")
    response = client.post(URL, data, HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert 'class="error-summary"' in html and f'href="#id_{field}"' in html
    assert f'id="id_{field}_error"' in html and 'aria-invalid="true"' in html
    assert needle.lower() in html.lower()
    assert 'value="Keep Me Co."' in html and 'value="HS 3304 kept"' in html
    assert f'value="{data["submission_id"]}"' in html  # same idempotency key on the second try


def test_oversized_file_is_refused_and_the_page_says_files_are_not_kept(client, customs):
    big = PDF + b"0" * (settings.TRACKER["EVIDENCE_MAX_BYTES"] + 1 - len(PDF))
    response = client.post(URL, form_data(customs, evidence=[upload("big.pdf", big)]), HTTP_ACCEPT_LANGUAGE="en")
    html = response.content.decode()
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "at most 10" in html and "attach them again" in html
    assert 'value="한빛화장품"' in html
    assert evidence_files() == set() and not EvidenceFile.objects.exists()


@pytest.mark.parametrize(
    "name,content",
    [
        ("report.pdf", EXE),  # a program named like a PDF
        ("photo.png", b"GIF89a" + b"\x00" * 40),  # a GIF is not on the list
        ("sheet.xlsx", office("other")),  # a ZIP that is neither a workbook nor a document
        ("notes.docx", b"PK\x03\x04not really a zip"),
    ],
)
def test_a_disguised_file_is_refused_by_its_content(client, customs, name, content):
    response = client.post(
        URL, form_data(customs, evidence=[upload(name, content, "application/pdf")]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200 and Complaint.objects.count() == 0
    assert "we check the content, not the name" in response.content.decode()


def test_type_comes_from_the_content_not_the_name(client, customs):
    files = [upload("scan.docx", PNG), upload("photo.txt", JPEG), upload("memo.bin", office("word"))]
    assert client.post(URL, form_data(customs, evidence=files)).status_code == 303
    types = list(EvidenceFile.objects.order_by("id").values_list("content_type", flat=True))
    assert types == [
        "image/png",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ]


def test_more_than_three_files_are_refused(client, customs):
    files = [upload(f"f{i}.pdf", PDF) for i in range(4)]
    response = client.post(URL, form_data(customs, evidence=files), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200 and "at most 3 files" in response.content.decode()
    assert Complaint.objects.count() == 0


def test_a_database_failure_saves_nothing_removes_the_files_and_says_so(client, customs, monkeypatch, caplog):
    before = evidence_files()

    def broken_save(self, *args, **kwargs):
        raise OperationalError("could not write: disk full")

    monkeypatch.setattr(EvidenceFile, "save", broken_save)
    with caplog.at_level(logging.ERROR, logger="barriers.complaints"):
        response = client.post(URL, form_data(customs, evidence=[upload("a.pdf", PDF)]), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 503
    assert "Nothing was saved" in response.content.decode()
    assert Complaint.objects.count() == 0 and Complaint.history.count() == 0
    assert evidence_files() == before  # the file written before the failure was removed
    assert "disk full" in caplog.text


def test_brn_constant_is_valid():
    from barriers.web.complaints.validators import validate_brn

    assert validate_brn(VALID_BRN) == "1234567891"


def test_a_submission_costs_a_bounded_number_of_queries(client, customs, django_assert_max_num_queries):
    # form (category), idempotency look-up, model validation (2 FKs, 2 check constraints), reference
    # sequence, complaint + history insert, savepoints, closure days (the status link needs no
    # session: a cookie), the routed ministry's contact address for its notice of arrival
    with django_assert_max_num_queries(21):
        assert client.post(URL, form_data(customs)).status_code == 303


def test_a_mail_failure_after_commit_does_not_turn_a_saved_complaint_into_an_error(
    client, customs, monkeypatch, django_capture_on_commit_callbacks
):
    from smtplib import SMTPException

    def refuse(*args, **kwargs):
        raise SMTPException("mail server down")

    monkeypatch.setattr("barriers.tasks.send_mail", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, form_data(customs))
    assert response.status_code == 303 and Complaint.objects.count() == 1
