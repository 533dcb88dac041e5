"""The API for tickets, escalations, hypotheses and the N2/N3 queue.

Every endpoint checks access, calls one service function and renders; the
services check roles and states, so the API refuses what the interface
refuses, with the same messages (403, 409, 400 with field errors).
"""

from datetime import datetime

from django.db.models import Q, QuerySet
from ninja import Field, Query, Router, Schema
from ninja import Status as Reply
from ninja.pagination import paginate

from escalade import clock
from escalade.accounts.models import Tier
from escalade.api.common import (
    Detail,
    Page,
    Reference,
    actor,
    get_or_404,
    require_agent,
    text,
)
from escalade.customers.models import Customer
from escalade.desk.expert_selectors import awaiting_rows, in_progress_rows
from escalade.tickets import services
from escalade.tickets.choices import (
    Category,
    Channel,
    EscalationStatus,
    EscalationType,
    Priority,
    Status,
    Verdict,
)
from escalade.tickets.models import Escalation, Hypothesis, Ticket, TimelineEvent
from escalade.tickets.services import BriefingData

PREFIX = ""
router = Router()
ERRORS = {400: Detail, 401: Detail, 403: Detail, 404: Detail, 409: Detail}


# -- schemas --------------------------------------------------------------


class TicketOut(Schema):
    reference: str
    title: str
    description: str
    status: str
    priority: str
    category: str
    channel: str
    current_tier: str
    is_urgent: bool
    customer: str | None = Field(None, alias="customer.reference")
    team: str | None = Field(None, alias="team.name")
    assignee: str | None = Field(None, alias="assignee.username")
    created_at: datetime
    resolved_at: datetime | None
    closed_at: datetime | None
    first_n2_contact_at: datetime | None
    first_contact_due_at: datetime | None
    resolution_due_at: datetime | None
    sla_breached_at: datetime | None
    triage_outcome: str
    triage_priority: str
    source: str
    source_id: str


class BriefingOut(Schema):
    summary: str
    description: str
    context: str
    environment: str
    diagnostics: list
    reproducibility: str
    frequency: str
    customer_understanding: str
    customer_patience: str
    call_duration_minutes: int | None
    n1_opinion: str
    leads: str


class EscalationOut(Schema):
    reference: str
    ticket: str = Field(alias="ticket.reference")
    number: int
    from_tier: str
    to_tier: str
    vendor: str
    type: str
    status: str
    priority: str
    team: str | None = Field(None, alias="team.name")
    requested_by: str | None = Field(None, alias="requested_by.username")
    requested_at: datetime
    accepted_by: str | None = Field(None, alias="accepted_by.username")
    accepted_at: datetime | None
    resolved_at: datetime | None
    queued_reason: str
    is_avoidable: bool
    return_reason: str


class EscalationDetail(EscalationOut):
    briefing: BriefingOut | None = None

    @staticmethod
    def resolve_briefing(obj: Escalation):
        return getattr(obj, "briefing", None)


class EventOut(Schema):
    kind: str
    at: datetime
    actor: str | None = Field(None, alias="actor.username")
    escalation: str | None = Field(None, alias="escalation.reference")
    status_before: str
    status_after: str
    before: dict
    after: dict
    note: str


class TicketDetail(TicketOut):
    escalations: list[EscalationOut]

    @staticmethod
    def resolve_escalations(obj: Ticket):
        return list(obj.escalations.all())


class HypothesisIO(Schema):
    probability: int = Field(ge=0, le=100)
    cause: text(2000, 1)
    symptom: text(2000) = ""
    fix: text(2000) = ""
    test: text(2000) = ""
    verdict: Verdict = Verdict.OPEN


class TicketIn(Schema):
    customer: Reference | None = None
    title: text(200)
    description: text(20000) = ""
    channel: Channel = Channel.PHONE
    category: Category = Category.OTHER
    priority: Priority = Priority.NORMAL
    is_urgent: bool = False


class BriefingIn(Schema):
    summary: text(5000)
    description: text(20000) = ""
    context: text(5000) = ""
    environment: text(5000) = ""
    reproducibility: text(16) = ""
    frequency: text(200) = ""
    pattern: text(200) = ""
    customer_understanding: text(300) = ""
    customer_patience: text(300) = ""
    logs_available: bool = False
    screenshot_available: bool = False
    test_account: text(200) = ""
    admin_access_needed: bool = False
    call_duration_minutes: int | None = Field(None, ge=0, le=100_000)
    n1_opinion: text(5000) = ""
    leads: text(5000) = ""


class EscalateIn(Schema):
    priority: Priority
    escalation_type: EscalationType = EscalationType.COMPLEX
    briefing: BriefingIn
    queued_reason: text(2000) = ""
    is_borderline: bool = False
    is_briefing_complete: bool = False


class ReasonIn(Schema):
    reason: text(2000)


class FeedbackIn(Schema):
    feedback: text(5000)


class AcceptIn(Schema):
    checklist: dict[text(50), bool] = {}


