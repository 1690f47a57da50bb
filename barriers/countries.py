"""Countries as this service names and orders them: one home for every country list and name.

- Korea is not an export market: a barrier or a complaint concerns any country but KR.
- Order: the five target markets first, then every other country by its name in the active
  language. (django-countries sorts on an ASCII-folded name unless pyuca is installed, so Korean
  names came out in English order.)
- Names: django-countries' own, except where the Korean government writes them otherwise (the
  Ministry of Foreign Affairs' country names) or the package's Korean is wrong ("케이맨 섬1",
  "시칠리" for Seychelles). Our catalogue takes precedence over the package's, so each corrected
  name is a msgid in it; KOREAN_NAME_FIXES keeps `makemessages` from dropping them.

Forms use `barriers.web.fields.CountryChoiceField`; filters and model fields use the choices and
the `ExportCountries` class below.
"""

import unicodedata

from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_countries import Countries, countries

from .choices import TARGET_MARKETS

HOME_COUNTRY = "KR"

# English names (django-countries' msgids) whose Korean our catalogue corrects.
KOREAN_NAME_FIXES = (
    gettext_noop("Antigua and Barbuda"),
    gettext_noop("Australia"),
    gettext_noop("Bonaire, Sint Eustatius and Saba"),
    gettext_noop("Bouvet Island"),
    gettext_noop("British Indian Ocean Territory"),
    gettext_noop("Burundi"),
    gettext_noop("Cayman Islands"),
    gettext_noop("Christmas Island"),
    gettext_noop("Cocos (Keeling) Islands"),
    gettext_noop("Congo"),
    gettext_noop("Cook Islands"),
    gettext_noop("Curaçao"),
    gettext_noop("Dominica"),
    gettext_noop("Equatorial Guinea"),
    gettext_noop("Falkland Islands (Malvinas)"),
    gettext_noop("French Southern Territories"),
    gettext_noop("Guadeloupe"),
    gettext_noop("Heard Island and McDonald Islands"),
    gettext_noop("Isle of Man"),
    gettext_noop("Jersey"),
    gettext_noop("Marshall Islands"),
    gettext_noop("Mongolia"),
    gettext_noop("Montserrat"),
    gettext_noop("Norfolk Island"),
    gettext_noop("North Korea"),
    gettext_noop("Northern Mariana Islands"),
    gettext_noop("Pitcairn"),
    gettext_noop("Réunion"),
    gettext_noop("Romania"),
    gettext_noop("Saint Kitts and Nevis"),
    gettext_noop("Saint Martin (French part)"),
    gettext_noop("Saint Pierre and Miquelon"),
    gettext_noop("Saint Vincent and the Grenadines"),
    gettext_noop("Sao Tome and Principe"),
    gettext_noop("Seychelles"),
    gettext_noop("Sint Maarten (Dutch part)"),
    gettext_noop("Solomon Islands"),
    gettext_noop("Thailand"),
    gettext_noop("Tokelau"),
    gettext_noop("Trinidad and Tobago"),
    gettext_noop("Türkiye"),
    gettext_noop("United States Minor Outlying Islands"),
    gettext_noop("Vatican City"),
    gettext_noop("Virgin Islands (British)"),
    gettext_noop("Virgin Islands (U.S.)"),
    gettext_noop("Wallis and Futuna"),
)


def name_key(name):
    """Sort key for a name in Korean or English: accents folded (Åland sorts with A), Hangul
    syllables decomposed into jamo, whose code points follow the dictionary's 가나다 order."""
    decomposed = unicodedata.normalize("NFKD", str(name))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


class ExportCountries(Countries):
    """The countries a barrier or a complaint may concern: every country but Korea, the target
    markets first, then the others by name in the active language."""

    first = list(TARGET_MARKETS)
    # The package's English names for these read oddly ("Naoero", "Bahamas (The)").
    override = {HOME_COUNTRY: None, "NR": _("Nauru"), "BS": _("Bahamas")}

    def __iter__(self):
        cache = self.__dict__.setdefault("_sorted_cache", {})
        language = get_language()
        if language not in cache:
            items = list(super().__iter__())
            first = len(self.countries_first)
            cache[language] = items[:first] + sorted(items[first:], key=lambda c: name_key(c.name))
        return iter(cache[language])


export_countries = ExportCountries()


def country_name(code):
    """A country's name in the active language (the code itself for an unknown code)."""
    code = str(code or "")
    return str(export_countries.name(code) or countries.name(code) or code)


def country_choices(empty_label=None):
    """Choices for a <select>, evaluated in the active language: the target markets, then the
    other countries, as two groups; `empty_label` adds a first, empty choice."""
    items = [(c.code, c.name) for c in export_countries]
    first = len(TARGET_MARKETS)
    choices = [(_("Target markets"), items[:first]), (_("Other countries"), items[first:])]
    return ([("", empty_label)] if empty_label is not None else []) + choices
