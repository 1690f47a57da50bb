"""The Korean catalogue is complete and compiled: every msgid has a Korean text, none is a fuzzy
guess (fuzzy entries are not compiled, so the page would show English), and the committed .mo holds
exactly what the .po says (a forgotten `make messages` shows old Korean)."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.LOCALE_PATHS[0]) / "ko" / "LC_MESSAGES" / "django.po"


def test_every_entry_is_translated_and_none_is_fuzzy():
    po = polib.pofile(str(PO))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


def test_the_compiled_catalogue_matches_the_source():
    def entries(catalogue):
        return {(e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in catalogue if e.msgid}

    assert entries(polib.mofile(str(PO.with_suffix(".mo")))) == entries(polib.pofile(str(PO)))
