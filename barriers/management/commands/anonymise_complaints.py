"""Erase complainants' personal data after the retention period (TRACKER COMPLAINT_RETENTION_DAYS).

Blanks the personal fields in the complaints and in their history rows, deletes their evidence
files, and keeps the facts (country, category, status, outcome, dates, linked barrier)."""

from django.conf import settings
from django.core.management.base import BaseCommand

from barriers.services.complaints import anonymise_old_complaints


class Command(BaseCommand):
    help = "Anonymise complaints older than the retention period, keeping the facts for statistics."

    def handle(self, *args, **options):
        count = anonymise_old_complaints()
        days = settings.TRACKER["COMPLAINT_RETENTION_DAYS"]
        self.stdout.write(f"{count} complaints older than {days} days anonymised")
