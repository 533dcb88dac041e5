"""``escalade import FILE``: tickets and their history from another tool's export."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.progress import (
    BarColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from escalade.imports.formats import builtin_formats, guess_format
from escalade.imports.formats.mapping import MappedFormat, MappingError, load_mapping
from escalade.imports.readers import UnreadableFile
from escalade.imports.services import ImportSummary, run_import
from escalade.imports.sla_check import SlaAgreement, sla_agreement

# Sources whose files carry their own SLA verdict, compared after an import.
SOURCES_WITH_SLA = {"uci498", "glpi-testkit"}

# Exit statuses: a file that cannot be read (or a wrong option) is a usage
# error, as argparse's own; a readable file of which nothing was imported
# is a failed import.
UNUSABLE = 2
NOTHING_IMPORTED = 1


def default_report_path(path: Path) -> Path:
    """Rejected rows go to the data folder, not wherever the command runs."""
    folder = settings.DATA_DIR / "import-reports"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{path.name}.rejected.csv"


def nothing_imported(summary: ImportSummary) -> bool:
    """Rows were read, and none became a ticket, new or already there."""
    written = summary.tickets_created + summary.tickets_existing
    return summary.rows_read > 0 and written == 0


class RowsPerSecond(ProgressColumn):
    def render(self, task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f} rows/s" if speed else "… rows/s", style="cyan")


class Command(BaseCommand):
    help = (
        "Import tickets and their history from a CSV, JSON or XLSX export: a "
        "built-in format (--format) or any export through a mapping (--mapping)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", nargs="?", type=Path)
        parser.add_argument(
            "--format", dest="format_name", help="built-in format (see --list-formats)"
        )
        parser.add_argument("--mapping", type=Path, help="TOML column mapping file")
        parser.add_argument(
            "--report", type=Path, help="where to write rejected rows (CSV)"
        )
        parser.add_argument("--batch-size", type=int, default=1000)
        parser.add_argument(
            "--timezone", help="time zone of the file's naive times (default: desk's)"
        )
        parser.add_argument("--list-formats", action="store_true")
        parser.add_argument(
            "--sla-agreement",
            metavar="SOURCE",
            help="only compare the desk's SLA verdicts with SOURCE's (e.g. uci498)",
        )

    def handle(self, *args, **options) -> None:
        console = Console(file=self.stdout, highlight=False)
        if options["list_formats"]:
            for name, cls in builtin_formats().items():
                console.print(f"{name:20} source={cls.source}")
            return
        if options["sla_agreement"]:
            self._print_agreement(console, sla_agreement(options["sla_agreement"]))
            return
        path = options["file"]
        if path is None:
            raise CommandError("Give the FILE to import.")
        if not path.is_file():
            raise CommandError(f"{path}: no such file")

        fmt = self._format(path, options)
        report = options["report"] or default_report_path(path)
        try:
            summary = self._run(console, path, fmt, report, options["batch_size"])
        except UnreadableFile as error:
            raise CommandError(
                f"Cannot import {path}: the file {error}.", returncode=UNUSABLE
            ) from None
        self._print_summary(console, path, fmt, summary)
        if nothing_imported(summary):
            raise CommandError(
                f"Nothing was imported from {path.name}: all "
                f"{summary.rows_read:,} rows were rejected. Is {fmt.name} the "
                "right format for this file? See --list-formats, or use --mapping.",
                returncode=NOTHING_IMPORTED,
            )
        if fmt.source in SOURCES_WITH_SLA and summary.tickets_created:
            self._print_agreement(console, sla_agreement(fmt.source))

    def _format(self, path: Path, options):
        timezone = options["timezone"]
        if options["mapping"]:
            try:
                return MappedFormat(load_mapping(options["mapping"]), timezone)
            except MappingError as error:
                raise CommandError(str(error)) from None
        formats = builtin_formats()
        known = ", ".join(formats)
        name = options["format_name"]
        if name and name not in formats:
            raise CommandError(
                f"unknown format {name!r}; known formats: {known}.",
                returncode=UNUSABLE,
            )
        name = name or guess_format(path)
        if name is None:
            raise CommandError(
                f"Give --format ({known}) or --mapping for {path.name}.",
                returncode=UNUSABLE,
            )
        return formats[name](timezone)

    def _run(self, console: Console, path: Path, fmt, report: Path, batch_size: int):
        columns = [
            SpinnerColumn(),
            TextColumn("[bold]{task.description}"),
            BarColumn(),
            TextColumn("{task.completed:,} rows"),
            RowsPerSecond(),
            TimeElapsedColumn(),
        ]
        with Progress(*columns, console=console, transient=False) as progress:
            task = progress.add_task(f"{path.name} ({fmt.name})", total=None)
            summary = run_import(
                path,
                fmt,
                report_path=report,
                batch_size=batch_size,
                progress=lambda rows: progress.update(task, completed=rows),
            )
            progress.update(task, total=summary.rows_read)
        return summary

    def _print_summary(
        self, console: Console, path: Path, fmt, summary: ImportSummary
    ) -> None:
        table = Table(title=f"Import of {path.name}", show_header=False)
        table.add_row("format / source", f"{fmt.name} / {summary.source}")
        table.add_row("rows read", f"{summary.rows_read:,}")
        table.add_row("tickets created", f"{summary.tickets_created:,}")
        table.add_row("already imported", f"{summary.tickets_existing:,}")
        table.add_row("rows rejected", f"{summary.rows_rejected:,}")
        for reason, count in summary.reasons.most_common():
            table.add_row(f"  {reason}", f"{count:,}")
        table.add_row("time", f"{summary.seconds:.1f} s")
        table.add_row("rate", f"{summary.rows_per_second:,.0f} rows/s")
        console.print(table)
        if summary.report_path:
            # On a line of its own: a table cell would cut a long path short.
            self.stdout.write(f"Rejected rows written to {summary.report_path}")

    def _print_agreement(self, console: Console, result: SlaAgreement) -> None:
        if not result.compared:
            console.print(f"No resolved {result.source} ticket with an SLA verdict.")
            return
        console.print(
            f"SLA verdict, desk vs {result.source}: {result.agreeing:,} of "
            f"{result.compared:,} resolved tickets agree ({result.rate:.1%}); "
            f"both met {result.both_met:,}, both missed {result.both_missed:,}, "
            f"met only for the desk {result.only_desk_met:,}, "
            f"met only for the source {result.only_source_met:,}."
        )
        for priority, counts in sorted(result.by_priority.items()):
            rate = counts["agreeing"] / counts["compared"]
            console.print(
                f"  {priority}: {counts['agreeing']:,} of {counts['compared']:,} "
                f"({rate:.1%})"
            )
