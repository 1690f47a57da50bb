"""Market strategies: edit a profile's strategy area, and load the demo profiles.

An edit names the version the editor read: if the area changed meanwhile, nothing is saved
(Conflict). Saving an area marks it reviewed by the editor, now. Each save is one history row of
MarketArea with who and why.
"""

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from .. import permissions
from ..change_reasons import SYSTEM_REASONS
from ..choices import MARKET_AREAS
from ..errors import Conflict, Invalid, NotFound
from ..models import MarketArea, MarketProfile, Ministry
from ..models.market import market_area_history
from .common import now_or_backdated, require, stamp, validate

TEXT_MAX = 5000
SOURCES_MAX = 2000
AREA_CODES = [a.value for a in MARKET_AREAS]


def get_market_area(country, area):
    try:
        return (
            MarketArea.objects.select_related("profile", "reviewed_by")
            .prefetch_related("ministries")
            .get(profile__country=str(country).upper(), area=area)
        )
    except MarketArea.DoesNotExist:
        raise NotFound(
            _("There is no %(area)s area for the market %(country)s.") % {"area": area, "country": country},
            field="area",
        )


def _check_texts(text_ko, text_en, sources):
    texts = {"text_ko": (text_ko or "").strip(), "text_en": (text_en or "").strip(), "sources": (sources or "")}
    texts["sources"] = "\n".join(line.strip() for line in texts["sources"].splitlines() if line.strip())
    labels = {
        "text_ko": _("The text in Korean"),
        "text_en": _("The text in English"),
        "sources": _("The sources"),
    }
    limits = {"text_ko": TEXT_MAX, "text_en": TEXT_MAX, "sources": SOURCES_MAX}
    errors = []
    for name, value in texts.items():
        if not value:
            errors.append(Invalid(_("%(what)s is required.") % {"what": labels[name]}, field=name, code="required"))
        elif len(value) > limits[name]:
            errors.append(
                Invalid(
                    _("%(what)s has %(n)d characters; at most %(max)d are allowed.")
                    % {"what": labels[name], "n": len(value), "max": limits[name]},
                    field=name,
                )
            )
    if errors:
        raise Invalid(errors=[e.first for e in errors])
    return texts


def _claim_version(area, version):
    """The version the editor read, claimed in one conditional UPDATE (the same check as a
    barrier's): if someone saved in between, nothing is saved (Conflict)."""
    if version is None:
        raise Invalid(_("The version you read is required."), field="version", code="required")
    claimed = MarketArea.objects.filter(pk=area.pk, version=version).update(version=F("version") + 1)
    if not claimed:
        raise Conflict(
            _(
                "This area changed since you read version %(v)s. Nothing was saved; reload it and apply your change again."
            )
            % {"v": version},
            field="version",
        )


@transaction.atomic
def update_market_area(actor, area, *, text_ko, text_en, sources, version, is_demo=None, reason=""):
    """Rewrite a strategy area's texts and sources; the editor becomes its last reviewer."""
    area = MarketArea.objects.prefetch_related("ministries").select_related("profile").get(pk=area.pk)
    require(
        permissions.can_edit_market_area(actor, area),
        _("Only a coordinator or an officer of a ministry responsible for this area may edit it."),
    )
    texts = _check_texts(text_ko, text_en, sources)
    _claim_version(area, version)
    area = MarketArea.objects.select_related("profile").get(pk=area.pk)
    for name, value in texts.items():
        setattr(area, name, value)
    if is_demo is not None:
        area.is_demo = bool(is_demo)
    area.reviewed_by = actor if actor is not None and actor.is_authenticated else None
    area.reviewed_at = now_or_backdated()
    validate(area)
    stamp(area, actor, (reason or "").strip() or SYSTEM_REASONS.MARKET_AREA_EDITED)
    area.save()
    return area


@transaction.atomic
def add_market_profile(actor, country, *, reason=""):
    """A guide for another market: its profile and the four strategy areas, empty until someone
    responsible writes them (coordinators name who, with set_area_ministries)."""
    require(permissions.can_manage_market_profiles(actor), _("Only a coordinator may add a market guide."))
    country = (country or "").strip().upper()
    if not country:
        raise Invalid(_("Choose the market."), field="country", code="required")
    if MarketProfile.objects.filter(country=country).exists():
        raise Invalid(_("%(country)s already has a market guide.") % {"country": country}, field="country")
    profile = MarketProfile(country=country)
    validate(profile)
    why = (reason or "").strip() or SYSTEM_REASONS.MARKET_PROFILE_ADDED
    stamp(profile, actor, why)
    profile.save()
    for code in AREA_CODES:
        area = MarketArea(profile=profile, area=code)
        validate(area)
        stamp(area, actor, why)
        area.save()
    return profile


@transaction.atomic
def set_area_ministries(actor, area, ministries, *, version, reason=""):
    """Name the ministries whose officers may edit a strategy area (one history row, the
    ministries included)."""
    require(
        permissions.can_manage_market_profiles(actor),
        _("Only a coordinator may name the ministries responsible for an area."),
    )
    _claim_version(area, version)
    area = MarketArea.objects.select_related("profile").get(pk=area.pk)
    area.skip_history_when_saving = True
    try:
        area.save()
        area.ministries.set(list(ministries))
    finally:
        del area.skip_history_when_saving
    stamp(area, actor, (reason or "").strip() or SYSTEM_REASONS.MARKET_AREA_MINISTRIES_SET)
    market_area_history.create_historical_record(area, "~")
    return area


@transaction.atomic
def load_demo_profile(country, areas):
    """The demo profile of one market, created once: `areas` maps an area code to
    {text_ko, text_en, sources (list), ministries (codes)}. A market that already has a profile
    is left as it is (people may have edited it), so loading twice changes nothing."""
    country = country.upper()
    if MarketProfile.objects.filter(country=country).exists():
        return None
    profile = MarketProfile(country=country, is_demo=True)
    validate(profile)
    stamp(profile, None, SYSTEM_REASONS.MARKET_PROFILE_LOADED)
    profile.save()
    ministries = {m.code: m for m in Ministry.objects.all()}
    for code in AREA_CODES:
        row = areas[code]
        area = MarketArea(
            profile=profile,
            area=code,
            text_ko=row["text_ko"],
            text_en=row["text_en"],
            sources="\n".join(row["sources"]),
            is_demo=True,
        )
        validate(area)
        area.skip_history_when_saving = True
        try:
            area.save()
            area.ministries.set([ministries[c] for c in row["ministries"] if c in ministries])
        finally:
            del area.skip_history_when_saving
        stamp(area, None, SYSTEM_REASONS.MARKET_PROFILE_LOADED)
        market_area_history.create_historical_record(area, "+")  # one row, the ministries included
    return profile
