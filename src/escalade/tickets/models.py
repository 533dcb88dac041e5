from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from escalade import clock
from escalade.accounts.models import Team, Tier
from escalade.tickets.choices import (
    AttemptOutcome,
    Category,
    Channel,
    EscalationStatus,
    EscalationType,
    FollowUpAnswer,
    NoteKind,
    Priority,
    Status,
    Verdict,
)

USER = settings.AUTH_USER_MODEL


class ReferenceCounter(models.Model):
    """The last number handed out for a kind of reference (TK, CLT).

    Numbers come from an UPDATE that increments this row, which locks it until
    the transaction ends: two concurrent creations never get the same number,
    and a number is never reused, even when a ticket is deleted.
    """

    name = models.CharField(max_length=16, primary_key=True)
    value = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"


class Ticket(models.Model):
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tickets",
    )
    channel = models.CharField(
        _("channel"), max_length=8, choices=Channel.choices, default=Channel.PHONE
    )
    category = models.CharField(
        _("category"), max_length=16, choices=Category.choices, default=Category.OTHER
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    is_urgent = models.BooleanField(_("urgent for the customer"), default=False)
    current_tier = models.CharField(
        _("current tier"), max_length=2, choices=Tier.choices, default=Tier.N1
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
    )
    assignee = models.ForeignKey(
        USER,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_tickets",
    )
    created_by = models.ForeignKey(
        USER,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_tickets",
    )
    created_at = models.DateTimeField(_("created at"), default=clock.now)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    call_started_at = models.DateTimeField(_("call started at"), null=True, blank=True)
    first_n2_contact_at = models.DateTimeField(
        _("first N2 contact at"), null=True, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    first_contact_due_at = models.DateTimeField(
        _("first N2 contact due at"), null=True, blank=True
    )
    resolution_due_at = models.DateTimeField(
        _("resolution due at"), null=True, blank=True
    )
    sla_breached_at = models.DateTimeField(_("SLA breached at"), null=True, blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("customer satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    triage_outcome = models.CharField(
        _("triage recommendation"), max_length=16, blank=True
    )
    triage_priority = models.CharField(_("triage priority"), max_length=8, blank=True)
    triage_reasons = models.JSONField(_("triage reasons"), default=list, blank=True)
    triage_override_reason = models.TextField(
        _("reason for overriding triage"), blank=True
    )
    source = models.CharField(_("source"), max_length=32, blank=True)
    source_id = models.CharField(_("source identifier"), max_length=64, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        indexes = [
            models.Index(fields=["status", "priority"]),
            models.Index(fields=["created_at"]),
            models.Index(fields=["category", "created_at"]),
            models.Index(fields=["assignee", "status"]),
            models.Index(fields=["team", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["source", "source_id"],
                condition=~models.Q(source=""),
                name="ticket_unique_source_id",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:detail", args=[self.reference])


class Diagnosis(models.Model):
    """The answers to the six diagnostic questions of the N1 call."""

    ticket = models.OneToOneField(
        Ticket, on_delete=models.CASCADE, related_name="diagnosis"
    )
    started_when = models.CharField(_("when did it start?"), max_length=200, blank=True)
    is_recurring = models.BooleanField(_("has it happened before?"), null=True)
    trigger = models.TextField(_("after a specific action?"), blank=True)
    devices = models.TextField(_("on which devices and browsers?"), blank=True)
    symptoms = models.TextField(_("what happens exactly?"), blank=True)
    error_message = models.CharField(_("error message"), max_length=300, blank=True)
    tried_by_customer = models.TextField(_("what has the customer tried?"), blank=True)
    urgency_notes = models.TextField(_("urgency"), blank=True)
    needed_today = models.BooleanField(_("needed today"), default=False)
    business_impact = models.BooleanField(_("affects work or business"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("diagnosis")
        verbose_name_plural = _("diagnoses")

    def __str__(self) -> str:
        return f"{self.ticket.reference} diagnosis"


class ResolutionAttempt(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="attempts"
    )
    tier = models.CharField(
        _("tier"), max_length=2, choices=Tier.choices, default=Tier.N1
    )
    action = models.CharField(_("action"), max_length=300)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=AttemptOutcome.choices
    )
    result = models.CharField(_("what happened"), max_length=300, blank=True)
    agent = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("resolution attempt")
        verbose_name_plural = _("resolution attempts")

    def __str__(self) -> str:
        return f"{self.action} → {self.get_outcome_display()}"


class Escalation(models.Model):
    reference = models.CharField(_("reference"), max_length=24, unique=True)
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="escalations"
    )
    number = models.PositiveSmallIntegerField(_("number"))
    from_tier = models.CharField(_("from tier"), max_length=2, choices=Tier.choices)
    to_tier = models.CharField(_("to tier"), max_length=2, choices=Tier.choices)
    vendor = models.CharField(
        _("outside vendor"),
        max_length=100,
        blank=True,
        help_text=_("Filled when the escalation goes to an outside vendor."),
    )
    type = models.CharField(
        _("escalation type"),
        max_length=16,
        choices=EscalationType.choices,
        default=EscalationType.COMPLEX,
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=EscalationStatus.choices,
        default=EscalationStatus.AWAITING,
    )
    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, default=Priority.NORMAL
    )
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="escalations",
    )
    requested_by = models.ForeignKey(
        USER,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="requested_escalations",
    )
    requested_at = models.DateTimeField(_("requested at"), default=clock.now)
    accepted_by = models.ForeignKey(
        USER,
        verbose_name=_("accepted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="accepted_escalations",
    )
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    queued_reason = models.TextField(_("reason for queueing"), blank=True)
    expected_at = models.DateTimeField(
        _("answer expected by"),
        null=True,
        blank=True,
        help_text=_("For N3 and vendors: when an answer is expected."),
    )
    reception_checklist = models.JSONField(
        _("reception checklist"), default=dict, blank=True
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    is_avoidable = models.BooleanField(_("avoidable escalation"), default=False)
    is_borderline = models.BooleanField(_("borderline case"), default=False)
    is_briefing_complete = models.BooleanField(_("briefing complete"), default=False)
    is_diagnosis_correct = models.BooleanField(
        _("N1 diagnosis was right"), null=True, blank=True
    )
    return_reason = models.TextField(_("reason for returning to N1"), blank=True)
    returned_at = models.DateTimeField(_("returned at"), null=True, blank=True)
    feedback_to_n1 = models.TextField(_("feedback to N1"), blank=True)
    feedback_by = models.ForeignKey(
        USER,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="given_feedback",
    )
    feedback_at = models.DateTimeField(_("feedback given at"), null=True, blank=True)
    feedback_read_at = models.DateTimeField(
        _("feedback read at"), null=True, blank=True
    )

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "number"], name="escalation_unique_number"
            )
        ]
        indexes = [
            models.Index(fields=["status", "priority", "requested_at"]),
            models.Index(fields=["requested_at"]),
            models.Index(fields=["accepted_by", "status"]),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("tickets:detail", args=[self.ticket.reference])


class Reproducibility(models.TextChoices):
    ALWAYS = "always", _("reproducible every time")
    SOMETIMES = "sometimes", _("intermittent")
    NOT_REPRODUCED = "not_reproduced", _("could not reproduce")


class Briefing(models.Model):
    """The N1-to-N2 handover form, field for field."""

    escalation = models.OneToOneField(
        Escalation, on_delete=models.CASCADE, related_name="briefing"
    )
    summary = models.TextField(_("summary (100 words at most)"))
    description = models.TextField(_("detailed description"), blank=True)
    context = models.TextField(_("context and trigger"), blank=True)
    environment = models.TextField(_("technical environment"), blank=True)
    diagnostics = models.JSONField(
        _("diagnostics"),
        default=list,
        blank=True,
        help_text=_("List of {label, done}: checks done and not done at N1."),
    )
    reproducibility = models.CharField(
        _("reproducibility"), max_length=16, choices=Reproducibility.choices, blank=True
    )
    frequency = models.CharField(_("frequency"), max_length=200, blank=True)
    pattern = models.CharField(_("pattern"), max_length=200, blank=True)
    customer_understanding = models.CharField(
        _("customer's understanding"), max_length=300, blank=True
    )
    customer_patience = models.CharField(
        _("customer's patience"), max_length=300, blank=True
    )
    logs_available = models.BooleanField(_("logs available"), default=False)
    screenshot_available = models.BooleanField(_("screenshot available"), default=False)
    test_account = models.CharField(
        _("test account or e-mail"), max_length=200, blank=True
    )
    admin_access_needed = models.BooleanField(_("admin access needed"), default=False)
    call_duration_minutes = models.PositiveIntegerField(
        _("N1 call duration (minutes)"), null=True, blank=True
    )
    n1_opinion = models.TextField(_("N1 opinion"), blank=True)
    leads = models.TextField(_("investigation leads"), blank=True)
    confirmed_items = models.JSONField(
        _("checklist items confirmed by hand"), default=list, blank=True
    )

    class Meta:
        verbose_name = _("briefing")
        verbose_name_plural = _("briefings")

    def __str__(self) -> str:
        return f"{self.escalation.reference} briefing"


class Hypothesis(models.Model):
    escalation = models.ForeignKey(
        Escalation, on_delete=models.CASCADE, related_name="hypotheses"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=1)
    probability = models.PositiveSmallIntegerField(
        _("probability (%)"), validators=[MinValueValidator(0), MaxValueValidator(100)]
    )
    cause = models.TextField(_("cause"))
    symptom = models.TextField(_("symptom"), blank=True)
    fix = models.TextField(_("fix"), blank=True)
    test = models.TextField(_("test"), blank=True)
    verdict = models.CharField(
        _("verdict"), max_length=10, choices=Verdict.choices, default=Verdict.OPEN
    )
    created_by = models.ForeignKey(
        USER, on_delete=models.SET_NULL, null=True, blank=True
    )
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("hypothesis")
        verbose_name_plural = _("hypotheses")

    def __str__(self) -> str:
        return f"{self.probability}% {self.cause[:60]}"


class Resolution(models.Model):
    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="resolutions"
    )
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True
    )
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices)
    cause = models.TextField(_("cause"))
    steps = models.TextField(_("steps applied"), blank=True)
    prevention = models.TextField(_("prevention"), blank=True)
    settings_to_keep = models.TextField(_("settings to keep"), blank=True)
    customer_feedback = models.TextField(_("customer feedback"), blank=True)
    satisfaction = models.PositiveSmallIntegerField(
        _("satisfaction"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    resolved_by = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True)
    resolved_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["-resolved_at"]
        verbose_name = _("resolution")
        verbose_name_plural = _("resolutions")

    def __str__(self) -> str:
        return f"{self.ticket.reference}: {self.cause[:60]}"


class CallLog(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="calls")
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True
    )
    agent = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True)
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices)
    is_outbound = models.BooleanField(_("outbound call"), default=False)
    started_at = models.DateTimeField(_("started at"), default=clock.now)
    duration_seconds = models.PositiveIntegerField(_("duration (seconds)"))
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        ordering = ["started_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")

    def __str__(self) -> str:
        return f"{self.ticket.reference} call {self.duration_seconds}s"


