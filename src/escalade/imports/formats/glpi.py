"""French synthetic tickets made with ``glpi-testkit`` 0.1.0 (Apache-2.0).

Each JSON object is a ticket with its events: assignments, escalations,
waits for the requester, solution and closing. Group tiers: "Support N1" and
"Support N2" say theirs; the "Expert ..." groups are N2 experts; the other
specialist teams (Applications, Réseau, Sécurité) are N3 when a ticket is
escalated to them.
"""

import re
from collections.abc import Iterator
from pathlib import Path

from escalade.accounts.models import Tier
from escalade.imports.formats import CsvFormat
from escalade.imports.readers import Row, parse_time, read_json, text
from escalade.imports.records import Phase, RowError, TicketFields, Update
from escalade.tickets.choices import Category, Channel, Priority

# GLPI's status codes: new, assigned, planned, pending, solved, closed.
STATUS_PHASES = {
    1: Phase.NEW,
    2: Phase.ACTIVE,
    3: Phase.ACTIVE,
    4: Phase.WAITING_CUSTOMER,
    5: Phase.RESOLVED,
    6: Phase.CLOSED,
}
CATEGORIES = {
    "security.phishing": Category.SECURITY,
    "account.password": Category.PASSWORD,
    "software.crash": Category.SYSTEM_ERROR,
    "email.mailbox": Category.SIMPLE_EMAIL,
}
EVENT_TARGET = re.compile(r"^(?:re)?(?:assigned|escalated) to (?P<group>.+)$")
NAMED_TIER = re.compile(r"\bN(?P<n>[123])\b")


def priority_of(level: int) -> str:
    """GLPI's 1 (very low) to 6 (major) on the desk's three priorities."""
    if level >= 4:
        return Priority.URGENT
    return Priority.NORMAL if level == 3 else Priority.LOW


def group_tier(group: str, escalates: bool) -> str:
    named = NAMED_TIER.search(group)
    if named:
        return f"N{named['n']}"
    if group.startswith("Expert"):
        return Tier.N2
    return Tier.N3 if escalates else ""


class GlpiTestkit(CsvFormat):
    name = "glpi-testkit"
    source = "glpi-testkit"

    def rows(self, path: Path) -> Iterator[tuple[int, Row]]:
        # A JSON array, streamed, rather than the CSV of the other formats.
        return read_json(path)

    def key(self, line: int, row: Row) -> str:
        identifier = text(row.get("id"))
        if not identifier:
            raise RowError("no id")
        return identifier.removesuffix(".0")

    def updates(self, line: int, row: Row) -> list[Update]:
        fields = self.fields(line, row)
        updates = [Update(line, fields.opened_at, Phase.NEW, fields=fields)]
        phase = Phase.NEW
        for position, event in enumerate(row.get("events") or [], start=1):
            update = self.event_update(line, position, event)
            phase = update.phase or (Phase.ACTIVE if phase == Phase.NEW else phase)
            update.phase = update.phase or phase
            updates.append(update)
        final = STATUS_PHASES.get(row.get("status"))
        if final is None:
            raise RowError(f"unknown status “{row.get('status')}”")
        if final != phase:
            at = parse_time(text(row.get("date_mod")), self.zone) or updates[-1].at
            updates.append(Update(line, at, final, sequence=len(updates)))
        return updates

    def fields(self, line: int, row: Row) -> TicketFields:
        title = text(row.get("name"))
        if not title:
            raise RowError("no name")
        opened_at = parse_time(text(row.get("date")), self.zone)
        if opened_at is None:
            raise RowError("no date")
        try:
            priority = priority_of(int(row.get("priority")))
        except (TypeError, ValueError):
            raise RowError(f"unknown priority “{row.get('priority')}”") from None
        breached = row.get("sla_breached")
        category = text(row.get("category"))
        return TicketFields(
            source_id=self.key(line, row),
            title=title[:200],
            description=text(row.get("content")),
            priority=priority,
            category=CATEGORIES.get(category, Category.OTHER),
            channel=Channel.PORTAL,
            opened_at=opened_at,
            resolved_at=parse_time(text(row.get("solvedate")), self.zone),
            closed_at=parse_time(text(row.get("closedate")), self.zone),
            source_sla_met=None if breached is None else not breached,
            extra={"glpi_category": category, "language": text(row.get("language"))},
        )

    def event_update(self, line: int, position: int, event: dict) -> Update:
        at = parse_time(text(event.get("at")), self.zone)
        if at is None:
            raise RowError(f"event {position} has no time")
        kind, detail = text(event.get("kind")), text(event.get("detail"))
        update = Update(line, at, sequence=position, note=detail)
        if kind == "solve":
            update.phase = Phase.RESOLVED
        elif kind == "close":
            update.phase = Phase.CLOSED
        elif kind == "wait":
            update.phase = Phase.WAITING_CUSTOMER
        elif kind in {"assign", "reassign", "escalate"}:
            target = EVENT_TARGET.match(detail)
            if target is None:
                raise RowError(f"event {position}: no group in “{detail}”")
            update.group = target["group"]
            update.escalates = kind == "escalate"
            update.tier = group_tier(update.group, update.escalates)
            update.phase = Phase.ACTIVE
        else:
            raise RowError(f"event {position}: unknown kind “{kind}”")
        return update
