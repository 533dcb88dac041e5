"""The SLA table never shows more segments met than measured."""

from escalade.accounts.models import Role, Tier
from escalade.reports.selectors import n3_sla_figures, sla_figures
from escalade.tickets.choices import Category, EscalationStatus, Status
from tests.factories import make_person, make_team
from tests.reports.desk_week import AFTER, WEEK, H, M, _escalation, _ticket


def test_an_accepted_then_returned_escalation_is_not_counted_as_met(db):
    experts = make_team(Tier.N2, "Experts")
    claire = make_person(Role.N1, "claire-s")
    thomas = make_person(Role.N2, "thomas-s")

    # Accepted in time and called in time: measured and met.
    kept = _ticket(1, claire, Category.SYNC, first_n2_contact=2 * H, resolved=5 * H)
    _escalation(kept, claire, 10 * M, experts, accepted=(thomas, H), resolved=5 * H)

    # Accepted in time, then returned to N1 who solved it: left out of the
    # acceptance segment (the avoidable KPI judges it), so not met either.
    returned = _ticket(2, claire, Category.SYNC, resolved=3 * H)
    returned.status = Status.RESOLVED_N1
    returned.save()
    _escalation(
        returned,
        claire,
        10 * M,
        experts,
        accepted=(thomas, H),
        status=EscalationStatus.RETURNED,
        returned=2 * H,
    )

    (row,) = sla_figures(WEEK, AFTER)

    assert (row["accept_met"], row["accept_measured"]) == (1, 1)
    for segment in ("n1", "accept", "n2", "customer"):
        assert row[f"{segment}_met"] <= row[f"{segment}_measured"]
    for n3_row in n3_sla_figures(WEEK, AFTER):
        assert n3_row["n3_met"] <= n3_row["n3_measured"]
