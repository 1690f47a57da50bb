"""Import a market export series from Statistics Korea's online-shopping survey CSV (KOSIS layout;
see barriers/services/indicators.py and the README). All or nothing; importing the same file
again changes nothing."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from barriers.errors import ServiceError
from barriers.services import indicators


def read_text(path):
    """KOSIS downloads come in UTF-8 (with or without a BOM) or in the older CP949."""
    raw = Path(path).read_bytes()
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise CommandError(f"{path}: neither UTF-8 nor CP949 text.")


class Command(BaseCommand):
    help = "Import cross-border e-commerce export figures per market (KOSIS 해외직접판매액 CSV)."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The CSV file.")
        parser.add_argument("--source", default=indicators.DEFAULT_SOURCE, help="Where the figures come from.")
        parser.add_argument("--demo", action="store_true", help="Mark the figures as demo figures.")

    def handle(self, *args, path, source, demo, **options):
        if not Path(path).is_file():
            raise CommandError(f"{path}: no such file.")
        try:
            figures = indicators.parse_kosis_csv(read_text(path))
            created, updated, unchanged = indicators.import_market_indicators(
                None, figures, source=source, is_demo=demo
            )
        except ServiceError as exc:
            raise CommandError("Nothing was imported:\n" + "\n".join(f"  {e.message}" for e in exc.errors))
        self.stdout.write(f"{path}: {created} created, {updated} updated, {unchanged} unchanged.")
