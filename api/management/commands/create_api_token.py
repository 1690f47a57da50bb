"""Issue an API token: `create_api_token USERNAME --scope read|write [--days N] [--name TEXT]`.

The secret is printed once, alone on the last line (scripts take `| tail -n 1`); only its hash is kept.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from barriers.errors import ServiceError

from ...models import TokenScope
from ...tokens import issue_token


class Command(BaseCommand):
    help = "Issue an API token for a user and print it once (alone on the last line)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--scope", choices=TokenScope.values, default=TokenScope.READ)
        parser.add_argument("--days", type=int, default=None, help="Expires after N days (default: never).")
        parser.add_argument("--name", default="", help="A label, e.g. the script that uses it.")

    def handle(self, *args, username, scope, days, name, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        if not user.is_active:
            raise CommandError(f"User {username!r} is inactive.")
        try:
            token, raw = issue_token(user, scope=scope, days=days, name=name)
        except ServiceError as exc:
            raise CommandError(str(exc)) from exc
        expiry = token.expires_at.strftime("%Y-%m-%d %H:%M %Z") if token.expires_at else "never"
        self.stdout.write(f"Token {token.prefix}… for {username}, scope {scope}, expires {expiry}.")
        self.stdout.write("Store it now: it is not shown again. Send it as `Authorization: Bearer <token>`.")
        self.stdout.write(raw)
