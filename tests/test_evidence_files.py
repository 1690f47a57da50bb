"""Evidence is judged by its content, and downloaded as what it is: the download name's extension
comes from the detected type (a PDF named run.hta arrives as run.pdf); DOCX/XLSX files with macros
or parts outside their structure are refused with a clear error; the SME's own file name is shown
as text only."""

import io
import zipfile

import pytest
from django.test import Client

from barriers.models import Complaint

from .complaint_support import PDF, form_data, office, upload

pytestmark = pytest.mark.django_db


def package(main, extra=(), content_types="<Types/>"):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", content_types)
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(main, "<x/>")
        for name in extra:
            archive.writestr(name, b"MZ\x90\x00")
    return buffer.getvalue()


def send(customs, *files):
    return Client().post("/complaints/new/", form_data(customs, evidence=list(files)), HTTP_ACCEPT_LANGUAGE="en")


def test_a_pdf_named_hta_is_downloaded_as_a_pdf(customs, kcs_officer, client_for):
    assert send(customs, upload("run.hta", PDF)).status_code == 303
    item = Complaint.objects.get().evidence.get()
    assert item.content_type == "application/pdf" and item.file.name.endswith(".pdf")
    download = client_for(kcs_officer).get(f"/complaints/evidence/{item.pk}/")
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert 'filename="run.pdf"' in download["Content-Disposition"]
    assert download["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    "name, content",
    [
        ("report.docx", package("word/document.xml", ["word/vbaProject.bin"])),
        ("sheet.xlsx", package("xl/workbook.xml", ["xl/vbaProject.bin"])),
        (
            "renamed.docx",
            package(
                "word/document.xml",
                content_types='<Types><Override ContentType="application/vnd.ms-word.document.macroEnabled.main+xml"/></Types>',
            ),
        ),
        ("extra.docx", package("word/document.xml", ["run.exe"])),
        ("activex.xlsx", package("xl/workbook.xml", ["xl/activeX/activeX1.bin"])),
        ("ole.docx", package("word/document.xml", ["word/embeddings/oleObject1.bin"])),
        ("escape.xlsx", package("xl/workbook.xml", ["xl/../../evil.bin"])),
    ],
)
def test_office_files_with_macros_or_foreign_parts_are_refused_clearly(customs, name, content):
    response = send(customs, upload(name, content))
    assert response.status_code == 200 and not Complaint.objects.exists()
    errors = " ".join(response.context["form"].errors["evidence"])
    assert name in errors and "macros or other active content" in errors


@pytest.mark.parametrize("kind, name", [("word", "plain.docx"), ("xl", "plain.xlsx")])
def test_plain_office_files_are_accepted(customs, kind, name):
    assert send(customs, upload(name, office(kind))).status_code == 303
    assert Complaint.objects.get().evidence.get().file.name.endswith(name[-5:])


def test_the_original_name_is_shown_as_text_only(customs, kcs_officer, client_for):
    hostile = '<img src=x onerror="alert(1)">.pdf'
    assert send(customs, upload(hostile, PDF)).status_code == 303
    complaint = Complaint.objects.get()
    item = complaint.evidence.get()
    html = client_for(kcs_officer).get(f"/workspace/complaints/{complaint.reference}/").content.decode()
    assert "<img src=x" not in html and "&lt;img src=x" in html
    download = client_for(kcs_officer).get(f"/complaints/evidence/{item.pk}/")
    disposition = download["Content-Disposition"]
    assert disposition.endswith('.pdf"') and "<" not in disposition and '"alert' not in disposition
