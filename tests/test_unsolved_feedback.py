"""Issue 13: a complainant's "no" to "did this solve it?" on a resolved barrier is counted on the
dashboard (per lead ministry), and the count opens the barrier list with exactly those barriers."""

from barriers.choices import ComplaintStatus
from barriers.models import Barrier
from barriers.services import barriers as services
from barriers.services import complaints as triage

from .factories import LinkedComplaintFactory, oversight


def resolve(actor, barrier):
    for status in ("confirmed", "in_progress", "resolved"):
        barrier = services.change_status(
            actor, barrier, status=status, reason="Step", version=barrier.version, resolution_summary="Fixed"
        )
    return barrier


def test_a_no_on_a_resolved_barrier_is_counted_and_listed(barrier, customs, kcs_officer, client_for):
    resolved = resolve(kcs_officer, barrier)
    said_no = LinkedComplaintFactory(barrier=resolved, category=customs, status=ComplaintStatus.LINKED)
    LinkedComplaintFactory(barrier=resolved, category=customs, status=ComplaintStatus.LINKED)  # no answer yet
    client = client_for(oversight(username="unsolved_reader"))

    def kcs_row():
        rows = client.get("/dashboard/").context["data"].ministries
        return next(r for r in rows if r["ministry"].code == "KCS")

    assert kcs_row()["unsolved"].value == 0
    triage.give_feedback(said_no, answer="no")
    figure = kcs_row()["unsolved"]
    assert figure.value == 1
    listed = client.get(figure.url).context["page"].paginator.count
    assert listed == 1
    assert Barrier.objects.unsolved_by_complainant().count() == 1

    triage.give_feedback(said_no, answer="yes")  # it may change its mind
    assert kcs_row()["unsolved"].value == 0
