"""Status transitions and ownership, through the services every entry point calls."""

import itertools

import pytest
from django.utils import translation

from barriers import transitions
from barriers.choices import BarrierStatus as S
from barriers.errors import Conflict, Forbidden, Invalid, InvalidTransition
from barriers.models import Barrier, ProgressUpdate
from barriers.services import barriers as services

from .factories import BarrierFactory

pytestmark = pytest.mark.django_db

ALL = list(S.values)


def put_in(barrier, status):
    """Place a barrier in `status` directly (test set-up, not a workflow step)."""
    fields = {"status": status, "resolved_on": barrier.identified_on if status == S.RESOLVED else None}
    Barrier.objects.filter(pk=barrier.pk).update(**fields)
    barrier.refresh_from_db()
    return barrier


def attempt(actor, barrier, target):
    return services.change_status(
        actor,
        barrier,
        status=target,
        reason="Because",
        version=barrier.version,
        resolution_summary="Summary or grounds",
    )


@pytest.mark.parametrize("source, target", list(itertools.product(ALL, ALL)))
def test_every_transition_is_allowed_or_refused_by_the_table(barrier, coord, source, target):
    barrier = put_in(barrier, source)
    history_before = barrier.history.count()
    if transitions.is_allowed(source, target):
        changed = attempt(coord, barrier, target)
        assert changed.status == target
        assert changed.version == barrier.version + 1
        assert changed.history.count() == history_before + 1
        latest = changed.history.first()
        assert (latest.history_user, latest.history_change_reason) == (coord, "Because")
    else:
        with pytest.raises(InvalidTransition) as exc:
            attempt(coord, barrier, target)
        assert exc.value.first.code == "invalid_transition"
        for allowed in transitions.allowed_targets(source):
            assert str(S(allowed).label) in exc.value.first.message
        barrier.refresh_from_db()
        assert (barrier.status, barrier.version, barrier.history.count()) == (source, 1, history_before)


def test_the_table_is_the_one_the_programme_agreed():
    assert transitions.ALLOWED == {
        S.REPORTED: {S.CONFIRMED, S.REJECTED},
        S.CONFIRMED: {S.IN_PROGRESS, S.ON_HOLD, S.REJECTED},
        S.IN_PROGRESS: {S.PARTIALLY_RESOLVED, S.RESOLVED, S.ON_HOLD},
        S.PARTIALLY_RESOLVED: {S.IN_PROGRESS, S.RESOLVED},
        S.ON_HOLD: {S.CONFIRMED, S.IN_PROGRESS},
        S.RESOLVED: {S.CONFIRMED},
        S.REJECTED: {S.CONFIRMED},
    }


@pytest.mark.parametrize("closed", [S.RESOLVED, S.REJECTED])
def test_only_a_coordinator_reopens(barrier, kcs_officer, coord, closed):
    barrier = put_in(barrier, closed)
    with pytest.raises(Forbidden):
        attempt(kcs_officer, barrier, S.CONFIRMED)
    barrier.refresh_from_db()
    assert barrier.status == closed and barrier.history.count() == 1
    reopened = attempt(coord, barrier, S.CONFIRMED)
    assert reopened.status == S.CONFIRMED and reopened.resolved_on is None


def test_resolving_needs_a_summary_and_sets_the_resolved_date(barrier, kcs_officer):
    barrier = put_in(barrier, S.IN_PROGRESS)
    with pytest.raises(Invalid) as exc:
        services.change_status(kcs_officer, barrier, status=S.RESOLVED, reason="Done", version=1)
    assert [(e.field, e.code) for e in exc.value.errors] == [("resolution_summary", "required")]
    resolved = services.resolve_barrier(kcs_officer, barrier, summary="Notice amended", reason="Done", version=1)
    assert resolved.status == S.RESOLVED and resolved.resolved_on is not None
    assert resolved.resolution_summary == "Notice amended" and resolved.next_actor == "none"


def test_rejecting_needs_grounds(barrier, kcs_officer):
    with pytest.raises(Invalid) as exc, translation.override("en"):
        services.change_status(kcs_officer, barrier, status=S.REJECTED, reason="No", version=1)
    assert exc.value.first.field == "resolution_summary"
    assert "grounds" in exc.value.first.message
    rejected = services.reject_barrier(
        kcs_officer, barrier, grounds="Market practice, not a rule", reason="No", version=1
    )
    assert rejected.status == S.REJECTED and rejected.resolved_on is None


@pytest.mark.parametrize("reason", ["", "   "])
def test_a_status_change_always_needs_a_reason(barrier, kcs_officer, reason):
    with pytest.raises(Invalid) as exc:
        services.change_status(kcs_officer, barrier, status=S.CONFIRMED, reason=reason, version=1)
    assert (exc.value.first.field, exc.value.first.code) == ("reason", "required")
    barrier.refresh_from_db()
    assert barrier.status == S.REPORTED and barrier.history.count() == 1


