"""Replay the updates of one ticket into the desk's shapes.

The desk's own transitions are not called (they check roles and send
e-mails, and an import must be fast), so this module reproduces what they
leave behind: the status after each move, the timeline event of each move at
its original time, the escalations TK-nnnnn-TECH-nnn, the resolution.

Tiers, when the source does not give them: a ticket starts at N1 with the
first group it is assigned to; its first reassignment to another group is an
escalation to N2; later reassignments are handovers within N2. When the
source gives tiers (BPI "2nd"/"3rd" line, GLPI group names), a move to a
higher tier is an escalation and a move to a lower one a handover back.
"""

from datetime import datetime

from escalade.accounts.models import Tier
from escalade.imports.records import (
    EscalationRecord,
    EventRecord,
    Phase,
    RowError,
    TicketFields,
    TicketRecord,
    Update,
)
from escalade.tickets.choices import DONE_STATUSES, EscalationStatus, Status
from escalade.tickets.timeline import EventKind

TIER_RANK = {Tier.N1: 1, Tier.N2: 2, Tier.N3: 3}
NEXT_TIER = {Tier.N1: Tier.N2, Tier.N2: Tier.N3, Tier.N3: Tier.N3}

# The desk status of a phase at each tier (resolved depends on escalations).
WORK_STATUS = {
    (Phase.NEW, Tier.N1): Status.NEW,
    (Phase.NEW, Tier.N2): Status.AWAITING_N2,
    (Phase.NEW, Tier.N3): Status.ESCALATED_N3,
    (Phase.ACTIVE, Tier.N1): Status.DIAGNOSING,
    (Phase.ACTIVE, Tier.N2): Status.IN_PROGRESS,
    (Phase.ACTIVE, Tier.N3): Status.ESCALATED_N3,
}
PAUSES = {Status.WAITING_CUSTOMER, Status.WAITING_VENDOR}
MOVE_KIND = {
    Status.WAITING_CUSTOMER: EventKind.WAITING_CUSTOMER,
    Status.WAITING_VENDOR: EventKind.WAITING_VENDOR,
    Status.RESOLVED_N1: EventKind.RESOLVED_N1,
    Status.RESOLVED: EventKind.RESOLVED,
    Status.CLOSED: EventKind.CLOSED,
}


def assemble(updates: list[Update]) -> TicketRecord:
    """The ticket, its history and escalations, from its updates in any order."""
    if not updates:
        raise RowError("no usable row for this ticket")
    updates = sorted(updates, key=lambda u: (u.at, u.sequence, u.line))
    fields = _latest_fields(updates)
    builder = _Builder(fields, updates[0])
    for update in updates:
        builder.apply(update)
    return builder.record([u.line for u in updates])


def _latest_fields(updates: list[Update]) -> TicketFields:
    for update in reversed(updates):
        if update.fields is not None:
            return update.fields
        if update.read_fields is not None:
            return update.read_fields()
    raise RowError("no row of this ticket gives its title and identifier")


