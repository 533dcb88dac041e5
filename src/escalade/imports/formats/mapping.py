"""The generic format: any CSV, JSON or XLSX export, read through a mapping.

The mapping is a TOML file (see docs/imports.md): which column holds which
ticket field, how the source's statuses, priorities, tiers and categories
translate to the desk's, how its dates are written, and whether the file is
an event log (several rows per ticket) or one row per ticket.
"""

import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings

from escalade.accounts.models import Tier
from escalade.imports.readers import (
    Row,
    parse_time,
    read_csv,
    read_json,
    read_xlsx,
    text,
)
from escalade.imports.records import (
    CustomerFields,
    Phase,
    RowError,
    TicketFields,
    Update,
)
from escalade.tickets.choices import Category, Channel, Priority

FIELDS = {
    "id",
    "title",
    "description",
    "status",
    "priority",
    "category",
    "channel",
    "opened_at",
    "updated_at",
    "resolved_at",
    "closed_at",
    "group",
    "tier",
    "customer_id",
    "customer_email",
    "customer_phone",
    "customer_first_name",
    "customer_last_name",
}
CHOICES = {
    "status": set(Phase),
    "priority": set(Priority.values),
    "tier": set(Tier.values),
    "category": set(Category.values),
    "channel": set(Channel.values),
}


class MappingError(ValueError):
    """The mapping file itself is wrong; the import does not start."""


@dataclass
class Mapping:
    source: str
    columns: dict[str, str]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    file_format: str = ""
    delimiter: str = ","
    encoding: str = "utf-8-sig"
    records: str = "item"
    sheet: str | None = None
    time_format: str | None = None
    timezone: str = ""
    empty: frozenset[str] = frozenset({""})
    is_event_log: bool = False


