"""Static files in production: collectstatic with the production storage (WhiteNoise's compressed
manifest) succeeds, which proves every url() in the vendored KRDS CSS and our CSS points at a file
we ship; and nothing in them loads from another origin (the CSP allows only this one)."""

import re
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

STATIC = Path(settings.BASE_DIR) / "barriers" / "static"


def test_collectstatic_with_the_production_storage_finds_every_referenced_file(tmp_path):
    production = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    with override_settings(STATIC_ROOT=tmp_path, STORAGES=production):
        call_command("collectstatic", interactive=False, verbosity=0)
    manifest = (tmp_path / "staticfiles.json").read_text()
    for name in (
        "krds/css/krds.min.css",
        "tracker/site.css",
        "tracker/nav.js",
        "krds/fonts/PretendardGOV-Regular.subset.woff2",
    ):
        assert f'"{name}"' in manifest
    assert list(tmp_path.glob("krds/css/krds.min.*.css.gz")), "compressed copies are written"


def test_krds_is_vendored_with_its_licence_and_loads_nothing_from_elsewhere():
    css = (STATIC / "krds" / "css" / "krds.min.css").read_text(encoding="utf-8")
    assert not re.findall(r"url\(\s*['\"]?(?:https?:)?//", css)
    assert "font/woff" not in css  # data: fonts would be refused by the CSP (font-src self)
    assert "ISC" in (STATIC / "krds" / "LICENSE.txt").read_text(encoding="utf-8")
    assert "1.1.0" in (STATIC / "krds" / "VERSION").read_text(encoding="utf-8")


def test_tom_select_is_vendored_pinned_with_its_licence_and_no_source_maps():
    folder = STATIC / "tomselect"
    assert "tom-select 2.6.2" in (folder / "VERSION").read_text(encoding="utf-8")
    assert "Apache License" in (folder / "LICENSE.txt").read_text(encoding="utf-8")
    for name in ("tom-select.complete.min.js", "tom-select.default.min.css"):
        text = (folder / name).read_text(encoding="utf-8")
        assert "sourceMappingURL" not in text
        assert not re.findall(r"url\(\s*['\"]?(?:https?:)?//", text)
