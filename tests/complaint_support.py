"""Helpers for the complaint tests: valid form data and real file contents (a submitted complaint is\nfactories.submit_complaint)."""

import io
import uuid
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

from barriers.web.complaints.validators import brn_check_digit

VALID_BRN = "123-45-67891"  # check digit of 123456789 is 1


def brn(first_nine="220811234"):
    return f"{first_nine[:3]}-{first_nine[3:5]}-{first_nine[5:]}{brn_check_digit(first_nine)}"


PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


def office(kind):
    """A minimal XLSX ('xl') or DOCX ('word') package: what the content check looks for."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr({"word": "word/document.xml", "xl": "xl/workbook.xml"}.get(kind, f"{kind}/x.xml"), "<x/>")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def form_data(category, **overrides):
    data = {
        "submission_id": str(uuid.uuid4()),
        "company_name": "한빛화장품",
        "business_number": VALID_BRN,
        "contact_name": "김민지",
        "email": "minji@hanbit.example",
        "phone": "010-1234-5678",
        "country": "CN",
        "category": str(category.pk),
        "product": "HS 3304 cosmetics",
        "description": "Customs asked for a separate declaration for every parcel.",
        "desired_fix": "A simplified list declaration.",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# submit_complaint moved to tests/factories.py; this name stays only until branches written before
# the move have landed (then delete it).
from .factories import submit_complaint  # noqa: E402, F401
