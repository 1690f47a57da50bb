"""Load the reference data and (in DEBUG, or with --force) the demo users and barriers.

Idempotent: a second run changes nothing (same rows, same references, no new history rows).
"""

import json
from datetime import datetime, time, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from barriers import notifications
from barriers.choices import Role, SearchScope
from barriers.matching.index import rebuild
from barriers.models import Barrier, Category, Ministry, PublicVersion, SearchCorpus
from barriers.services import barriers as barrier_services
from barriers.services import indicators as indicator_services
from barriers.services import markets as market_services
from barriers.services import publication as publication_services
from barriers.services.common import backdated
from barriers.services.memberships import set_membership
from barriers.services.reference import upsert_reference

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
DEMO_PASSWORD = "tracker-demo-2026"


def load(name):
    return json.loads((FIXTURES / name).read_text(encoding="utf-8"))


def demo_barriers_by_reference():
    """The demo barriers by the reference a fresh database gives them (fixtures refer to them
    so: "CN-0002" is the second Chinese one), found by market and title, wherever they were
    actually numbered. Missing ones are left out."""
    found = {}
    counts = {}
    for row in load("demo_barriers.json"):
        counts[row["country"]] = counts.get(row["country"], 0) + 1
        barrier = Barrier.objects.filter(country=row["country"], title=row["title"]).first()
        if barrier is not None:
            found[f"{row['country']}-{counts[row['country']]:04d}"] = barrier
    return found


