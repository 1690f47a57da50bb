"""The barrier status table and what each target status requires."""

from .choices import BarrierStatus as S

ALLOWED = {
    S.REPORTED: {S.CONFIRMED, S.REJECTED},
    S.CONFIRMED: {S.IN_PROGRESS, S.ON_HOLD, S.REJECTED},
    S.IN_PROGRESS: {S.PARTIALLY_RESOLVED, S.RESOLVED, S.ON_HOLD},
    S.PARTIALLY_RESOLVED: {S.IN_PROGRESS, S.RESOLVED},
    S.ON_HOLD: {S.CONFIRMED, S.IN_PROGRESS},
    # Closed barriers reopen only to confirmed, and only a coordinator may do it.
    S.RESOLVED: {S.CONFIRMED},
    S.REJECTED: {S.CONFIRMED},
}

REOPENING = {(S.RESOLVED, S.CONFIRMED), (S.REJECTED, S.CONFIRMED)}

# Target statuses that need a resolution summary (for a rejection: the grounds).
NEEDS_SUMMARY = {S.RESOLVED, S.REJECTED}


def allowed_targets(current):
    return sorted(ALLOWED.get(current, set()), key=list(S.values).index)


def is_allowed(current, target):
    return target in ALLOWED.get(current, set())


def is_reopening(current, target):
    return (current, target) in REOPENING
