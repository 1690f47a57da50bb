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


# The parts a plain DOCX or XLSX holds (ECMA-376): anything else, such as a file tucked in beside
# them, is refused. Macros (vbaProject.bin, vbaData.xml) and ActiveX controls are refused anywhere,
# and so are the macro-enabled content types (a .docm or .xlsm renamed).
OFFICE_PARTS = {
    "docx": ("word/", "docProps/", "docMetadata/", "_rels/", "customXml/", "[Content_Types].xml"),
    "xlsx": ("xl/", "docProps/", "docMetadata/", "_rels/", "customXml/", "[Content_Types].xml"),
}
OFFICE_MAIN_PART = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
# (oleObject*.bin: embedded OLE objects, the carrier of the Equation Editor exploits.)
ACTIVE_CONTENT = ("vbaproject.bin", "vbadata.xml", "activex/", "oleobject")
MACRO_CONTENT_TYPES = (b"macroenabled", b"vbaproject")
OFFICE_MAX_ENTRIES = 2000
OFFICE_MAX_UNPACKED = 200 * 1024 * 1024  # a "zip bomb" that unpacks to more is refused


class ActiveContent(Exception):
    """An office file that is the right kind but carries macros or parts it should not."""


def _office_kind(head, upload):
    """XLSX and DOCX are ZIP packages: the kind by its main part, None if it is neither, and
    ActiveContent if it is one of them but carries macros or parts outside its structure."""
    if not head.startswith(b"PK\x03\x04"):
        return None
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            entries = archive.infolist()
            names = [e.filename for e in entries]
            kind = next((k for k, part in OFFICE_MAIN_PART.items() if part in names), None)
            if kind is None or "[Content_Types].xml" not in names:
                return None
            content_types = archive.read("[Content_Types].xml").lower()
    except (zipfile.BadZipFile, OSError, ValueError, KeyError, RuntimeError, NotImplementedError):
        return None
    finally:
        upload.seek(0)
    lowered = [n.lower() for n in names]
    if (
        len(entries) > OFFICE_MAX_ENTRIES
        or sum(e.file_size for e in entries) > OFFICE_MAX_UNPACKED
        or any(part in n for n in lowered for part in ACTIVE_CONTENT)
        or any(marker in content_types for marker in MACRO_CONTENT_TYPES)
        or any(n.startswith("/") or "\\" in n or ".." in n.split("/") for n in names)
        or not all(n.startswith(OFFICE_PARTS[kind]) for n in names)
    ):
        raise ActiveContent(kind)
    return kind


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
    try:
        kind = evidence_kind(upload)
    except ActiveContent:
        raise ValidationError(
            _(
                "%(name)s carries macros or other active content, or parts a plain DOCX or XLSX file does "
                "not have. Save it again as a plain .docx or .xlsx file (without macros), or as a PDF, and "
                "attach that."
            )
            % {"name": upload.name},
            code="active_content",
        )
    if kind is None:
        raise ValidationError(
            _("%(name)s is not a PDF, PNG, JPEG, XLSX or DOCX file (we check the content, not the name).")
            % {"name": upload.name},
            code="file_type",
        )
    return EVIDENCE_TYPES[kind]
