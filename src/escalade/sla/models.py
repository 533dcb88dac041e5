"""SLA policies, calendars, who is told, and the state of each ticket's clocks."""

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from escalade import clock
from escalade.accounts.models import Team
from escalade.sla.calendar import WorkCalendar
from escalade.tickets.choices import Priority


def default_weekdays() -> list[int]:
    return [0, 1, 2, 3, 4]


def default_hours() -> list[list[str]]:
    return [["09:00", "18:00"]]


def parse_clock_time(text: str) -> time | None:
    """'09:30' -> time(9, 30); '24:00' -> None, meaning midnight at day's end."""
    if text == "24:00":
        return None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


class Calendar(models.Model):
    """When a team works: round the clock, or opening hours on working days."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    is_round_the_clock = models.BooleanField(_("round the clock"), default=False)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Paris")
    weekdays = models.JSONField(
        _("open week days"),
        default=default_weekdays,
        help_text=_("Numbers of the open days: 0 is Monday, 6 is Sunday."),
    )
    opening_hours = models.JSONField(
        _("opening hours"),
        default=default_hours,
        help_text=_(
            'Periods of each open day, such as [["09:00", "12:30"], '
            '["13:30", "18:00"]] for a lunch break; "24:00" is midnight.'
        ),
    )
    holiday_country = models.CharField(
        _("public holidays of"),
        max_length=8,
        default="FR",
        blank=True,
        help_text=_("Country code for the holidays package; empty for none."),
    )
    holiday_subdivision = models.CharField(
        _("region for holidays"), max_length=16, blank=True
    )
    closed_days = models.JSONField(
        _("extra closed days"),
        default=list,
        blank=True,
        help_text=_('Dates the desk is closed, such as ["2025-12-26"].'),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("calendar")
        verbose_name_plural = _("calendars")

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            self.as_work_calendar()
        except (ValueError, TypeError, KeyError, ZoneInfoNotFoundError) as error:
            raise ValidationError(
                _("This calendar is not valid: %(error)s") % {"error": error}
            ) from None

    def as_work_calendar(self) -> WorkCalendar:
        ZoneInfo(self.time_zone)  # raises on an unknown zone
        return WorkCalendar(
            is_round_the_clock=self.is_round_the_clock,
            time_zone=self.time_zone,
            weekdays=frozenset(int(day) for day in self.weekdays),
            hours=tuple(
                (parse_clock_time(start) or time(0), parse_clock_time(end))
                for start, end in self.opening_hours
            ),
            holiday_country=self.holiday_country,
            holiday_subdivision=self.holiday_subdivision,
            closed_days=frozenset(date.fromisoformat(day) for day in self.closed_days),
        )


class BreachAction(models.TextChoices):
    NOTIFY = "notify", _("notify only")
    RAISE_PRIORITY = "raise_priority", _("raise the priority")
    TO_SUPERVISOR = "to_supervisor", _("hand the ticket to the supervisor")


class Policy(models.Model):
    """The targets of one priority, on a calendar."""

    priority = models.CharField(
        _("priority"), max_length=8, choices=Priority.choices, unique=True
    )
    calendar = models.ForeignKey(
        Calendar,
        verbose_name=_("calendar"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty: round the clock."),
    )
    n1_target = models.DurationField(
        _("N1 handling target"), default=timedelta(minutes=15)
    )
    first_response_target = models.DurationField(_("first N2 contact target"))
    resolution_target = models.DurationField(_("resolution target"))
    n3_target = models.DurationField(_("N3 or vendor target"))
    warning_percent = models.PositiveSmallIntegerField(
        _("warn at (% of the target)"),
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
    )
    is_quiet_at_night = models.BooleanField(
        _("no e-mails at night"),
        default=True,
        help_text=_("Warnings and breaches found at night are e-mailed next morning."),
    )
    quiet_from = models.TimeField(_("night starts at"), default=time(20))
    quiet_until = models.TimeField(_("night ends at"), default=time(8))
    breach_action = models.CharField(
        _("on a breach of the customer's clock"),
        max_length=16,
        choices=BreachAction.choices,
        default=BreachAction.NOTIFY,
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor who takes breached tickets"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")

    def __str__(self) -> str:
        return str(self.get_priority_display())


class TeamCalendar(models.Model):
    """The calendar a team works on, for the clocks of its segments."""

    team = models.OneToOneField(
        Team, on_delete=models.CASCADE, related_name="sla_calendar"
    )
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("team calendar")
        verbose_name_plural = _("team calendars")

    def __str__(self) -> str:
        return f"{self.team} → {self.calendar}"


class Level(models.TextChoices):
    """Who answers for a clock: a tier, or the desk for the customer's clock."""

    DESK = "desk", _("the desk (customer's clock)")
    N1 = "N1", _("level 1")
    N2 = "N2", _("level 2")
    N3 = "N3", _("level 3 or vendor")


class Recipient(models.Model):
    """Someone told when a clock of a level warns or breaches."""

    policy = models.ForeignKey(
        Policy,
        verbose_name=_("policy"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recipients",
        help_text=_("Empty: every policy."),
    )
    level = models.CharField(_("level"), max_length=4, choices=Level.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    email = models.EmailField(_("or e-mail address"), blank=True)
    on_warning = models.BooleanField(_("told of warnings"), default=True)
    on_breach = models.BooleanField(_("told of breaches"), default=True)

    class Meta:
        verbose_name = _("SLA recipient")
        verbose_name_plural = _("SLA recipients")

    def __str__(self) -> str:
        return f"{self.level}: {self.address}"

    @property
    def address(self) -> str:
        return self.email or (self.user.email if self.user else "")


class ClockKind(models.TextChoices):
    FIRST_CONTACT = "first_contact", _("customer: first N2 contact")
    RESOLUTION = "resolution", _("customer: resolution")
    N1 = "n1", _("N1 handling")
    N2_CONTACT = "n2_contact", _("N2 acceptance and first contact")
    N2_RESOLUTION = "n2_resolution", _("N2 resolution")
    N3 = "n3", _("N3 or vendor")


class ClockState(models.TextChoices):
    RUNNING = "running", _("running")
    PAUSED = "paused", _("paused")
    STOPPED = "stopped", _("stopped")


class Clock(models.Model):
    """One clock of a ticket, as last derived from its status history.

    Everything but the three marks is recomputed from the history at each
    change and by the sweep; the marks (``warned_at``,
    ``breach_notified_at``, ``timer_at``) record what was done once and are
    claimed by conditional UPDATEs.
    """

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="sla_clocks"
    )
    kind = models.CharField(_("clock"), max_length=16, choices=ClockKind.choices)
    level = models.CharField(_("level"), max_length=4, choices=Level.choices)
    state = models.CharField(_("state"), max_length=8, choices=ClockState.choices)
    target = models.DurationField(_("target"))
    started_at = models.DateTimeField(_("started at"))
    elapsed = models.DurationField(_("elapsed working time"))
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), default=clock.now)
    warned_at = models.DateTimeField(_("warning sent at"), null=True, blank=True)
    breach_notified_at = models.DateTimeField(
        _("breach notified at"), null=True, blank=True
    )
    timer_at = models.DateTimeField(_("timer set for"), null=True, blank=True)

    class Meta:
        ordering = ["ticket", "started_at", "kind"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [
            models.UniqueConstraint(fields=["ticket", "kind"], name="sla_clock_once")
        ]
        indexes = [
            models.Index(fields=["state", "due_at"]),
            models.Index(fields=["breached_at", "breach_notified_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.state}"

    @property
    def remaining(self) -> timedelta:
        return self.target - self.elapsed
