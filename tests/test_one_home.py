"""Each rule has one home; these fail when code in barriers/, api/ or tracker/ spells a rule out
again instead of calling its home (a restated rule is how two definitions drift apart).

When one fails: call the home named in the message, or, if the rule itself must change, change
it there.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCANNED = ("barriers", "api", "tracker")

# (the rule, a pattern that restates it, the files that may contain it)
RULES = [
    (
        "barrier open/closed/overdue: choices.BARRIER_CLOSED_STATUSES, BarrierQuerySet.open_q/overdue_q",
        r"target_on__lt\b|status__in=\(?BarrierStatus|RESOLVED, BarrierStatus\.REJECTED",
        {"barriers/choices.py", "barriers/models/barrier.py"},
    ),
    (
        "barrier stale: BarrierQuerySet.stale_q and stale_cutoff (models/barrier.py)",
        r"STALE_AFTER_DAYS",
        {"barriers/models/barrier.py", "tracker/settings.py"},
    ),
    (
        "open barrier statuses: choices.BARRIER_OPEN_STATUSES",
        r"\bOPEN_STATUSES\s*=|\bCLOSED_STATUSES\s*=",
        {"barriers/choices.py", "barriers/complaint_workflow.py"},
    ),
    (
        "complaint open/overdue: ComplaintQuerySet.open_q/overdue_q (models/complaint.py)",
        r"(first_reply_due|final_answer_due)__(lt|lte|gt|gte)\b|closed_at__isnull",
        {"barriers/models/complaint.py"},
    ),
    (
        "when complaint deadlines fall: barriers/deadlines.py",
        r"COMPLAINT_(FIRST_REPLY|REFUSAL_GROUNDS|FINAL_ANSWER)_DAYS",
        {"barriers/deadlines.py", "tracker/settings.py"},
    ),
    (
        "median days to resolution: selectors/stats.py resolution_days/median_days",
        r"\bmedian\(",
        {"barriers/selectors/stats.py"},
    ),
    (
        "quarters and their keys: barriers/periods.py",
        r"-Q\{|month - 1\) // 3",
        {"barriers/periods.py"},
    ),
    (
        "system change reasons: barriers/change_reasons.py (SYSTEM_REASONS, system_reason)",
        r"""\bstamp\([^()]*,\s*f?["']""",
        set(),
    ),
]


def sources():
    for top in SCANNED:
        for path in sorted((ROOT / top).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("rule", "pattern", "homes"), RULES, ids=[r[0].split(":")[0] for r in RULES])
def test_the_rule_is_stated_only_in_its_home(rule, pattern, homes):
    regex = re.compile(pattern)
    found = [
        f"{name}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for name, text in sources()
        if name not in homes
        for match in regex.finditer(text)
    ]
    assert not found, f"{rule} is restated here:\n  " + "\n  ".join(found)
