"""List overdue and stale barriers per lead ministry, for follow-up.

python manage.py barrier_deadlines [--ministry KCS] [--email]

With --email it sends the barrier half of the escalation ladder (`manage.py escalate --only
barriers`: each barrier once a week, to its lead ministry's officers and contact address).
"""

from collections import defaultdict

from django.core.management.base import BaseCommand
from django.utils import timezone, translation

from barriers.models import Barrier, Ministry
from barriers.services import escalation

from .escalate import report


class Command(BaseCommand):
    help = "List overdue (target date passed) and stale (no progress update lately) barriers per ministry."

    def add_arguments(self, parser):
        parser.add_argument(
            "--ministry", action="append", default=[], help="Only this lead ministry (code); repeatable."
        )
        parser.add_argument(
            "--email", action="store_true", help="Also send the weekly escalation (escalate --only barriers)."
        )
        parser.add_argument("--language", default="ko", choices=["ko", "en"])

    def handle(self, *args, ministry, email, language, **options):
        translation.activate(language)
        today = timezone.localdate()
        base = Barrier.objects.select_related("lead_ministry").order_by("lead_ministry__code", "reference")
        if ministry:
            base = base.filter(lead_ministry__code__in=[m.upper() for m in ministry])
        overdue = list(base.overdue(today))
        stale = list(base.stale(today))
        per_ministry = defaultdict(lambda: {"overdue": [], "stale": []})
        for barrier in overdue:
            per_ministry[barrier.lead_ministry_id]["overdue"].append(barrier)
        for barrier in stale:
            per_ministry[barrier.lead_ministry_id]["stale"].append(barrier)

        ministries = Ministry.objects.in_bulk(list(per_ministry))
        for ministry_id, lists in sorted(per_ministry.items(), key=lambda kv: ministries[kv[0]].code):
            m = ministries[ministry_id]
            self.stdout.write(self.style.MIGRATE_HEADING(f"{m.code} {m.name}"))
            for kind in ("overdue", "stale"):
                for b in lists[kind]:
                    detail = f"target {b.target_on}" if kind == "overdue" else f"identified {b.identified_on}"
                    self.stdout.write(
                        f"  {kind:<8} {b.reference:<9} {b.get_status_display():<12} {detail}  {b.title[:60]}"
                    )
        self.stdout.write(f"{len(overdue)} overdue, {len(stale)} stale, {len(per_ministry)} ministries.")

        if email:
            report(self.stdout, escalation.run(complaints=False, ministry_codes=ministry or None))