class Note(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NoteKind.choices)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(default=clock.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self) -> str:
        return f"{self.ticket.reference} {self.kind}"


class FollowUp(models.Model):
    """The day-3 follow-up after a resolution."""

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="follow_ups"
    )
    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, null=True, blank=True
    )
    due_at = models.DateTimeField(_("due at"), db_index=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    answer = models.CharField(
        _("answer"), max_length=12, choices=FollowUpAnswer.choices, blank=True
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    token = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering = ["due_at"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self) -> str:
        return f"{self.ticket.reference} follow-up {self.due_at:%Y-%m-%d}"


class TimelineEvent(models.Model):
    """One change to a ticket: who, what, when, the values before and after."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    escalation = models.ForeignKey(
        Escalation, on_delete=models.SET_NULL, null=True, blank=True
    )
    actor = models.ForeignKey(USER, on_delete=models.SET_NULL, null=True, blank=True)
    kind = models.CharField(_("kind"), max_length=32)
    at = models.DateTimeField(_("at"), default=clock.now)
    status_before = models.CharField(max_length=20, blank=True)
    status_after = models.CharField(max_length=20, blank=True)
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("timeline event")
        verbose_name_plural = _("timeline events")
        indexes = [
            models.Index(fields=["ticket", "at"]),
            models.Index(fields=["kind", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.at:%Y-%m-%d %H:%M}"