def load_mapping(path: Path) -> Mapping:
    """Read and check a mapping file; every mistake is named at once."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise MappingError(f"{path}: {error}") from None
    source = data.get("source", {})
    columns = data.get("columns", {})
    problems = []
    if not source.get("name"):
        problems.append("[source] name is required")
    unknown = set(columns) - FIELDS
    if unknown:
        problems.append(f"[columns] unknown fields: {', '.join(sorted(unknown))}")
    if "id" not in columns:
        problems.append("[columns] id is required")
    if not ({"title", "description"} & set(columns)):
        problems.append("[columns] title or description is required")
    values = {}
    for name, allowed in CHOICES.items():
        table = {str(k): str(v) for k, v in data.get(name, {}).items()}
        wrong = sorted(v for v in table.values() if v not in allowed)
        if wrong:
            problems.append(
                f"[{name}] unknown desk values {wrong}; use {sorted(allowed)}"
            )
        values[name] = table
    timezone = source.get("timezone") or settings.TIME_ZONE
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"[source] unknown timezone “{timezone}”")
    if problems:
        raise MappingError(f"{path}: " + "; ".join(problems))
    return Mapping(
        source=str(source["name"])[:32],
        columns={k: str(v) for k, v in columns.items()},
        values=values,
        file_format=source.get("format", ""),
        delimiter=source.get("delimiter", ","),
        encoding=source.get("encoding", "utf-8-sig"),
        records=source.get("records", "item"),
        sheet=source.get("sheet"),
        time_format=source.get("time_format"),
        timezone=timezone,
        empty=frozenset(str(v) for v in source.get("empty", [""])) | {""},
        is_event_log=bool(source.get("event_log", False)),
    )


class MappedFormat:
    """Rows read through a ``Mapping``."""

    name = "mapping"

    def __init__(self, mapping: Mapping, timezone: str | None = None) -> None:
        self.mapping = mapping
        self.source = mapping.source
        self.timezone = timezone or mapping.timezone
        self.zone = ZoneInfo(self.timezone)

    def rows(self, path: Path) -> Iterator[tuple[int, Row]]:
        kind = self.mapping.file_format or path.suffix.lower().lstrip(".")
        if kind in {"csv", "zip", "txt"}:
            return read_csv(
                path,
                delimiter=self.mapping.delimiter,
                encoding=self.mapping.encoding,
            )
        if kind == "json":
            return read_json(path, records_path=self.mapping.records)
        if kind == "xlsx":
            return read_xlsx(path, sheet=self.mapping.sheet)
        raise MappingError(f"unknown file format “{kind}”: csv, json or xlsx")

    def key(self, line: int, row: Row) -> str:
        identifier = self._get(row, "id").removesuffix(".0")
        if not identifier:
            raise RowError(f"no ticket id in column “{self.mapping.columns['id']}”")
        return identifier[:64]

    def updates(self, line: int, row: Row) -> list[Update]:
        fields = self._fields(line, row)
        phase = self._choice(row, "status", Phase.NEW)
        group = self._get(row, "group")
        tier = self._choice(row, "tier", "")
        if self.mapping.is_event_log:
            at = self._time(row, "updated_at") or fields.opened_at
            if at is None:
                raise RowError("no update time nor opening time")
            return [Update(line, at, Phase(phase), group, tier, fields=fields)]
        return self._ticket_updates(line, fields, Phase(phase), group, tier)

    def _ticket_updates(
        self, line: int, fields: TicketFields, phase: Phase, group: str, tier: str
    ) -> list[Update]:
        """One row per ticket: its opening, resolution and closing are its events."""
        if fields.opened_at is None:
            raise RowError("no opening time")
        updates = [
            Update(line, fields.opened_at, Phase.NEW, group, tier, fields=fields)
        ]
        done = {Phase.RESOLVED, Phase.CLOSED}
        if fields.resolved_at and phase in done:
            updates.append(Update(line, fields.resolved_at, Phase.RESOLVED, sequence=1))
        if fields.closed_at and phase == Phase.CLOSED:
            updates.append(Update(line, fields.closed_at, Phase.CLOSED, sequence=2))
        elif phase not in done and phase != Phase.NEW:
            updates.append(Update(line, fields.opened_at, phase, sequence=1))
        elif phase in done and len(updates) == 1:
            updates.append(Update(line, fields.opened_at, phase, sequence=1))
        return updates

    def _fields(self, line: int, row: Row) -> TicketFields:
        description = self._get(row, "description")
        title = self._get(row, "title") or " ".join(description.split()[:12])
        if not title:
            raise RowError("no title nor description")
        return TicketFields(
            source_id=self.key(line, row),
            title=title[:200],
            description=description,
            priority=self._choice(row, "priority", Priority.NORMAL),
            category=self._choice(row, "category", Category.OTHER),
            channel=self._choice(row, "channel", Channel.PORTAL),
            opened_at=self._time(row, "opened_at"),
            resolved_at=self._time(row, "resolved_at"),
            closed_at=self._time(row, "closed_at"),
            customer=self._customer(row),
        )

    def _customer(self, row: Row) -> CustomerFields | None:
        email = self._get(row, "customer_email")[:254]
        identifier = self._get(row, "customer_id") or email
        if not identifier:
            return None
        return CustomerFields(
            source_id=identifier[:64],
            first_name=self._get(row, "customer_first_name")[:100],
            last_name=self._get(row, "customer_last_name")[:100],
            email=email,
            phone=self._get(row, "customer_phone")[:32],
        )

    def _get(self, row: Row, name: str) -> str:
        column = self.mapping.columns.get(name)
        if column is None:
            return ""
        return text(row.get(column), self.mapping.empty)

    def _choice(self, row: Row, name: str, default: str) -> str:
        value = self._get(row, name)
        if not value:
            return default
        table = self.mapping.values.get(name) or {}
        if value in table:
            return table[value]
        if value in CHOICES[name]:
            return value
        raise RowError(f"{name} “{value}” is not in the mapping's [{name}] table")

    def _time(self, row: Row, name: str) -> Any:
        column = self.mapping.columns.get(name)
        if column is None:
            return None
        value = row.get(column)
        if isinstance(value, str):
            value = text(value, self.mapping.empty)
        return parse_time(value, self.zone, self.mapping.time_format)