def test_checks_run_in_the_contract_order(barrier, kcs_officer, fsc_officer):
    """permission, then version, then transition, then required fields."""
    stale, bad_target = 99, S.RESOLVED
    with pytest.raises(Forbidden):
        services.change_status(fsc_officer, barrier, status=bad_target, reason="", version=stale)
    with pytest.raises(Conflict):
        services.change_status(kcs_officer, barrier, status=bad_target, reason="", version=stale)
    with pytest.raises(InvalidTransition):
        services.change_status(kcs_officer, barrier, status=bad_target, reason="", version=1)
    with pytest.raises(Invalid) as exc:
        services.change_status(kcs_officer, barrier, status=S.CONFIRMED, reason="", version=1)
    assert exc.value.first.code == "required"


# --- ownership: the actor matrix ------------------------------------------------------------

ACTORS = ["anonymous", "reader", "fsc_officer", "kcs_officer", "motie_officer", "coord"]


@pytest.fixture
def actor(request, db):
    if request.param == "anonymous":
        from django.contrib.auth.models import AnonymousUser

        return AnonymousUser()
    return request.getfixturevalue(request.param)


def snapshot(barrier):
    barrier.refresh_from_db()
    return (
        barrier.status,
        barrier.title,
        barrier.version,
        barrier.lead_ministry_id,
        sorted(barrier.supporting_ministries.values_list("pk", flat=True)),
        barrier.history.count(),
        ProgressUpdate.objects.filter(barrier=barrier).count(),
        ProgressUpdate.history.count(),
    )


USE_CASES = {
    "edit": lambda a, b, m: services.update_barrier(a, b, version=b.version, reason="r", title="Changed"),
    "status": lambda a, b, m: services.change_status(a, b, status=S.CONFIRMED, reason="r", version=b.version),
    "progress": lambda a, b, m: services.add_progress_update(a, b, text="Moving", rag="on_track"),
    "assign": lambda a, b, m: services.assign_ministries(
        a, b, lead_ministry=m, supporting_ministries=[], version=b.version
    ),
}

# Who may do what to a barrier led by KCS and supported by MOTIE.
EXPECTED = {
    "anonymous": set(),
    "reader": set(),
    "fsc_officer": set(),
    "kcs_officer": {"edit", "status", "progress"},
    "motie_officer": {"edit", "status", "progress"},
    "coord": {"edit", "status", "progress", "assign"},
}


@pytest.mark.parametrize("actor", ACTORS, indirect=True)
@pytest.mark.parametrize("use_case", list(USE_CASES))
def test_ownership_matrix(request, barrier, actor, use_case, fsc):
    name = request.node.callspec.params["actor"]
    before = snapshot(barrier)
    if use_case in EXPECTED[name]:
        USE_CASES[use_case](actor, barrier, fsc)
        assert snapshot(barrier) != before
    else:
        with pytest.raises(Forbidden) as exc:
            USE_CASES[use_case](actor, barrier, fsc)
        assert exc.value.first.code == "forbidden"
        assert snapshot(barrier) == before, "a refused change must leave no trace"


def test_an_officer_files_only_barriers_their_ministry_owns(kcs_officer, kcs, fsc, customs):
    with pytest.raises(Forbidden):
        services.create_barrier(
            kcs_officer, lead_ministry=fsc, title="t", country="CN", scope="korea", category=customs, source="other"
        )
    assert not Barrier.objects.exists() and not Barrier.history.exists()
    supported = services.create_barrier(
        kcs_officer,
        lead_ministry=fsc,
        supporting_ministries=[kcs],
        title="t",
        country="CN",
        scope="korea",
        category=customs,
        source="other",
    )
    assert supported.reference == "CN-0001"


def test_oversight_cannot_file(reader, kcs, customs):
    with pytest.raises(Forbidden):
        services.create_barrier(
            reader, lead_ministry=kcs, title="t", country="CN", scope="korea", category=customs, source="other"
        )


def test_officer_cannot_sneak_a_lead_change_through_an_edit(barrier, kcs_officer, fsc):
    with pytest.raises(Invalid) as exc:
        services.update_barrier(kcs_officer, barrier, version=1, lead_ministry=fsc)
    assert exc.value.first.field == "lead_ministry"
    assert snapshot(barrier)[3] == barrier.lead_ministry_id


def test_read_side_factory_rows_are_visible_to_members_only(reader, kcs_officer):
    from django.contrib.auth.models import AnonymousUser

    BarrierFactory.create_batch(2)
    assert Barrier.objects.visible_to(reader).count() == 2
    assert Barrier.objects.visible_to(kcs_officer).count() == 2
    assert Barrier.objects.visible_to(AnonymousUser()).count() == 0


def test_a_new_barrier_starts_as_reported_and_cannot_skip_the_table(kcs_officer, kcs, customs):
    with pytest.raises(Invalid) as exc:
        services.create_barrier(
            kcs_officer,
            lead_ministry=kcs,
            title="t",
            country="CN",
            scope="korea",
            category=customs,
            source="other",
            status="resolved",
        )
    assert exc.value.first.field == "status"
    assert not Barrier.objects.exists()
