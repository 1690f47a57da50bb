"""Pickers a person can use: target markets first, then names in the page's language; searchable
(data-picker, enhanced by tom-select) over a plain <select>; no 249-row list boxes."""

import re

import pytest

from barriers.countries import name_key

from .factories import MinistryFactory

pytestmark = pytest.mark.django_db

SELECT = r'<select name="{name}"(?P<attrs>[^>]*)>(?P<body>.*?)</select>'


def select(html, name):
    match = re.search(SELECT.format(name=re.escape(name)), html, re.S)
    assert match, name
    options = re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', match["body"])
    return match["attrs"], [(v, label) for v, label in options if v]


@pytest.mark.parametrize("language", ["ko", "en"])
def test_country_picker_lists_the_target_markets_first_then_by_name(language, kcs_officer, client_for):
    html = client_for(kcs_officer).get("/barriers/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    attrs, options = select(html, "country")
    assert 'data-picker="search"' in attrs
    codes = [code for code, _label in options]
    assert codes[:5] == ["US", "CN", "JP", "VN", "ID"]
    assert "KR" not in codes and len(codes) > 200
    rest = [label for _code, label in options[5:]]
    assert rest == sorted(rest, key=name_key)
    assert 'label="' in html  # target markets and the others as two groups


@pytest.mark.parametrize("language", ["ko", "en"])
def test_ministry_and_category_pickers_sort_by_name_in_the_language(
    language, kcs_officer, kcs, motie, fsc, customs, client_for
):
    MinistryFactory(code="MFDS", name_ko="식품의약품안전처", name_en="Ministry of Food and Drug Safety")
    html = client_for(kcs_officer).get("/barriers/new/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
    attrs, ministries = select(html, "lead_ministry")
    labels = [label for _v, label in ministries]
    assert 'data-picker="search"' in attrs
    assert labels == sorted(labels, key=name_key) and len(labels) == 4
    attrs, _supporting = select(html, "supporting_ministries")
    assert "multiple" in attrs and 'size="6"' in attrs and 'data-picker="search"' in attrs
    attrs, _categories = select(html, "category")
    assert 'data-picker="search"' in attrs


@pytest.mark.parametrize("url", ["/barriers/", "/dashboard/"])
def test_list_and_dashboard_filters_are_searchable_short_pickers(url, barrier, reader, client_for):
    html = client_for(reader).get(url).content.decode()
    for match in re.finditer(r"<select(?P<attrs>[^>]*multiple[^>]*)>", html):
        assert 'data-picker="search"' in match["attrs"] and 'size="6"' in match["attrs"], match["attrs"]
    attrs, options = select(html, "country")
    assert [code for code, _label in options][:5] == ["US", "CN", "JP", "VN", "ID"]


def test_every_page_loads_the_vendored_picker_and_nothing_from_elsewhere(reader, client_for):
    html = client_for(reader).get("/barriers/").content.decode()
    assert "/static/tomselect/tom-select.complete.min" in html and "/static/tracker/pickers" in html
    assert not re.findall(r'<script[^>]+src="(?:https?:)?//', html)
