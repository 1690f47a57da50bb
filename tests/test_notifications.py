"""Mail to the lead ministry on assignment and status change, sent only after commit."""

import pytest
from django.core import mail
from django.db import transaction

from barriers.services import barriers as services

pytestmark = pytest.mark.django_db


def test_filing_mails_the_lead_ministry_after_commit(kcs_officer, kcs, customs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        barrier = services.create_barrier(
            kcs_officer,
            lead_ministry=kcs,
            title="Parcel rules",
            country="US",
            scope="korea",
            category=customs,
            source="other",
        )
        assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    assert [m.to for m in mail.outbox] == [["kcs@tracker.example"]]
    assert barrier.reference in mail.outbox[0].subject


def test_status_change_mails_the_lead_ministry(barrier, kcs_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(kcs_officer, barrier, status="confirmed", reason="Verified with the desk", version=1)
    assert [m.to for m in mail.outbox] == [["kcs@tracker.example"]]
    assert "Verified with the desk" in mail.outbox[0].body


def test_reassignment_mails_the_new_lead(barrier, coord, fsc, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.assign_ministries(coord, barrier, lead_ministry=fsc, supporting_ministries=[], version=1)
    assert [m.to for m in mail.outbox] == [["fsc@tracker.example"]]


def test_no_mail_for_a_rolled_back_change(barrier, kcs_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            services.change_status(kcs_officer, barrier, status="confirmed", reason="r", version=1)
            raise RuntimeError("something later in the same request failed")
    assert callbacks == [] and mail.outbox == []
    barrier.refresh_from_db()
    assert barrier.status == "reported"


def test_no_mail_for_a_refused_change(barrier, kcs_officer, django_capture_on_commit_callbacks):
    from barriers.errors import InvalidTransition

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(InvalidTransition):
            services.change_status(
                kcs_officer, barrier, status="resolved", reason="r", version=1, resolution_summary="x"
            )
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_with_the_database_backend_mail_waits_in_the_queue_for_a_worker(barrier, kcs_officer, settings):
    """TASKS_BACKEND=database: the request only queues; `manage.py db_worker` sends."""
    from django.core.management import call_command
    from django_tasks_db.models import DBTaskResult

    mail.outbox.clear()  # the fixture's own "assigned" mail, sent at once by the immediate backend
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    services.change_status(kcs_officer, barrier, status="confirmed", reason="Queued, not sent", version=1)
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "barriers.tasks.send_email"

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert [m.to for m in mail.outbox] == [["kcs@tracker.example"]]
    assert "Queued, not sent" in mail.outbox[0].body
