"""Who should take an escalation: the suggestion and the round-robin turn.

Two rules, both read-only; the transitions that act on them live in
``services`` (``accept_escalation``, ``assign_in_turn``).

- The suggestion ranks the experts of the escalation's tier: first those
  whose specialities hold the ticket's category, then the least loaded
  (fewest open tickets assigned), then by name. Experts marked unavailable
  are left out.
- Round-robin gives each escalation of a team to the next available member
  after the one who took the team's latest escalation, by join order.
"""

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import gettext as _

from escalade.accounts.models import Role, Team, Tier, short_name
from escalade.tickets.choices import OPEN_STATUSES, Category, Status
from escalade.tickets.models import Escalation

# Open tickets that weigh on an expert: everything assigned and not done,
# except those waiting for someone else.
LOAD_STATUSES = sorted(set(OPEN_STATUSES) - {Status.WAITING_VENDOR})

TIER_ROLE = {Tier.N2: Role.N2, Tier.N3: Role.N3}


@dataclass(frozen=True)
class Candidate:
    """An expert who could take an escalation, with what the rules weigh."""

    user_id: int
    name: str
    team_id: int | None
    specialities: tuple[str, ...]
    open_tickets: int


@dataclass(frozen=True)
class Suggestion:
    candidate: Candidate
    is_specialist: bool
    reason: str


def candidates(tier: str = Tier.N2) -> list[Candidate]:
    """The available experts of a tier with their load, in one query."""
    role = TIER_ROLE.get(tier, Role.N2)
    users = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=role, agent__is_available=True)
        .select_related("agent")
        .annotate(
            open_tickets=Count(
                "assigned_tickets",
                filter=Q(assigned_tickets__status__in=LOAD_STATUSES),
                distinct=True,
            )
        )
        .order_by("pk")
    )
    return [
        Candidate(
            user_id=user.pk,
            name=short_name(user),
            team_id=user.agent.team_id,
            specialities=tuple(user.agent.specialities or ()),
            open_tickets=user.open_tickets,
        )
        for user in users
    ]


def suggest(category: str, pool: list[Candidate], limit: int = 3) -> list[Suggestion]:
    """Rank the pool for a ticket of ``category``: specialists, then least load."""
    ranked = sorted(
        pool,
        key=lambda c: (category not in c.specialities, c.open_tickets, c.name),
    )
    return [_suggestion(candidate, category) for candidate in ranked[:limit]]


def _suggestion(candidate: Candidate, category: str) -> Suggestion:
    is_specialist = category in candidate.specialities
    load = _("%(count)s open ticket(s)") % {"count": candidate.open_tickets}
    if is_specialist:
        reason = _("specialist in %(category)s, %(load)s") % {
            "category": Category(category).label,
            "load": load,
        }
    else:
        reason = load
    return Suggestion(candidate=candidate, is_specialist=is_specialist, reason=reason)


def next_in_turn(team: Team, tier: str):
    """The team member whose turn it is, or None when nobody is available."""
    role = TIER_ROLE.get(tier, Role.N2)
    members = list(
        get_user_model()
        .objects.filter(
            is_active=True,
            groups__name=role,
            agent__team=team,
            agent__is_available=True,
        )
        .order_by("pk")
    )
    if not members:
        return None
    last_id = (
        Escalation.objects.filter(team=team, accepted_by__in=members)
        .order_by("-accepted_at", "-pk")
        .values_list("accepted_by", flat=True)
        .first()
    )
    after_last = [member for member in members if last_id and member.pk > last_id]
    return (after_last or members)[0]
