from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Tier(models.TextChoices):
    N1 = "N1", _("level 1")
    N2 = "N2", _("level 2")
    N3 = "N3", _("level 3")


class Role(models.TextChoices):
    """Roles are Django groups; these are their names."""

    N1 = "N1", _("level-1 agent")
    N2 = "N2", _("level-2 expert")
    N3 = "N3", _("level-3 engineer")
    SUPERVISOR = "supervisor", _("supervisor")
    ADMIN = "admin", _("administrator")


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices)
    is_round_robin = models.BooleanField(
        _("round-robin assignment"),
        default=False,
        help_text=_("Give each new escalation to the next expert of the team in turn."),
    )
    email = models.EmailField(_("team e-mail"), blank=True)

    class Meta:
        ordering = ["tier", "name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return self.name


class AgentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent"
    )
    tier = models.CharField(_("tier"), max_length=2, choices=Tier.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    supervisor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("supervisor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supervised_agents",
    )
    specialities = models.JSONField(
        _("specialities"),
        default=list,
        blank=True,
        help_text=_("Ticket categories this agent is expert in."),
    )
    title = models.CharField(_("job title"), max_length=100, blank=True)
    is_available = models.BooleanField(_("available for assignment"), default=True)

    class Meta:
        verbose_name = _("agent profile")
        verbose_name_plural = _("agent profiles")

    def __str__(self) -> str:
        return f"{self.display_name} ({self.tier})"

    @property
    def display_name(self) -> str:
        return short_name(self.user)


def short_name(user) -> str:
    """'Claire M.': first name and initial, as agents sign on the phone."""
    if user is None:
        return ""
    if user.first_name:
        initial = f" {user.last_name[0]}." if user.last_name else ""
        return f"{user.first_name}{initial}"
    return user.get_username()
