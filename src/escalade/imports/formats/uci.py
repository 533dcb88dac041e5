"""The ServiceNow incident log of UCI data set 498 (Amaral et al., CC BY 4.0).

Times are ``d/m/yyyy H:MM`` local times of an unnamed company, read as local
times of the desk's time zone; ``?`` is empty. Caller ids become customers
with no name, e-mail or phone: the data set has none.
"""

from escalade.imports.formats import CsvFormat
from escalade.imports.readers import Row, parse_dmy_time
from escalade.imports.records import (
    CustomerFields,
    Phase,
    RowError,
    TicketFields,
    Update,
)
from escalade.tickets.choices import Channel, Priority

PHASES = {
    "New": Phase.NEW,
    "Active": Phase.ACTIVE,
    "Awaiting User Info": Phase.WAITING_CUSTOMER,
    "Awaiting Evidence": Phase.WAITING_CUSTOMER,
    "Awaiting Vendor": Phase.WAITING_VENDOR,
    # Waiting on problem management, another team's process: a pause too.
    "Awaiting Problem": Phase.WAITING_VENDOR,
    "Resolved": Phase.RESOLVED,
    "Closed": Phase.CLOSED,
}
PRIORITIES = {
    "1 - Critical": Priority.URGENT,
    "2 - High": Priority.URGENT,
    "3 - Moderate": Priority.NORMAL,
    "4 - Low": Priority.LOW,
}
CHANNELS = {"Phone": Channel.PHONE, "Email": Channel.EMAIL}


def _value(row: Row, column: str) -> str:
    value = (row.get(column) or "").strip()
    return "" if value == "?" else value


class UciEventLog(CsvFormat):
    """One row per update of an incident: the status history is replayed."""

    name = "uci498-events"
    source = "uci498"

    def key(self, line: int, row: Row) -> str:
        number = _value(row, "number")
        if not number:
            raise RowError("no incident number")
        return number

    def updates(self, line: int, row: Row) -> list[Update]:
        state = _value(row, "incident_state")
        phase = PHASES.get(state)
        if phase is None:
            raise RowError(f"unknown incident_state “{state}”")
        at = parse_dmy_time(_value(row, "sys_updated_at"), self.zone)
        if at is None:
            raise RowError("no sys_updated_at")
        try:
            sequence = int(_value(row, "sys_mod_count") or 0)
        except ValueError:
            raise RowError("sys_mod_count is not a number") from None
        return [
            Update(
                line=line,
                at=at,
                phase=phase,
                group=_value(row, "assignment_group"),
                sequence=sequence,
                read_fields=lambda: self.fields(row),
            )
        ]

    def fields(self, row: Row) -> TicketFields:
        priority = _value(row, "priority")
        if priority not in PRIORITIES:
            raise RowError(f"unknown priority “{priority}”")
        caller = _value(row, "caller_id")
        made_sla = _value(row, "made_sla").lower()
        return TicketFields(
            source_id=self.key(0, row),
            title=_title(row),
            priority=PRIORITIES[priority],
            channel=CHANNELS.get(_value(row, "contact_type"), Channel.PHONE),
            opened_at=parse_dmy_time(_value(row, "opened_at"), self.zone),
            resolved_at=parse_dmy_time(_value(row, "resolved_at"), self.zone),
            closed_at=parse_dmy_time(_value(row, "closed_at"), self.zone),
            customer=CustomerFields(source_id=caller) if caller else None,
            resolution_cause=_value(row, "closed_code"),
            source_sla_met={"true": True, "false": False}.get(made_sla),
            extra={
                "impact": _value(row, "impact"),
                "urgency": _value(row, "urgency"),
                "source_priority": priority,
                "reassignment_count": _value(row, "reassignment_count"),
                "reopen_count": _value(row, "reopen_count"),
            },
        )


def _title(row: Row) -> str:
    """The log has no text: its category, subcategory and symptom codes."""
    parts = [_value(row, column) for column in ("category", "subcategory", "u_symptom")]
    return " · ".join(part for part in parts if part) or _value(row, "number")


class UciLastState(UciEventLog):
    """One row per incident (its last update): no history, only its times."""

    name = "uci498-last-state"

    def updates(self, line: int, row: Row) -> list[Update]:
        state = _value(row, "incident_state")
        phase = PHASES.get(state)
        if phase is None:
            raise RowError(f"unknown incident_state “{state}”")
        fields = self.fields(row)
        if fields.opened_at is None:
            raise RowError("no opened_at")
        group = _value(row, "assignment_group")
        updates = [Update(line, fields.opened_at, Phase.NEW, group, fields=fields)]
        if fields.resolved_at and phase in {Phase.RESOLVED, Phase.CLOSED}:
            updates.append(Update(line, fields.resolved_at, Phase.RESOLVED))
        if fields.closed_at and phase == Phase.CLOSED:
            updates.append(Update(line, fields.closed_at, Phase.CLOSED, sequence=1))
        if phase not in {Phase.NEW, Phase.RESOLVED, Phase.CLOSED}:
            # Its current state, at an unknown time: the opening is the only one.
            updates.append(Update(line, fields.opened_at, phase, sequence=1))
        return updates
