"""Run an import: read, group, replay, write in batches, report rejections.

Rows stream from the file; the rows of one ticket are grouped as they come
(they follow each other in every export we read), replayed into a
``TicketRecord`` and written with the other tickets of the batch. A bad row
is reported and skipped; a batch that fails as a whole is written again
ticket by ticket, so one bad ticket costs only itself.
"""

import logging
import re
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import DatabaseError

from escalade.imports.formats import ImportFormat
from escalade.imports.history import assemble
from escalade.imports.readers import Row, UnreadableFile
from escalade.imports.records import RowError, TicketRecord, Update
from escalade.imports.report import RejectReport
from escalade.imports.writer import BatchWriter

logger = logging.getLogger(__name__)

BATCH_SIZE = 1000
PROGRESS_EVERY = 2000
QUOTED = re.compile(r"“[^”]*”")


@dataclass
class ImportSummary:
    source: str
    rows_read: int = 0
    rows_rejected: int = 0
    tickets_created: int = 0
    tickets_existing: int = 0
    seconds: float = 0.0
    reasons: Counter = field(default_factory=Counter)
    report_path: Path | None = None

    @property
    def rows_per_second(self) -> float:
        return self.rows_read / self.seconds if self.seconds else 0.0


@dataclass
class _Group:
    key: str
    updates: list[Update] = field(default_factory=list)
    rows: list[tuple[int, Row]] = field(default_factory=list)


def run_import(
    path: Path,
    fmt: ImportFormat,
    *,
    report_path: Path,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Import ``path`` with ``fmt``; rejected rows go to ``report_path``.

    Raises ``UnreadableFile`` when the file stops being readable in its
    format; the batches written before that point stay imported.
    """
    summary = ImportSummary(source=fmt.source)
    report = RejectReport(report_path)
    writer = BatchWriter(fmt.source, path.name)
    started = time.perf_counter()
    batch: list[TicketRecord] = []
    try:
        for group in _groups(fmt, path, summary, report, progress):
            record = _assemble(group, summary, report)
            if record is not None:
                batch.append(record)
            if len(batch) >= batch_size:
                _flush(writer, batch, summary, report)
                batch = []
        _flush(writer, batch, summary, report)
    except UnreadableFile as error:
        if summary.rows_read:
            raise UnreadableFile(
                f"{error}, after row {summary.rows_read:,}; the tickets written "
                "before that point are kept, and importing the file again once "
                "it is fixed does not duplicate them"
            ) from None
        raise
    finally:
        report.close()
    summary.seconds = time.perf_counter() - started
    summary.report_path = report_path if report.count else None
    if progress:
        progress(summary.rows_read)
    logger.info(
        "import done",
        extra={
            "source": fmt.source,
            "rows_read": summary.rows_read,
            "tickets_created": summary.tickets_created,
            "rows_rejected": summary.rows_rejected,
        },
    )
    return summary


def _groups(
    fmt: ImportFormat,
    path: Path,
    summary: ImportSummary,
    report: RejectReport,
    progress: Callable[[int], None] | None,
) -> Iterator[_Group]:
    """The rows of each ticket, together; bad rows are reported on the way."""
    seen: set[str] = set()
    current: _Group | None = None
    for line, row in fmt.rows(path):
        summary.rows_read += 1
        if progress and summary.rows_read % PROGRESS_EVERY == 0:
            progress(summary.rows_read)
        key = ""
        try:
            key = fmt.key(line, row)
            if current is None or key != current.key:
                if key in seen:
                    raise RowError(
                        f"rows of ticket {key} are not together; sort the file by "
                        "ticket"
                    )
                if current is not None:
                    yield current
                current = _Group(key)
                seen.add(key)
            updates = fmt.updates(line, row)
        except RowError as error:
            _reject(summary, report, line, key, str(error), row)
            continue
        current.updates.extend(updates)
        current.rows.append((line, row))
    if current is not None:
        yield current


def _assemble(
    group: _Group, summary: ImportSummary, report: RejectReport
) -> TicketRecord | None:
    try:
        return assemble(group.updates)
    except RowError as error:
        for line, row in group.rows:
            _reject(summary, report, line, group.key, str(error), row)
        return None


def _flush(
    writer: BatchWriter,
    batch: list[TicketRecord],
    summary: ImportSummary,
    report: RejectReport,
) -> None:
    if not batch:
        return
    try:
        _count(summary, writer.write(batch))
        return
    except (DatabaseError, ValueError) as error:
        logger.warning("batch failed, writing its tickets one by one: %s", error)
    for record in batch:
        try:
            _count(summary, writer.write([record]))
        except (DatabaseError, ValueError) as error:
            for line in record.lines:
                reason = f"database refused the ticket: {error}"
                _reject(summary, report, line, record.fields.source_id, reason, {})


def _count(summary: ImportSummary, result) -> None:
    summary.tickets_created += result.created
    summary.tickets_existing += result.existing


def _reject(
    summary: ImportSummary,
    report: RejectReport,
    line: int,
    ticket: str,
    reason: str,
    row: Row,
) -> None:
    summary.rows_rejected += 1
    # Reasons are counted without the values they quote, to group them.
    summary.reasons[QUOTED.sub("“…”", reason)] += 1
    report.add(line, ticket, reason, row)
