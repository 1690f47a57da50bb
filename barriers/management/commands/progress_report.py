"""progress_report --country CN --from 2026-01-01 --to 2026-06-30 --format csv|xlsx|md [--output PATH]

Per market: barriers by status at the start and the end of the period, the status changes in it
(with who and why, from the history), what was resolved, what is overdue at the end. Writes to
standard output without --output (xlsx needs --output). Shows a progress bar on stderr when it is
a terminal and there are many barriers.
"""

import sys
from datetime import date

import tablib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from tqdm import tqdm

from barriers.choices import TARGET_MARKETS
from barriers.formatting import day, moment
from barriers.input_rules import period_bounds
from barriers.selectors.report import market_barrier_ids, market_report, report_title
from barriers.web.oversight.exports import safe_row
from barriers.web.oversight.xlsx import DATE, LONG_TEXT, NUMBER, Column, Sheet, workbook

PROGRESS_BAR_FROM = 200  # barriers; below this the report is instant


def _date(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"Not a date (YYYY-MM-DD): {value!r}")


def _md_cell(value):
    return str(value).replace("|", "\\|").replace("\n", " ").strip()


def _md_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(_md_cell(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)


class Command(BaseCommand):
    help = "Writes a per-market progress report for a period (csv, xlsx or md)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--country",
            action="append",
            dest="countries",
            metavar="CC",
            help="ISO 3166 alpha-2 market; repeat or comma-separate for several (default: the five target markets).",
        )
        parser.add_argument("--from", dest="start", required=True, type=_date, metavar="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, type=_date, metavar="YYYY-MM-DD")
        parser.add_argument("--format", dest="fmt", choices=["csv", "xlsx", "md"], default="md")
        parser.add_argument("--output", help="File to write; standard output when absent (not for xlsx).")
        parser.add_argument(
            "--language",
            choices=[code for code, _name in settings.LANGUAGES],
            default=settings.LANGUAGE_CODE,
            help="Language of headings and labels.",
        )

    def handle(self, *args, start, end, fmt, output, language, countries=None, **options):
        first_year, last_year = period_bounds()
        earliest, latest = date(first_year, 1, 1), date(last_year, 12, 31)
        for value in (start, end):
            if not earliest <= value <= latest:
                raise CommandError(f"Dates must be between {earliest} and {latest}: {value} is not.")
        if end < start:
            raise CommandError("--to is before --from.")
        if fmt == "xlsx" and not output:
            raise CommandError("xlsx is binary: give --output PATH.")
        codes = []
        for value in countries or [",".join(TARGET_MARKETS)]:
            codes += [c.strip().upper() for c in value.split(",") if c.strip()]
        with translation.override(language):
            reports = self._build(codes, start, end)
            if fmt == "md":
                content = self._markdown(reports)
            elif fmt == "xlsx":
                content = self._book(reports, start, end)
            else:
                content = self._long_table(reports).export("csv")
        if output:
            mode = "wb" if isinstance(content, bytes) else "w"
            with open(output, mode, **({} if mode == "wb" else {"encoding": "utf-8", "newline": ""})) as fh:
                fh.write(content)
            self.stderr.write(f"Wrote {output}")
        else:
            self.stdout.write(content, ending="" if content.endswith("\n") else "\n")

    def _build(self, codes, start, end):
        ids = {code: market_barrier_ids(code, end) for code in codes}
        total = sum(len(v) for v in ids.values())
        show = sys.stderr.isatty() and total >= PROGRESS_BAR_FROM
        with tqdm(total=total, disable=not show, file=sys.stderr, unit="barrier", desc="progress_report") as bar:
            return [market_report(code, start, end, ids=ids[code], on_chunk=bar.update) for code in codes]

    # -- formats ---------------------------------------------------------------------------
    def _columns(self):
        """Each section's columns (heading and cell kind), after the market."""
        return {
            "status": [
                Column(_("Status")),
                Column(_("At start"), NUMBER),
                Column(_("At end"), NUMBER),
                Column(_("Change"), NUMBER),
            ],
            "changes": [
                Column(_("Date"), DATE),
                Column(_("Reference")),
                Column(_("Title"), LONG_TEXT),
                Column(_("From")),
                Column(_("To")),
                Column(_("Who")),
                Column(_("Reason"), LONG_TEXT),
            ],
            "resolved": [
                Column(_("Date"), DATE),
                Column(_("Reference")),
                Column(_("Title"), LONG_TEXT),
                Column(_("Who")),
                Column(_("Reason"), LONG_TEXT),
            ],
            "overdue": [
                Column(_("Reference")),
                Column(_("Title"), LONG_TEXT),
                Column(_("Status at end")),
                Column(_("Lead ministry")),
                Column(_("Target date"), DATE),
                Column(_("Days overdue"), NUMBER),
            ],
        }

    def _headings(self):
        return {key: [c.heading for c in cols] for key, cols in self._columns().items()}

    def _sections(self, report):
        """Each section's rows, typed (dates as dates, counts as numbers)."""
        return {
            "status": [(str(s.label), a, b, b - a) for s, a, b in report.status_rows],
            "changes": [(c.when.date(), c.reference, c.title, c.old, c.new, c.who, c.reason) for c in report.changes],
            "resolved": [(c.when.date(), c.reference, c.title, c.who, c.reason) for c in report.resolved],
            "overdue": [
                (b.reference, b.title, b.status_at_label, b.lead_ministry.code, b.target_on, b.days_overdue)
                for b in report.overdue
            ],
        }

    def _titles(self):
        return {
            "status": _("Barriers by status"),
            "changes": _("Status changes"),
            "resolved": _("Resolved in the period"),
            "overdue": _("Overdue at the end of the period"),
        }

    def _markdown(self, reports):
        headings, titles = self._headings(), self._titles()
        parts = []
        for report in reports:
            parts.append(f"# {report_title(report)}\n")
            for key, rows in self._sections(report).items():
                rows = [[day(v, short=True) if isinstance(v, date) else v for v in row] for row in rows]
                parts.append(f"## {titles[key]}\n")
                parts.append((_md_table(headings[key], rows) if rows else _("None.")) + "\n")
        return "\n".join(parts)

    def _sheet_names(self):
        # Excel caps sheet names at 31 characters.
        return {"status": _("By status"), "changes": _("Changes"), "resolved": _("Resolved"), "overdue": _("Overdue")}

    def _book(self, reports, start, end):
        columns, names, titles = self._columns(), self._sheet_names(), self._titles()
        subtitle = _("Extracted %(when)s. Markets: %(markets)s.") % {
            "when": moment(timezone.now()),
            "markets": ", ".join(f"{r.name} ({r.country})" for r in reports),
        }
        period = _("%(start)s to %(end)s") % {"start": day(start), "end": day(end)}
        sheets = []
        for key, cols in columns.items():
            rows = [safe_row([report.country, *row]) for report in reports for row in self._sections(report)[key]]
            sheets.append(
                Sheet(
                    name=str(names[key]),
                    title=f"{titles[key]}, {period}",
                    subtitle=subtitle,
                    columns=[Column(_("Market")), *cols],
                    rows=rows,
                )
            )
        return workbook(sheets)

    def _long_table(self, reports):
        """CSV: one table, a `section` column saying which part of the report a row belongs to."""
        headers = [
            _("Market"),
            _("Section"),
            _("Date"),
            _("Reference"),
            _("Title"),
            _("Status"),
            _("From"),
            _("To"),
            _("At start"),
            _("At end"),
            _("Who"),
            _("Reason"),
            _("Target date"),
            _("Days overdue"),
        ]
        data = tablib.Dataset(headers=headers)
        for r in reports:
            for status, a, b in r.status_rows:
                data.append(
                    safe_row([r.country, "status", "", "", "", str(status.label), "", "", a, b, "", "", "", ""])
                )
            for c in r.changes:
                data.append(
                    safe_row(
                        [
                            r.country,
                            "change",
                            c.when.date().isoformat(),
                            c.reference,
                            c.title,
                            "",
                            c.old,
                            c.new,
                            "",
                            "",
                            c.who,
                            c.reason,
                            "",
                            "",
                        ]
                    )
                )
            for c in r.resolved:
                data.append(
                    safe_row(
                        [
                            r.country,
                            "resolved",
                            c.when.date().isoformat(),
                            c.reference,
                            c.title,
                            c.new,
                            "",
                            "",
                            "",
                            "",
                            c.who,
                            c.reason,
                            "",
                            "",
                        ]
                    )
                )
            for b in r.overdue:
                data.append(
                    safe_row(
                        [
                            r.country,
                            "overdue",
                            "",
                            b.reference,
                            b.title,
                            b.status_at_label,
                            "",
                            "",
                            "",
                            "",
                            b.lead_ministry.code,
                            "",
                            b.target_on.isoformat(),
                            b.days_overdue,
                        ]
                    )
                )
        return data
