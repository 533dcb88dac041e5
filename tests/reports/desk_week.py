"""A small desk week, built by hand, whose KPIs the tests work out by hand.

Monday 2 to Sunday 8 March 2026. Claire (N1, team Hotline) and Jean (N1, no
team) take eight contacts; Thomas (N2, team Experts) works the escalations;
Alex (N3) takes one further. Times are counted from each ticket's creation.

    T1 claire password    solved at N1 after 5 min, rated 5
    T2 jean   password    solved at N1 after 5 min
    T3 claire password    solved at N1 after 5 min, rated 3
    T4 jean   password    solved at N1 after 5 min
    T5 claire sync        escalated at 10 min, complete briefing, right
                          diagnosis; accepted +1h, called +2h, resolved +10h,
                          feedback given, rated 5
    T6 jean   server_cfg  escalated at 25 min, incomplete briefing, wrong
                          diagnosis; returned as avoidable +1h with feedback
    T7 claire integration escalated at 10 min, complete, right, borderline;
                          accepted +3h, called +30h, sent to N3 at +40h,
                          resolved by N3 at +60h, rated 4
    T8 jean   sync        urgent, escalated at 10 min, complete briefing;
                          still awaiting acceptance, SLA breached
    T0 claire sync        escalated, but opened the week before: out of scope
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from escalade.accounts.models import Role, Tier
from escalade.reports.scope import Scope
from escalade.tickets.choices import Category, EscalationStatus, Priority, Status
from escalade.tickets.models import Escalation, Ticket
from tests.factories import make_person, make_team

PARIS = ZoneInfo("Europe/Paris")
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=PARIS)
WEEK = Scope.for_dates(date(2026, 3, 2), date(2026, 3, 8))
AFTER = datetime(2026, 3, 20, 12, 0, tzinfo=PARIS)  # everything has ended

H = timedelta(hours=1)
M = timedelta(minutes=1)


@dataclass
class DeskWeek:
    claire: object
    jean: object
    thomas: object
    alex: object
    hotline: object
    experts: object
    tickets: dict


def build_desk_week() -> DeskWeek:
    hotline = make_team(Tier.N1, "Hotline")
    experts = make_team(Tier.N2, "Experts")
    level3 = make_team(Tier.N3, "Architecture")
    claire = make_person(Role.N1, "claire-w")
    claire.agent.team = hotline
    claire.agent.save()
    jean = make_person(Role.N1, "jean-w")
    thomas = make_person(Role.N2, "thomas-w")
    thomas.agent.team = experts
    thomas.agent.save()
    alex = make_person(Role.N3, "alex-w")
    week = DeskWeek(claire, jean, thomas, alex, hotline, experts, {})
    t = week.tickets

    for number, agent, rating in [(1, claire, 5), (2, jean, None), (3, claire, 3)]:
        t[number] = _solved_at_n1(number, agent, rating)
    t[4] = _solved_at_n1(4, jean, None)

    t[5] = _ticket(5, claire, Category.SYNC, first_n2_contact=2 * H, resolved=10 * H)
    t[5].satisfaction = 5
    t[5].status = Status.RESOLVED
    t[5].save()
    _escalation(
        t[5],
        claire,
        10 * M,
        experts,
        complete=True,
        right=True,
        accepted=(thomas, H),
        resolved=10 * H,
        feedback=10 * H,
    )

    t[6] = _ticket(6, jean, Category.SERVER_CONFIG)
    _escalation(
        t[6],
        jean,
        25 * M,
        experts,
        complete=False,
        right=False,
        status=EscalationStatus.RETURNED,
        avoidable=True,
        returned=H,
        feedback=H,
        by=thomas,
    )

    t[7] = _ticket(
        7, claire, Category.INTEGRATION, first_n2_contact=30 * H, resolved=60 * H
    )
    t[7].satisfaction = 4
    t[7].status = Status.RESOLVED
    t[7].save()
    _escalation(
        t[7],
        claire,
        10 * M,
        experts,
        complete=True,
        right=True,
        borderline=True,
        accepted=(thomas, 3 * H),
        status=EscalationStatus.ESCALATED,
    )
    _escalation(
        t[7],
        thomas,
        40 * H,
        level3,
        number=2,
        from_tier=Tier.N2,
        to_tier=Tier.N3,
        complete=True,
        accepted=(alex, 41 * H),
        resolved=60 * H,
    )

    t[8] = _ticket(8, jean, Category.SYNC, priority=Priority.URGENT)
    t[8].sla_breached_at = t[8].created_at + 5 * H
    t[8].save()
    _escalation(
        t[8],
        jean,
        10 * M,
        experts,
        complete=True,
        status=EscalationStatus.AWAITING,
        priority=Priority.URGENT,
    )

    t[0] = _ticket(0, claire, Category.SYNC, when=MONDAY - 2 * 24 * H)
    _escalation(t[0], claire, 10 * M, experts, complete=True, right=True)
    return week


def _ticket(
    number: int,
    agent,
    category: str,
    *,
    priority: str = Priority.NORMAL,
    first_n2_contact: timedelta | None = None,
    resolved: timedelta | None = None,
    when: datetime | None = None,
) -> Ticket:
    created = when or MONDAY + number * 3 * H
    return Ticket.objects.create(
        reference=f"TK-W{number:04d}",
        title=f"Ticket {number}",
        category=category,
        priority=priority,
        created_by=agent,
        created_at=created,
        call_started_at=created,
        status=Status.DIAGNOSING,
        first_n2_contact_at=created + first_n2_contact if first_n2_contact else None,
        resolved_at=created + resolved if resolved else None,
    )


def _solved_at_n1(number: int, agent, rating: int | None) -> Ticket:
    ticket = _ticket(number, agent, Category.PASSWORD, resolved=5 * M)
    ticket.status = Status.RESOLVED_N1
    ticket.satisfaction = rating
    ticket.save()
    return ticket


def _escalation(
    ticket: Ticket,
    requester,
    after: timedelta,
    team,
    *,
    number: int = 1,
    from_tier: str = Tier.N1,
    to_tier: str = Tier.N2,
    complete: bool = False,
    right: bool | None = None,
    borderline: bool = False,
    avoidable: bool = False,
    status: str = EscalationStatus.RESOLVED,
    priority: str = Priority.NORMAL,
    accepted: tuple | None = None,
    resolved: timedelta | None = None,
    returned: timedelta | None = None,
    feedback: timedelta | None = None,
    by=None,
) -> Escalation:
    start = ticket.created_at
    requested = start + after
    if number == 1:
        # The ticket's due times run from its first escalation.
        hours = (4, 4) if priority == Priority.URGENT else (24, 48)
        ticket.first_contact_due_at = requested + hours[0] * H
        ticket.resolution_due_at = requested + hours[1] * H
        ticket.save()
    return Escalation.objects.create(
        reference=f"{ticket.reference}-TECH-{number:03d}",
        ticket=ticket,
        number=number,
        from_tier=from_tier,
        to_tier=to_tier,
        status=status,
        priority=priority,
        team=team,
        requested_by=requester,
        requested_at=requested,
        accepted_by=accepted[0] if accepted else None,
        accepted_at=start + accepted[1] if accepted else None,
        resolved_at=start + resolved if resolved else None,
        returned_at=start + returned if returned else None,
        is_briefing_complete=complete,
        is_diagnosis_correct=right,
        is_borderline=borderline,
        is_avoidable=avoidable,
        feedback_to_n1="Voici comment faire." if feedback else "",
        feedback_by=by or (accepted[0] if accepted else None),
        feedback_at=start + feedback if feedback else None,
    )
