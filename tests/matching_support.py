"""The labelled set of complaint texts (tests/matching_cases.json) and how it is scored.

Used by tests/test_matching_quality.py (floors on the hit rates) and bench/matching.py (prints
them). The barriers are the demo set (fixtures/demo_barriers.json) loaded by seed_demo, with
every public version of fixtures/demo_public.json published so that each case's barrier can be
matched by the public too.
"""

import json
from dataclasses import dataclass, field
from pathlib import Path

from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
CASES = Path(__file__).resolve().parent / "matching_cases.json"


def load_cases():
    return json.loads(CASES.read_text(encoding="utf-8"))["cases"]


def load_demo_register():
    """seed_demo (barriers, users, some publications), then every remaining public version
    proposed and approved. Returns the coordinator."""
    from django.contrib.auth import get_user_model
    from django.test import override_settings

    from barriers import notifications
    from barriers.management.commands.seed_demo import demo_barriers_by_reference
    from barriers.models import Publication
    from barriers.services import publication as publication_services

    with override_settings(DEBUG=True):
        call_command("seed_demo", verbosity=0, stdout=open("/dev/null", "w"))
    coordinator = get_user_model().objects.get(username="coordinator")
    rows = json.loads((ROOT / "fixtures" / "demo_public.json").read_text(encoding="utf-8"))
    demo = demo_barriers_by_reference()
    with notifications.muted():
        for row in rows:
            barrier = demo[row["reference"]]
            publication = Publication.objects.filter(barrier=barrier).first()
            if publication is None or publication.pending is None and publication.live is None:
                texts = {k: row[k] for k in ("title_ko", "title_en", "summary_ko", "summary_en")}
                publication_services.propose_public_version(coordinator, barrier, **texts)
                publication = Publication.objects.get(barrier=barrier)
            if publication.state != "published":
                publication_services.approve_publication(coordinator, barrier)
    return coordinator


@dataclass
class Scores:
    cases: int = 0
    top1: int = 0
    top3: int = 0
    negatives: int = 0
    false_suggestions: int = 0
    misses: list = field(default_factory=list)

    @property
    def top1_rate(self):
        return self.top1 / self.cases if self.cases else 0.0

    @property
    def top3_rate(self):
        return self.top3 / self.cases if self.cases else 0.0

    def line(self):
        return (
            f"top-1 {self.top1}/{self.cases} = {self.top1_rate:.0%}, top-3 {self.top3}/{self.cases} = "
            f"{self.top3_rate:.0%}; texts about no known barrier that got a suggestion: "
            f"{self.false_suggestions}/{self.negatives}"
        )


def evaluate(cases, *, user=None, use_country=True, use_category=True, published_only=False):
    """Run every case through similar_barriers as `user` would; count the hits. Cases name the
    demo barriers by the references a fresh database gives them."""
    from barriers.management.commands.seed_demo import demo_barriers_by_reference
    from barriers.matching.search import similar_barriers

    actual = {fresh: barrier.reference for fresh, barrier in demo_barriers_by_reference().items()}
    scores = Scores()
    for case in cases:
        matches = similar_barriers(
            case["text"],
            country=case["country"] if use_country else None,
            category=case["category"] if use_category else None,
            user=user,
            limit=5,
            published_only=published_only,
        )
        found = [m.barrier.reference for m in matches]
        if case["expect"] is None:
            scores.negatives += 1
            scores.false_suggestions += bool(found)
            if found:
                scores.misses.append((case, [(m.barrier.reference, m.score) for m in matches]))
            continue
        expected = actual[case["expect"]]
        scores.cases += 1
        scores.top1 += found[:1] == [expected]
        scores.top3 += expected in found[:3]
        if found[:1] != [expected]:
            scores.misses.append((case, [(m.barrier.reference, m.score) for m in matches]))
    return scores
