"""Flag and escalate overdue complaints to the coordinators by e-mail. Cron runs it (e.g. hourly)."""

from django.core.management.base import BaseCommand

from barriers.models import Complaint
from barriers.services.complaints import escalate_overdue


class Command(BaseCommand):
    help = "Escalate complaints past their first-reply or final-answer deadline to the coordinators (e-mail)."

    def handle(self, *args, **options):
        escalated = escalate_overdue()
        overdue = Complaint.objects.overdue().count()
        for complaint in escalated:
            self.stdout.write(f"escalated {complaint.reference}")
        self.stdout.write(f"{overdue} overdue, {len(escalated)} escalated now")
