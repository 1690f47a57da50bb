"""The escalation ladder, for cron: every due reminder and escalation, each sent once.

python manage.py escalate [--only complaints|barriers] [--ministry KCS]

Run it daily (or hourly: a second run the same day sends nothing new). See
barriers/services/escalation.py for the steps and the README for the settings.
"""

from django.core.management.base import BaseCommand

from barriers.services import escalation


def report(stdout, result):
    for step in result.steps:
        row = step.row
        if step.complaint is not None:
            subject = f"{step.complaint.reference} {row.deadline} due {row.due:%Y-%m-%d}"
        else:
            subject = f"{step.barrier.reference} week of {row.week:%Y-%m-%d}"
        stdout.write(f"{step.kind:<9} {subject} -> {len(step.recipients)} recipient(s)")
    stdout.write(f"{len(result.steps)} steps sent in {result.mails} mails.")


class Command(BaseCommand):
    help = (
        "Send every due step of the escalation ladder once: reminders before complaint deadlines, "
        "missed deadlines to the ministry and the coordinators, then to oversight; overdue and stale "
        "barriers to their lead ministry's officers weekly."
    )

    def add_arguments(self, parser):
        parser.add_argument("--only", choices=["complaints", "barriers"], help="Only one half of the ladder.")
        parser.add_argument(
            "--ministry", action="append", default=[], help="Barriers: only this lead ministry (code); repeatable."
        )

    def handle(self, *args, only=None, ministry=(), **options):
        result = escalation.run(
            complaints=only in (None, "complaints"),
            barriers=only in (None, "barriers"),
            ministry_codes=ministry or None,
        )
        report(self.stdout, result)