class _Builder:
    def __init__(self, fields: TicketFields, first: Update) -> None:
        self.fields = fields
        self.created_at = min(filter(None, [fields.opened_at, first.at]))
        self.tier = Tier.N1
        self.group = ""
        self.phase = Phase.NEW
        self.status = Status.NEW
        self.resolved_at: datetime | None = None
        self.closed_at: datetime | None = None
        self.events: list[EventRecord] = []
        self.escalations: list[EscalationRecord] = []
        self.team_tiers: dict[str, str] = {}
        self.events.append(
            EventRecord(
                EventKind.CREATED,
                self.created_at,
                status_before=Status.NEW,
                status_after=Status.NEW,
                after={"title": fields.title, "priority": fields.priority},
            )
        )

    # -- one update -----------------------------------------------------

    def apply(self, update: Update) -> None:
        target = self._target_tier(update)
        if target is not None:
            self._move_tier(update, target)
        if update.group:
            self.group = update.group
            self.team_tiers.setdefault(update.group, self.tier)
        if update.phase is not None:
            self._move_phase(update)

    def _target_tier(self, update: Update) -> str | None:
        """The tier this update moves the ticket to, or None if it stays."""
        if update.tier:
            return update.tier if update.tier != self.tier else None
        if update.escalates:
            return NEXT_TIER[self.tier] if self.tier != Tier.N3 else None
        reassigned = update.group and self.group and update.group != self.group
        if not reassigned:
            return None
        return Tier.N2 if self.tier == Tier.N1 else self.tier

    def _move_tier(self, update: Update, target: str) -> None:
        if TIER_RANK[target] > TIER_RANK[self.tier]:
            self._escalate(update, target)
        else:
            self._hand_over(update, target)

    def _escalate(self, update: Update, target: str) -> None:
        previous = self._active_escalation()
        if previous is not None:
            previous.status = EscalationStatus.ESCALATED
        escalation = EscalationRecord(
            number=len(self.escalations) + 1,
            from_tier=self.tier,
            to_tier=target,
            status=EscalationStatus.AWAITING,
            team=update.group,
            requested_at=update.at,
        )
        self.escalations.append(escalation)
        before = {"tier": self.tier, "team": self.group}
        self.tier = target
        self.status, status_before = self._status_for(Phase.NEW), self.status
        kind = EventKind.ESCALATED if target == Tier.N2 else EventKind.ESCALATED_FURTHER
        self.events.append(
            EventRecord(
                kind,
                update.at,
                status_before=status_before,
                status_after=self.status,
                before=before,
                after={"tier": target, "team": update.group},
                escalation_number=escalation.number,
            )
        )

    def _hand_over(self, update: Update, target: str) -> None:
        """Reassignment within a tier, or back down to a lower one."""
        before = {"tier": self.tier, "team": self.group}
        self.tier = target
        status_before = self.status
        if self.status not in DONE_STATUSES | PAUSES:
            self.status = self._status_for(self.phase)
        escalation = self._active_escalation()
        if escalation is not None and target == Tier.N1:
            escalation.status = EscalationStatus.RETURNED
        self.events.append(
            EventRecord(
                EventKind.ASSIGNED,
                update.at,
                status_before=status_before,
                status_after=self.status,
                before=before,
                after={"tier": target, "team": update.group},
                escalation_number=escalation.number if escalation else None,
            )
        )

    def _move_phase(self, update: Update) -> None:
        self.phase = update.phase
        accepted = self._accept(update)
        status = self._status_for(update.phase)
        reopening = self.status in DONE_STATUSES and status not in DONE_STATUSES
        if reopening:
            status = Status.DIAGNOSING if self.tier == Tier.N1 else Status.REOPENED
        if status == self.status and not accepted:
            return

        kind = self._kind(status, accepted, reopening)
        self.events.append(
            EventRecord(
                kind,
                update.at,
                status_before=self.status if status != self.status else "",
                status_after=status if status != self.status else "",
                note=update.note,
                escalation_number=accepted.number if accepted else None,
            )
        )
        self.status = status
        self._stamp(update.at, reopening)

    def _accept(self, update: Update) -> EscalationRecord | None:
        """The first sign of work after an escalation is its acceptance."""
        escalation = self._active_escalation()
        if escalation is None or escalation.status != EscalationStatus.AWAITING:
            return None
        if update.phase == Phase.NEW:
            return None
        escalation.status = EscalationStatus.ACCEPTED
        escalation.accepted_at = update.at
        return escalation

    def _kind(self, status: str, accepted, reopening: bool) -> str:
        if reopening:
            return EventKind.REOPENED
        if status in MOVE_KIND:
            return MOVE_KIND[status]
        if accepted is not None:
            return EventKind.ACCEPTED
        if self.status in PAUSES:
            return EventKind.RESUMED
        return EventKind.UPDATED

    def _stamp(self, at: datetime, reopening: bool) -> None:
        """Keep resolved/closed times and escalation states in step."""
        if reopening:
            self.resolved_at = self.closed_at = None
            last = self.escalations[-1] if self.escalations else None
            if last is not None and last.status == EscalationStatus.RESOLVED:
                last.status, last.resolved_at = EscalationStatus.ACCEPTED, None
            return
        if self.status in {Status.RESOLVED, Status.RESOLVED_N1}:
            self.resolved_at = at
            self._resolve_escalation(at)
        elif self.status == Status.CLOSED:
            # A ticket closed without a resolution step ends when it closes.
            self.resolved_at = self.resolved_at or at
            self.closed_at = at
            self._resolve_escalation(self.resolved_at)

    def _resolve_escalation(self, at: datetime) -> None:
        escalation = self._active_escalation()
        if escalation is not None:
            escalation.status = EscalationStatus.RESOLVED
            escalation.resolved_at = at
            escalation.accepted_at = escalation.accepted_at or at

    def _status_for(self, phase: Phase) -> str:
        if phase == Phase.WAITING_CUSTOMER:
            return Status.WAITING_CUSTOMER
        if phase == Phase.WAITING_VENDOR:
            return Status.WAITING_VENDOR
        if phase == Phase.RESOLVED:
            escalated = self.tier != Tier.N1 or self.escalations
            return Status.RESOLVED if escalated else Status.RESOLVED_N1
        if phase == Phase.CLOSED:
            return Status.CLOSED
        return WORK_STATUS[(phase, self.tier)]

    def _active_escalation(self) -> EscalationRecord | None:
        for escalation in reversed(self.escalations):
            if escalation.status in {
                EscalationStatus.AWAITING,
                EscalationStatus.ACCEPTED,
            }:
                return escalation
        return None

    # -- the result -----------------------------------------------------

    def record(self, lines: list[int]) -> TicketRecord:
        resolved_at, closed_at = self.resolved_at, self.closed_at
        if self.status in DONE_STATUSES:
            # The source's own columns are its official times, when it has them.
            resolved_at = self.fields.resolved_at or resolved_at
            closed_at = (self.fields.closed_at or closed_at) if closed_at else None
        return TicketRecord(
            fields=self.fields,
            status=self.status,
            current_tier=self.tier,
            team=self.group,
            created_at=self.created_at,
            resolved_at=resolved_at,
            closed_at=closed_at,
            events=self.events,
            escalations=self.escalations,
            team_tiers=self.team_tiers,
            lines=lines,
        )
