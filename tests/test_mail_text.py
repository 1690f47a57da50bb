"""Plain-text mail is not HTML: `R&D <export>` arrives as typed, not as `R&amp;D &lt;export&gt;`.
Mail templates render with the "text" template engine, whose autoescape is off."""

import pytest
from django.core import mail

from barriers.services import barriers as services
from barriers.services import complaints as complaint_services

from .factories import submit_complaint

pytestmark = pytest.mark.django_db

TITLE = 'R&D tax credit for "export" <parcels>'


def bodies():
    return "\n".join(m.subject + "\n" + m.body for m in mail.outbox)


def test_barrier_mails_keep_ampersands_and_brackets(kcs_officer, kcs, customs, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        barrier = services.create_barrier(
            kcs_officer,
            lead_ministry=kcs,
            title=TITLE,
            country="US",
            scope="korea",
            category=customs,
            source="other",
            reason="R&D",
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.change_status(kcs_officer, barrier, status="confirmed", reason="Checked <with> KCS & MOEF", version=1)
    text = bodies()
    assert TITLE in text and "Checked <with> KCS & MOEF" in text
    assert "&amp;" not in text and "&lt;" not in text and "&quot;" not in text and "&#x27;" not in text


def test_complaint_mails_keep_them_too(customs, kcs_officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        complaint, _ = submit_complaint(customs)
    with django_capture_on_commit_callbacks(execute=True):
        complaint_services.reply_to_complaint(kcs_officer, complaint, text='Q&A: see <rule 12> "now"')
    text = bodies()
    assert 'Q&A: see <rule 12> "now"' in text and "&amp;" not in text
