"""What every import format turns its rows into.

A format reads its file and says, row by row, what happened to a ticket: an
``Update`` (at this time, the ticket was in this phase, with this group). The
history builder turns the updates of one ticket into a ``TicketRecord``: the
ticket as the desk stores it, with its status history, escalations and
resolution, ready for the batch writer.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum
from typing import Any

from escalade.tickets.choices import Category, Channel, Priority


class Phase(StrEnum):
    """Where a ticket stands in the source, before the desk's tiers apply."""

    NEW = "new"
    ACTIVE = "active"
    WAITING_CUSTOMER = "waiting_customer"
    WAITING_VENDOR = "waiting_vendor"
    RESOLVED = "resolved"
    CLOSED = "closed"


class RowError(Exception):
    """A row the import cannot use; the message is the reason in the report."""


@dataclass
class CustomerFields:
    source_id: str
    first_name: str = ""
    last_name: str = ""
    email: str = ""
    phone: str = ""


@dataclass
class TicketFields:
    """What the source says about the ticket itself (the latest row wins)."""

    source_id: str
    title: str
    description: str = ""
    priority: str = Priority.NORMAL
    category: str = Category.OTHER
    channel: str = Channel.PORTAL
    opened_at: datetime | None = None
    resolved_at: datetime | None = None
    closed_at: datetime | None = None
    customer: CustomerFields | None = None
    resolution_cause: str = ""
    # The source's own SLA verdict, when it has one (UCI made_sla, GLPI).
    source_sla_met: bool | None = None
    # Source values with no field of their own, kept on the import event.
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass
class Update:
    """One row of an event log: the state of a ticket at a time."""

    line: int
    at: datetime
    phase: Phase | None = None
    group: str = ""
    # The tier the source gives (BPI 2nd/3rd line), or "" to infer it.
    tier: str = ""
    # The source says explicitly that this update escalates (GLPI).
    escalates: bool = False
    # Tie-breaker between updates at the same minute (UCI sys_mod_count).
    sequence: int = 0
    note: str = ""
    fields: TicketFields | None = None
    # Or a way to read them, for logs that repeat them on every row: only the
    # latest row's are needed, so the others are never parsed.
    read_fields: Callable[[], TicketFields] | None = None


@dataclass
class EventRecord:
    kind: str
    at: datetime
    status_before: str = ""
    status_after: str = ""
    before: dict[str, Any] = field(default_factory=dict)
    after: dict[str, Any] = field(default_factory=dict)
    note: str = ""
    escalation_number: int | None = None


@dataclass
class EscalationRecord:
    number: int
    from_tier: str
    to_tier: str
    status: str
    team: str
    requested_at: datetime
    accepted_at: datetime | None = None
    resolved_at: datetime | None = None


@dataclass
class TicketRecord:
    fields: TicketFields
    status: str
    current_tier: str
    team: str
    created_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    events: list[EventRecord]
    escalations: list[EscalationRecord]
    # Tier per team name, for teams the writer has to create.
    team_tiers: dict[str, str]
    lines: list[int]
