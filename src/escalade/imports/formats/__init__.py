"""Import formats: one per known export, and a generic one driven by a mapping.

A format reads its file's rows, says which ticket each row belongs to
(``key``) and what the row tells about it (``updates``). Rows of one ticket
must follow each other in the file, as they do in every export we know.
"""

from collections.abc import Iterator
from pathlib import Path
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

from escalade.imports.readers import Row, read_csv
from escalade.imports.records import Update


class ImportFormat(Protocol):
    name: str
    source: str  # stored on tickets and customers; with source_id, the dedup key
    timezone: str

    def rows(self, path: Path) -> Iterator[tuple[int, Row]]: ...

    def key(self, line: int, row: Row) -> str: ...

    def updates(self, line: int, row: Row) -> list[Update]: ...


class CsvFormat:
    """What the built-in formats share: a time zone for the source's naive
    times (the desk's own by default), and rows read from a CSV file."""

    def __init__(self, timezone: str | None = None) -> None:
        self.timezone = timezone or settings.TIME_ZONE
        self.zone = ZoneInfo(self.timezone)

    def rows(self, path: Path) -> Iterator[tuple[int, Row]]:
        return read_csv(path)


def builtin_formats() -> dict[str, type]:
    from escalade.imports.formats.bpi import Bpi2013Problems
    from escalade.imports.formats.glpi import GlpiTestkit
    from escalade.imports.formats.topics import TopicGroupTickets
    from escalade.imports.formats.uci import UciEventLog, UciLastState

    return {
        cls.name: cls
        for cls in (
            UciEventLog,
            UciLastState,
            Bpi2013Problems,
            TopicGroupTickets,
            GlpiTestkit,
        )
    }


# File names of the public data sets, to pick their format without --format.
KNOWN_FILES = {
    "uci498_incident_event_log": "uci498-events",
    "incident_event_log": "uci498-events",
    "uci498_incidents_last_state": "uci498-last-state",
    "bpi2013_closed_problems": "bpi2013-problems",
    "it_service_tickets_topic_group": "it-topic-groups",
    "glpi_testkit_fr": "glpi-testkit",
}


def guess_format(path: Path) -> str | None:
    stem = path.name.lower()
    for prefix, name in KNOWN_FILES.items():
        if stem.startswith(prefix):
            return name
    return None
