"""Recompute the stored search index of barriers (both scopes) from the barriers as stored.

Run it after changing the tokeniser (barriers/matching/tokens.py) or after loading barriers
around the services (bulk imports, bench/build_data.py). Tokenises every barrier once (a few ms
each, about 2 s to load Kiwi first); the index is replaced in one transaction.
"""

import time

from django.core.management.base import BaseCommand

from barriers.matching.index import rebuild
from barriers.models import Barrier


class Command(BaseCommand):
    help = "Recompute the search index of barriers (matching, 'is this already known?')."

    def handle(self, *args, **options):
        started = time.time()
        total = Barrier.objects.count()
        step = max(1000, total // 20)

        def progress(done):
            if done % step == 0:
                self.stdout.write(f"  {done:,} / {total:,} tokenised")

        count = rebuild(progress=progress)
        self.stdout.write(self.style.SUCCESS(f"Indexed {count:,} barriers in {time.time() - started:.1f}s."))
