"""Write imported tickets in batches, with the shapes the desk's services leave.

One batch is one transaction: tickets, customers, teams, escalations with a
minimal briefing, timeline events and resolutions are created with
``bulk_create`` together, or not at all. References come from blocks of
numbers reserved per batch, so imports and live desks never collide.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction

from escalade import clock
from escalade.accounts.models import Team
from escalade.customers.models import Customer
from escalade.imports.records import TicketRecord
from escalade.sla.services import targets_for
from escalade.tickets import references
from escalade.tickets.models import (
    Briefing,
    Escalation,
    Resolution,
    Ticket,
    TimelineEvent,
)
from escalade.tickets.timeline import EventKind

EVENT_FIELDS = [
    "ticket",
    "escalation",
    "kind",
    "at",
    "status_before",
    "status_after",
    "before",
    "after",
    "note",
]
RESOLUTION_FIELDS = [
    "ticket",
    "escalation",
    "tier",
    "cause",
    "resolved_at",
    "steps",
    "prevention",
    "settings_to_keep",
    "customer_feedback",
]
# Every column without a database default must be given to a raw INSERT.
BRIEFING_FIELDS = [
    "escalation",
    "summary",
    "description",
    "context",
    "environment",
    "diagnostics",
    "reproducibility",
    "frequency",
    "pattern",
    "customer_understanding",
    "customer_patience",
    "logs_available",
    "screenshot_available",
    "test_account",
    "admin_access_needed",
    "n1_opinion",
    "leads",
    "confirmed_items",
]


@dataclass
class BatchResult:
    created: int
    existing: int


class BatchWriter:
    """Writes batches of ``TicketRecord`` of one source; keeps a team cache."""

    def __init__(self, source: str, file_name: str) -> None:
        self.source = source
        self.file_name = file_name
        self.imported_at = clock.now()
        self.teams: dict[str, Team] = {}

    @transaction.atomic
    def write(self, records: list[TicketRecord]) -> BatchResult:
        """Create the tickets not imported yet; all of the batch, or nothing."""
        ids = [record.fields.source_id for record in records]
        existing = set(
            Ticket.objects.filter(source=self.source, source_id__in=ids).values_list(
                "source_id", flat=True
            )
        )
        records = [r for r in records if r.fields.source_id not in existing]
        if not records:
            return BatchResult(created=0, existing=len(existing))

        customers = self._customers(records)
        self._ensure_teams(records)
        tickets = self._tickets(records, customers)
        escalations = self._escalations(records, tickets)
        self._events(records, tickets, escalations)
        self._resolutions(records, tickets, escalations)
        return BatchResult(created=len(tickets), existing=len(existing))

    # -- steps ----------------------------------------------------------

    def _customers(self, records: list[TicketRecord]) -> dict[str, Customer]:
        wanted = {
            r.fields.customer.source_id: r.fields.customer
            for r in records
            if r.fields.customer is not None
        }
        if not wanted:
            return {}
        found = {
            c.source_id: c
            for c in Customer.objects.filter(source=self.source, source_id__in=wanted)
        }
        missing = [wanted[key] for key in wanted if key not in found]
        if missing:
            numbers = references.reserve_block(references.CUSTOMER_PREFIX, len(missing))
            created = Customer.objects.bulk_create(
                Customer(
                    reference=references.format_reference(
                        references.CUSTOMER_PREFIX, number
                    ),
                    source=self.source,
                    source_id=values.source_id,
                    first_name=values.first_name,
                    last_name=values.last_name,
                    email=values.email,
                    phone=values.phone,
                )
                for number, values in zip(numbers, missing, strict=True)
            )
            found.update({c.source_id: c for c in created})
        return found

    def _ensure_teams(self, records: list[TicketRecord]) -> None:
        tiers: dict[str, str] = {}
        for record in records:
            for name, tier in record.team_tiers.items():
                if name not in self.teams:
                    tiers.setdefault(name[:100], tier)
        if not tiers:
            return
        for team in Team.objects.filter(name__in=tiers):
            self.teams[team.name] = team
        missing = [name for name in tiers if name not in self.teams]
        Team.objects.bulk_create(
            [Team(name=name, tier=tiers[name]) for name in missing],
            ignore_conflicts=True,
        )
        for team in Team.objects.filter(name__in=missing):
            self.teams[team.name] = team

    def _tickets(
        self, records: list[TicketRecord], customers: dict[str, Customer]
    ) -> list[Ticket]:
        numbers = references.reserve_block(references.TICKET_PREFIX, len(records))
        tickets = []
        for number, record in zip(numbers, records, strict=True):
            fields = record.fields
            customer = fields.customer
            ticket = Ticket(
                reference=references.format_reference(references.TICKET_PREFIX, number),
                customer=customers.get(customer.source_id) if customer else None,
                channel=fields.channel,
                category=fields.category,
                title=fields.title[:200],
                description=fields.description,
                status=record.status,
                priority=fields.priority,
                current_tier=record.current_tier,
                team=self.teams.get(record.team[:100]),
                created_at=record.created_at,
                resolved_at=record.resolved_at,
                closed_at=record.closed_at,
                source=self.source,
                source_id=fields.source_id,
            )
            self._due_times(ticket, record)
            tickets.append(ticket)
        return Ticket.objects.bulk_create(tickets)

    def _due_times(self, ticket: Ticket, record: TicketRecord) -> None:
        """Due times from the priority's targets, counted from the opening.

        The source's promise runs from the customer's first contact; an
        escalation's first-contact target runs from the first escalation.
        """
        first_contact, resolution = targets_for(ticket.priority)
        ticket.resolution_due_at = ticket.created_at + resolution
        if record.escalations:
            ticket.first_contact_due_at = (
                record.escalations[0].requested_at + first_contact
            )
        end = ticket.resolved_at or self.imported_at
        if end > ticket.resolution_due_at:
            ticket.sla_breached_at = ticket.resolution_due_at

    def _escalations(
        self, records: list[TicketRecord], tickets: list[Ticket]
    ) -> dict[tuple[int, int], Escalation]:
        escalations: dict[tuple[int, int], Escalation] = {}
        for index, (record, ticket) in enumerate(zip(records, tickets, strict=True)):
            for item in record.escalations:
                escalations[(index, item.number)] = Escalation(
                    reference=references.escalation_reference(
                        ticket.reference, item.number
                    ),
                    ticket=ticket,
                    number=item.number,
                    from_tier=item.from_tier,
                    to_tier=item.to_tier,
                    status=item.status,
                    priority=ticket.priority,
                    team=self.teams.get(item.team[:100]),
                    requested_at=item.requested_at,
                    accepted_at=item.accepted_at,
                    resolved_at=item.resolved_at,
                )
        Escalation.objects.bulk_create(escalations.values())
        # The source has no briefing: its title and text are the summary.
        insert_rows(
            Briefing,
            BRIEFING_FIELDS,
            [
                (e.pk, e.ticket.title, e.ticket.description, *_empty_briefing())
                for e in escalations.values()
            ],
        )
        return escalations

    def _events(
        self,
        records: list[TicketRecord],
        tickets: list[Ticket],
        escalations: dict[tuple[int, int], Escalation],
    ) -> None:
        rows = []
        for index, (record, ticket) in enumerate(zip(records, tickets, strict=True)):
            for item in record.events:
                escalation = escalations.get((index, item.escalation_number))
                rows.append(
                    (
                        ticket.pk,
                        escalation.pk if escalation else None,
                        item.kind,
                        _time(item.at),
                        item.status_before,
                        item.status_after,
                        _json(item.before),
                        _json(item.after),
                        item.note,
                    )
                )
            rows.append(self._imported_event(record, ticket))
        insert_rows(TimelineEvent, EVENT_FIELDS, rows)

    def _imported_event(self, record: TicketRecord, ticket: Ticket) -> tuple:
        fields = record.fields
        after = {
            "source": self.source,
            "source_id": fields.source_id,
            "file": self.file_name,
            "lines": [record.lines[0], record.lines[-1]],
            **fields.extra,
        }
        if fields.source_sla_met is not None:
            after["source_sla_met"] = fields.source_sla_met
        at = _time(self.imported_at)
        return (
            ticket.pk,
            None,
            EventKind.IMPORTED,
            at,
            "",
            "",
            _json({}),
            _json(after),
            "",
        )

    def _resolutions(
        self,
        records: list[TicketRecord],
        tickets: list[Ticket],
        escalations: dict[tuple[int, int], Escalation],
    ) -> None:
        rows = []
        for index, (record, ticket) in enumerate(zip(records, tickets, strict=True)):
            if ticket.resolved_at is None:
                continue
            last = record.escalations[-1].number if record.escalations else None
            escalation = escalations.get((index, last))
            rows.append(
                (
                    ticket.pk,
                    escalation.pk if escalation else None,
                    record.current_tier,
                    record.fields.resolution_cause,
                    _time(ticket.resolved_at),
                    "",
                    "",
                    "",
                    "",
                )
            )
        insert_rows(Resolution, RESOLUTION_FIELDS, rows)


# -- raw inserts --------------------------------------------------------------
# The events, briefings and resolutions of a batch are most of its rows and
# need no id back: one prepared INSERT run with executemany() writes them
# several times faster than bulk_create(), which builds a model instance and
# compiles every value of every row.


def insert_rows(model, fields: list[str], rows: list[tuple]) -> None:
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    marks = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(model._meta.db_table)} ({columns}) VALUES ({marks})"
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def _empty_briefing() -> tuple:
    """context to confirmed_items of BRIEFING_FIELDS, all empty."""
    texts = ("",) * 5
    flags = (False, False)
    return ("", "", _json([]), *texts, *flags, "", False, "", "", _json([]))


def _time(moment: datetime | None):
    return connection.ops.adapt_datetimefield_value(moment)


def _json(value):
    return connection.ops.adapt_json_value(value, None)
