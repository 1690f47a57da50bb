"""Kept for existing cron lines: `escalate --only complaints` (the complaint half of the ladder)."""

from django.core.management.base import BaseCommand

from barriers.services import escalation

from .escalate import report


class Command(BaseCommand):
    help = "The complaint half of `manage.py escalate` (kept as an alias for existing cron lines)."

    def handle(self, *args, **options):
        report(self.stdout, escalation.run(barriers=False))
