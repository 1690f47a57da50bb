"""The matching engine on the labelled set (tests/matching_cases.json): floors under the hit
rates, so that a change to the tokeniser or the ranking that makes matching worse fails here.
bench/matching.py prints the rates themselves."""

import pytest

from .matching_support import evaluate, load_cases, load_demo_register


@pytest.fixture
def cases():
    return load_cases()


def test_the_labelled_set_is_realistic_and_large_enough(cases):
    positives = [c for c in cases if c["expect"]]
    assert len(positives) >= 60
    assert sum(c["lang"] == "en" for c in positives) >= 20
    assert len({c["expect"] for c in positives}) == 23  # every demo barrier
    assert len([c for c in cases if c["expect"] is None]) >= 5


def test_hit_rates_on_the_labelled_set(db, cases):
    """Seeding the demo register takes a while: one test, both callers."""
    coordinator = load_demo_register()

    # Anonymous: published barriers, public wording, with the market and category of the form.
    scores = evaluate(cases, user=None)
    assert scores.top3_rate >= 0.95, scores.misses
    assert scores.top1_rate >= 0.85, scores.misses
    assert scores.false_suggestions <= 2, scores.misses

    # The triage search: a coordinator, no market or category given, all 23 barriers, all texts.
    scores = evaluate(cases, user=coordinator, use_country=False, use_category=False)
    assert scores.top3_rate >= 0.9, scores.misses
    assert scores.top1_rate >= 0.75, scores.misses