class Command(BaseCommand):
    help = "Load reference data, and the demo users and barriers when DEBUG is on (or with --force)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Load the demo set even with DEBUG off.")
        parser.add_argument("--reference-only", action="store_true", help="Load only ministries and categories.")

    def handle(self, *args, force=False, reference_only=False, **options):
        created = self.load_reference()
        self.stdout.write(f"Reference data: {created} rows created or updated.")
        if reference_only:
            return
        if not (settings.DEBUG or force):
            self.stdout.write(self.style.WARNING("DEBUG is off: demo users and barriers skipped (use --force)."))
            return
        users = self.load_users()
        with notifications.muted():
            made = self.load_barriers(users)
            published = self.load_publications(users)
            profiles = self.load_market_profiles()
            figures = self.load_market_indicators()
        self.stdout.write(f"Demo barriers: {made} created, {Barrier.objects.count()} in all.")
        self.stdout.write(f"Public versions: {published} barriers proposed or published.")
        self.stdout.write(f"Demo market profiles: {profiles} created.")
        self.stdout.write(f"Demo export figures: {figures} created or updated.")
        self.stdout.write(self.style.SUCCESS(f"Demo users (password for all: {DEMO_PASSWORD}):"))
        for username, label in sorted(self.user_labels.items()):
            self.stdout.write(f"  {username:<22} {label}")

    @transaction.atomic
    def load_reference(self):
        changed = 0
        for row in load("reference_ministries.json"):
            _, did = upsert_reference(Ministry, {"code": row.pop("code")}, row)
            changed += did
        ministry_ids = dict(Ministry.objects.values_list("code", "pk"))
        for row in load("reference_categories.json"):
            row.pop("why_default_ministry", None)  # the fixture's note on its choice, not a column
            default = row.pop("default_ministry", None)
            row["default_ministry_id"] = ministry_ids[default] if default else None
            _, did = upsert_reference(Category, {"code": row.pop("code")}, row)
            changed += did
        return changed

    @transaction.atomic
    def load_users(self):
        User = get_user_model()
        self.user_labels = {}
        users = {}

        def ensure(username, role, ministry=None, superuser=False, first_name=""):
            user = User.objects.filter(username=username).first()
            if user is None:
                user = User(
                    username=username,
                    email=f"{username}@tracker.example",
                    first_name=first_name,
                    is_staff=superuser,  # the admin is for superusers only
                    is_superuser=superuser,
                )
                user.set_password(DEMO_PASSWORD)
                user.save()
            set_membership(None, user, role=role, ministry=ministry, reason="Demo user")
            self.user_labels[username] = f"{role}{' of ' + ministry.code if ministry else ''}"
            return user

        for ministry in Ministry.objects.all():
            users[ministry.code] = ensure(
                f"officer.{ministry.code.lower()}", Role.OFFICER, ministry, first_name=f"{ministry.code} officer"
            )
        users["coordinator"] = ensure(
            "coordinator", Role.COORDINATOR, Ministry.objects.get(code="MOEF"), first_name="Coordinator"
        )
        users["oversight"] = ensure("oversight", Role.OVERSIGHT, None, first_name="Oversight reader")
        users["admin"] = ensure("admin", Role.COORDINATOR, None, superuser=True, first_name="Administrator")
        return users

    @transaction.atomic
    def load_market_profiles(self):
        """The demo guides of the five markets (fixtures/demo_market_profiles.json, marked as demo).
        A market that has a profile is left as it is."""
        made = 0
        for row in load("demo_market_profiles.json")["profiles"]:
            made += market_services.load_demo_profile(row["country"], row["areas"]) is not None
        return made

    def load_market_indicators(self):
        """Demo export figures (fixtures/demo_market_indicators.csv, in the KOSIS layout), marked as demo."""
        figures = indicator_services.parse_kosis_csv((FIXTURES / "demo_market_indicators.csv").read_text("utf-8"))
        created, updated, _unchanged = indicator_services.import_market_indicators(
            None, figures, source=indicator_services.DEMO_SOURCE, is_demo=True
        )
        return created + updated

    @transaction.atomic
    def load_publications(self, users):
        """Public versions of the demo barriers (fixtures/demo_public.json): most published by
        the coordinator, some awaiting approval. A barrier that has any public version is left
        as it is, so a second run changes nothing."""
        if not SearchCorpus.objects.filter(scope=SearchScope.ALL, documents=Barrier.objects.count()).exists():
            rebuild()  # barriers loaded before the search index existed
        made = 0
        demo = demo_barriers_by_reference()
        for row in load("demo_public.json"):
            barrier = demo.get(row["reference"])
            if barrier is None or row["state"] not in ("ready", "published"):
                continue
            if PublicVersion.objects.filter(barrier=barrier).exists():
                continue
            texts = {name: row[name] for name in ("title_ko", "title_en", "summary_ko", "summary_en")}
            when = timezone.now() - timedelta(days=45)
            with backdated(when):
                publication_services.propose_public_version(users[barrier.lead_ministry.code], barrier, **texts)
            if row["state"] == "published":
                with backdated(when + timedelta(days=2)):
                    publication_services.approve_publication(users["coordinator"], barrier)
            made += 1
        return made

    @transaction.atomic
    def load_barriers(self, users):
        today = timezone.localdate()
        ministries = {m.code: m for m in Ministry.objects.all()}
        categories = {c.code: c for c in Category.objects.all()}

        def at(days_ago, hour=10):
            return timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(hour)))

        made = 0
        for row in load("demo_barriers.json"):
            if Barrier.objects.filter(country=row["country"], title=row["title"]).exists():
                continue
            lead = ministries[row["lead"]]
            identified = today - timedelta(days=row["identified_days_ago"])
            target = None if row["target_days_ago"] is None else today - timedelta(days=row["target_days_ago"])
            with backdated(at(row["identified_days_ago"], 9)):
                barrier = barrier_services.create_barrier(
                    users[row["lead"]],
                    lead_ministry=lead,
                    supporting_ministries=[ministries[c] for c in row["supporting"]],
                    title=row["title"],
                    description=row["description"],
                    country=row["country"],
                    scope=row["scope"],
                    category=categories[row["category"]],
                    sectors=row["sectors"],
                    priority=row["priority"],
                    trade_impact_krw=row["trade_impact_krw"],
                    source=row["source"],
                    identified_on=identified,
                    target_on=target,
                    next_actor=row["next_actor"],
                    reason="전략 수립 과정에서 발견된 제도 개선 과제 등록",
                )
            steps = [("status", e) for e in row["events"]] + [("progress", p) for p in row["progress"]]
            for kind, step in sorted(steps, key=lambda s: -s[1]["days_ago"]):
                actor = users[step["by"]]
                with backdated(at(step["days_ago"], 11 if kind == "status" else 15)):
                    if kind == "status":
                        barrier = barrier_services.change_status(
                            actor,
                            barrier,
                            status=step["status"],
                            reason=step["reason"],
                            version=barrier.version,
                            resolution_summary=step.get("summary", ""),
                        )
                    else:
                        barrier_services.add_progress_update(
                            actor,
                            barrier,
                            text=step["text"],
                            rag=step["rag"],
                            date=today - timedelta(days=step["days_ago"]),
                        )
            made += 1
        return made
