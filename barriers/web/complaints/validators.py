"""Checks on what an SME sends: the business registration number and evidence files by content."""

import zipfile

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

BRN_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)

# What we accept, by the type found in the content: (stored content type, extension).
EVIDENCE_TYPES = {
    "pdf": ("application/pdf", ".pdf"),
    "png": ("image/png", ".png"),
    "jpg": ("image/jpeg", ".jpg"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx"),
    "docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
}


def normalise_brn(value):
    return "".join(ch for ch in (value or "") if ch not in "- ")


def brn_check_digit(first_nine):
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, BRN_WEIGHTS, strict=False)) + (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def validate_brn(value):
    """Ten digits (hyphens allowed), the last one the check digit. Returns the ten digits."""
    digits = normalise_brn(value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise ValidationError(
            _("Enter the ten digits of the business registration number, e.g. 123-45-67891."), code="invalid"
        )
    if brn_check_digit(digits[:9]) != int(digits[9]):
        raise ValidationError(
            _("This business registration number is not valid (its check digit does not match). Please check it."),
            code="check_digit",
        )
    return digits


def _office_kind(head, upload):
    """XLSX and DOCX are ZIP files: look inside for [Content_Types].xml and xl/ or word/."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        upload.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return "xlsx"
    if any(n.startswith("word/") for n in names):
        return "docx"
    return None


def evidence_kind(upload):
    """The accepted kind of an uploaded file judged by its content, or None. Never by its name."""
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    office = _office_kind(head, upload)
    if office:
        return office
    kind = filetype.guess(head)
    if kind is None:
        return None
    name = {"jpeg": "jpg"}.get(kind.extension, kind.extension)
    return name if name in ("pdf", "png", "jpg") else None


def validate_evidence(upload):
    """Size and type of one file; returns (content_type, extension)."""
    limit = settings.TRACKER["EVIDENCE_MAX_BYTES"]
    if upload.size > limit:
        raise ValidationError(
            _("%(name)s is %(size)s; each file may be at most %(limit)s.")
            % {"name": upload.name, "size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    kind = evidence_kind(upload)
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, PNG, JPEG, XLSX or DOCX file (we check the content, not the name).")
            % {"name": upload.name},
            code="file_type",
        )
    return EVIDENCE_TYPES[kind]
