"""Mail each follower the changes since their last digest: `manage.py send_digests --period daily|weekly`.

Cron runs it (daily, and weekly for the weekly digest); django-tasks has no scheduler. One mail per
person, none when nothing changed; running it twice sends nothing new.
"""

from django.core.management.base import BaseCommand

from barriers.models.follow import DigestPeriod
from barriers.services.follows import send_digests


class Command(BaseCommand):
    help = "Send the daily or weekly digests of what changed in followed barriers and saved views."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, choices=[DigestPeriod.DAILY, DigestPeriod.WEEKLY])

    def handle(self, *args, period, **options):
        sent = send_digests(period)
        self.stdout.write(f"{sent} digest(s) sent")