class ResolveIn(Schema):
    cause: text(5000)
    steps: text(10000) = ""
    prevention: text(5000) = ""
    settings_to_keep: text(5000) = ""
    customer_feedback: text(5000) = ""
    satisfaction: int | None = Field(None, ge=1, le=5)
    is_diagnosis_correct: bool | None = None


class EscalateFurtherIn(Schema):
    reason: text(5000)
    vendor: text(100) = ""
    escalation_type: EscalationType = EscalationType.COMPLEX


class QueueItem(Schema):
    escalation: str
    ticket: str
    title: str
    priority: str
    status: str
    customer: str | None
    team: str | None
    requested_at: datetime
    accepted_by: str | None
    accepted_at: datetime | None
    resolution_due_at: datetime | None
    minutes_left: int | None
    queued_reason: str


class QueueOut(Schema):
    tier: str
    awaiting: list[QueueItem]
    in_progress: list[QueueItem]


class TicketFilters(Schema):
    status: Status | None = None
    priority: Priority | None = None
    tier: Tier | None = None
    category: Category | None = None
    source: text(32) | None = None
    customer: Reference | None = None
    assignee: text(150) | None = None
    created_after: datetime | None = None
    created_before: datetime | None = None
    q: text(200) | None = Field(None, description="searches reference and title")


class EscalationFilters(Schema):
    status: EscalationStatus | None = None
    tier: Tier | None = Field(None, description="the tier it goes to")
    priority: Priority | None = None
    team: text(100) | None = None


# -- reads ----------------------------------------------------------------


def _tickets() -> QuerySet[Ticket]:
    return Ticket.objects.select_related("customer", "team", "assignee")


def _escalations() -> QuerySet[Escalation]:
    return Escalation.objects.select_related(
        "ticket", "team", "requested_by", "accepted_by"
    )


def _escalation(reference: str) -> Escalation:
    return get_or_404(_escalations(), reference=reference)


@router.get("/tickets", response={200: list[TicketOut], **ERRORS}, tags=["tickets"])
@paginate(Page)
def list_tickets(request, filters: Query[TicketFilters]):
    """Tickets, newest first, with filters."""
    require_agent(request)
    tickets = _tickets().order_by("-created_at", "-pk")
    exact = {
        "status": filters.status,
        "priority": filters.priority,
        "current_tier": filters.tier,
        "category": filters.category,
        "source": filters.source,
        "customer__reference": filters.customer,
        "assignee__username": filters.assignee,
        "created_at__gte": filters.created_after,
        "created_at__lt": filters.created_before,
    }
    tickets = tickets.filter(**{k: v for k, v in exact.items() if v is not None})
    if filters.q:
        tickets = tickets.filter(
            Q(reference__icontains=filters.q) | Q(title__icontains=filters.q)
        )
    return tickets


@router.get(
    "/tickets/{reference}", response={200: TicketDetail, **ERRORS}, tags=["tickets"]
)
def get_ticket(request, reference: Reference):
    require_agent(request)
    return get_or_404(
        _tickets().prefetch_related(
            "escalations__ticket",
            "escalations__team",
            "escalations__requested_by",
            "escalations__accepted_by",
        ),
        reference=reference,
    )


@router.get(
    "/tickets/{reference}/timeline",
    response={200: list[EventOut], **ERRORS},
    tags=["tickets"],
)
@paginate(Page)
def ticket_timeline(request, reference: Reference):
    """The ticket's events, oldest first."""
    require_agent(request)
    ticket = get_or_404(Ticket.objects.all(), reference=reference)
    return (
        TimelineEvent.objects.filter(ticket=ticket)
        .select_related("actor", "escalation")
        .order_by("at", "pk")
    )


@router.get(
    "/escalations", response={200: list[EscalationOut], **ERRORS}, tags=["escalations"]
)
@paginate(Page)
def list_escalations(request, filters: Query[EscalationFilters]):
    """Escalations, newest first, with filters."""
    require_agent(request)
    escalations = _escalations().order_by("-requested_at", "-pk")
    exact = {
        "status": filters.status,
        "to_tier": filters.tier,
        "priority": filters.priority,
        "team__name": filters.team,
    }
    return escalations.filter(**{k: v for k, v in exact.items() if v is not None})


