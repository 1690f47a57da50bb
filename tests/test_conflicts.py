"""No lost updates: every edit carries the version it read; a stale one is refused."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import translation

from barriers.errors import Conflict
from barriers.models import Barrier
from barriers.services import barriers as services


@pytest.mark.django_db
def test_a_stale_edit_is_refused_with_who_changed_what(barrier, kcs_officer, motie_officer):
    read_by_motie = Barrier.objects.get(pk=barrier.pk)
    services.update_barrier(kcs_officer, barrier, version=1, reason="Sharper title", title="Per-parcel declaration")

    with pytest.raises(Conflict) as exc, translation.override("en"):
        services.update_barrier(motie_officer, read_by_motie, version=read_by_motie.version, title="Mine")
    error = exc.value.first
    assert (error.field, error.code) == ("version", "conflict")
    assert "Kim" in error.message and "(KCS)" in error.message  # who
    assert "title" in error.message  # what
    assert "Nothing was saved" in error.message

    barrier.refresh_from_db()
    assert barrier.title == "Per-parcel declaration" and barrier.version == 2
    assert barrier.history.count() == 2


@pytest.mark.django_db
def test_a_stale_status_change_is_refused(barrier, kcs_officer, coord):
    services.change_status(kcs_officer, barrier, status="confirmed", reason="Seen", version=1)
    with pytest.raises(Conflict):
        services.change_status(coord, barrier, status="rejected", reason="No", version=1, resolution_summary="x")
    barrier.refresh_from_db()
    assert barrier.status == "confirmed" and barrier.history.count() == 2


@pytest.mark.django_db
def test_a_missing_version_is_required(barrier, kcs_officer):
    from barriers.errors import Invalid

    with pytest.raises(Invalid) as exc:
        services.update_barrier(kcs_officer, barrier, version=None, title="x")
    assert (exc.value.first.field, exc.value.first.code) == ("version", "required")


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_officers_saving_at_once_cannot_both_win(barrier, kcs_officer, motie_officer):
    """Real transactions on PostgreSQL: both threads read version 1 and save together."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks are only real on PostgreSQL (run by .ci/run)")
    start = threading.Barrier(2)
    outcomes = {}

    def edit(name, actor, title):
        close_old_connections()
        try:
            mine = Barrier.objects.get(pk=barrier.pk)
            start.wait(timeout=10)
            services.update_barrier(actor, mine, version=mine.version, reason=name, title=title)
            outcomes[name] = "saved"
        except Conflict:
            outcomes[name] = "conflict"
        finally:
            connection.close()

    for _ in range(5):  # several rounds, so a lucky interleaving cannot hide a race
        fresh = Barrier.objects.get(pk=barrier.pk)
        threads = [
            threading.Thread(target=edit, args=("kcs", kcs_officer, f"KCS {fresh.version}")),
            threading.Thread(target=edit, args=("motie", motie_officer, f"MOTIE {fresh.version}")),
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert sorted(outcomes.values()) == ["conflict", "saved"], outcomes
        after = Barrier.objects.get(pk=barrier.pk)
        assert after.version == fresh.version + 1
        winner = next(name for name, result in outcomes.items() if result == "saved")
        assert after.title.startswith(winner.upper())
        assert after.history.count() == fresh.version + 1  # one history row per successful edit
        outcomes.clear()