@router.get(
    "/escalations/{reference}",
    response={200: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def get_escalation(request, reference: Reference):
    require_agent(request)
    return get_or_404(_escalations().select_related("briefing"), reference=reference)


@router.get(
    "/escalations/{reference}/hypotheses",
    response={200: list[HypothesisIO], **ERRORS},
    tags=["hypotheses"],
)
def list_hypotheses(request, reference: Reference):
    require_agent(request)
    escalation = _escalation(reference)
    return list(Hypothesis.objects.filter(escalation=escalation))


@router.get("/queue", response={200: QueueOut, **ERRORS}, tags=["queue"])
def queue(request, tier: Tier = Tier.N2, limit: int = Query(50, ge=1, le=200)):
    """The queue: awaiting assignment (urgent first), then in progress."""
    require_agent(request)
    # The same order as the queue page: urgent first, then least time left.
    awaiting = awaiting_rows(
        Escalation.objects.filter(status=EscalationStatus.AWAITING, to_tier=tier)
    )[:limit]
    in_progress = in_progress_rows(
        Escalation.objects.filter(status=EscalationStatus.ACCEPTED, to_tier=tier)
    )[:limit]
    now = clock.now()
    return {
        "tier": tier,
        "awaiting": [_queue_item(e, now) for e in awaiting],
        "in_progress": [_queue_item(e, now) for e in in_progress],
    }


def _queue_item(escalation: Escalation, now: datetime) -> dict:
    ticket = escalation.ticket
    due = ticket.resolution_due_at
    return {
        "escalation": escalation.reference,
        "ticket": ticket.reference,
        "title": ticket.title,
        "priority": escalation.priority,
        "status": escalation.status,
        "customer": ticket.customer.reference if ticket.customer_id else None,
        "team": escalation.team.name if escalation.team else None,
        "requested_at": escalation.requested_at,
        "accepted_by": (
            escalation.accepted_by.username if escalation.accepted_by else None
        ),
        "accepted_at": escalation.accepted_at,
        "resolution_due_at": due,
        "minutes_left": int((due - now).total_seconds() // 60) if due else None,
        "queued_reason": escalation.queued_reason,
    }


# -- changes --------------------------------------------------------------


@router.post("/tickets", response={201: TicketDetail, **ERRORS}, tags=["tickets"])
def open_ticket(request, payload: TicketIn):
    """Open a ticket (N1): a phone ticket starts in diagnosis."""
    customer = None
    if payload.customer:
        customer = get_or_404(Customer.objects.all(), reference=payload.customer)
    values = payload.dict(exclude={"customer"})
    ticket = services.open_ticket(actor(request), customer=customer, **values)
    return Reply(201, get_or_404(_tickets(), pk=ticket.pk))


@router.post(
    "/tickets/{reference}/escalations",
    response={201: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def escalate_ticket(request, reference: Reference, payload: EscalateIn):
    """Escalate to N2 with the briefing; the customer gets the confirmation."""
    ticket = get_or_404(Ticket.objects.all(), reference=reference)
    escalation = services.escalate_to_n2(
        actor(request),
        ticket,
        briefing=BriefingData(**payload.briefing.dict()),
        priority=payload.priority,
        escalation_type=payload.escalation_type,
        queued_reason=payload.queued_reason,
        is_borderline=payload.is_borderline,
        is_briefing_complete=payload.is_briefing_complete,
    )
    return Reply(201, _escalation(escalation.reference))


@router.post(
    "/escalations/{reference}/accept",
    response={200: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def accept(request, reference: Reference, payload: AcceptIn):
    """Take the escalation (body: {} or the reception checklist); 409 if taken."""
    services.accept_escalation(
        actor(request), _escalation(reference), checklist=payload.checklist
    )
    return _escalation(reference)


@router.post(
    "/escalations/{reference}/queue",
    response={200: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def put_in_queue(request, reference: Reference, payload: ReasonIn):
    """Put the escalation (back) in the queue, saying why."""
    services.queue_escalation(
        actor(request), _escalation(reference), reason=payload.reason
    )
    return _escalation(reference)


@router.post(
    "/escalations/{reference}/resolve",
    response={200: TicketDetail, **ERRORS},
    tags=["escalations"],
)
def resolve(request, reference: Reference, payload: ResolveIn):
    """Record the resolution of the escalated ticket; e-mails the customer."""
    escalation = _escalation(reference)
    services.resolve_ticket(actor(request), escalation.ticket, **payload.dict())
    return get_or_404(_tickets(), pk=escalation.ticket_id)


@router.post(
    "/escalations/{reference}/escalate",
    response={201: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def escalate_further(request, reference: Reference, payload: EscalateFurtherIn):
    """Hand over to N3 (or to a vendor) with the whole history."""
    escalation = _escalation(reference)
    created = services.escalate_further(
        actor(request), escalation.ticket, **payload.dict()
    )
    return Reply(201, _escalation(created.reference))


@router.post(
    "/escalations/{reference}/return",
    response={200: EscalationDetail, **ERRORS},
    tags=["escalations"],
)
def return_as_avoidable(request, reference: Reference, payload: FeedbackIn):
    """Send the escalation back to N1 as avoidable, saying how N1 could solve it."""
    services.return_as_avoidable(
        actor(request), _escalation(reference), feedback=payload.feedback
    )
    return _escalation(reference)


@router.put(
    "/escalations/{reference}/hypotheses",
    response={200: list[HypothesisIO], **ERRORS},
    tags=["hypotheses"],
)
def set_hypotheses(request, reference: Reference, payload: list[HypothesisIO]):
    """Replace the hypotheses; their probabilities add up to 100."""
    escalation = _escalation(reference)
    return services.set_hypotheses(
        actor(request), escalation, [item.dict() for item in payload]
    )
