"""Every KPI on the hand-built week of desk_week.py, worked out by hand."""

from decimal import Decimal

import pytest

from escalade.reports.kpis import Kpi, TargetRange
from escalade.reports.models import KpiTarget
from escalade.reports.report import build_report
from escalade.reports.scope import Scope
from tests.reports.desk_week import AFTER, WEEK, build_desk_week


@pytest.fixture
def week(db):
    return build_desk_week()


def kpis(scope: Scope = WEEK) -> dict:
    report = build_report(scope, as_of=AFTER)
    return {figure.key: figure for figure in report.kpis}


def scoped(**filters) -> Scope:
    return Scope(WEEK.start, WEEK.end, **filters)


def test_escalation_rate_counts_every_n1_contact(week):
    # T1..T8 are the week's contacts (T0 opened before); T5..T8 escalated.
    rate = kpis()[Kpi.ESCALATION_RATE]
    assert (rate.count, rate.total, rate.value) == (4, 8, 50.0)
    assert rate.met is False  # 5-10%


def test_briefing_quality_is_complete_briefings_over_escalations(week):
    # T5, T7, T8 complete; T6 not.
    quality = kpis()[Kpi.BRIEFING_QUALITY]
    assert (quality.count, quality.total, quality.value) == (3, 4, 75.0)
    assert quality.met is False


def test_n2_resolution_rate_is_over_escalations_n2_finished(week):
    # T5 resolved by N2, T7 sent on to N3; T6 returned and T8 open: left out.
    rate = kpis()[Kpi.N2_RESOLUTION_RATE]
    assert (rate.count, rate.total, rate.value) == (1, 2, 50.0)
    assert rate.met is False


def test_time_to_first_n2_contact_averages_escalation_to_call(week):
    # T5: called 1h50 after the escalation; T7: 29h50. Average 15h50.
    first_contact = kpis()[Kpi.FIRST_CONTACT_TIME]
    assert first_contact.value == pytest.approx(15 + 50 / 60)
    assert first_contact.shown == "15h50"
    assert (first_contact.count, first_contact.total) == (1, 2)  # within 24h
    assert first_contact.met is True


def test_n2_resolution_time_runs_to_the_complete_resolution(week):
    # T5: 9h50; T7, resolved by N3: 59h50. Average 34h50.
    resolution = kpis()[Kpi.N2_RESOLUTION_TIME]
    assert resolution.shown == "34h50"
    assert (resolution.count, resolution.total) == (1, 2)  # within 48h
    assert resolution.met is True


def test_post_escalation_satisfaction_averages_escalated_tickets_only(week):
    # T5 rated 5, T7 rated 4; T1's 5 and T3's 3 were N1 contacts.
    satisfaction = kpis()[Kpi.SATISFACTION]
    assert satisfaction.value == 4.5
    assert satisfaction.total == 2
    assert satisfaction.met is True  # >= 4.5


def test_avoidable_escalations_over_all_escalations(week):
    avoidable = kpis()[Kpi.AVOIDABLE_RATE]
    assert (avoidable.count, avoidable.total, avoidable.value) == (1, 4, 25.0)
    assert avoidable.met is False


def test_feedback_rate_is_over_escalations_n2_has_finished_or_returned(week):
    # Feedback on T5 and T6; none on T7; T8 not yet taken.
    feedback = kpis()[Kpi.FEEDBACK_RATE]
    assert (feedback.count, feedback.total) == (2, 3)
    assert feedback.value == pytest.approx(200 / 3)
    assert feedback.met is False


def test_further_escalations_over_all_escalations(week):
    further = kpis()[Kpi.FURTHER_ESCALATION_RATE]
    assert (further.count, further.total, further.value) == (1, 4, 25.0)
    assert further.met is False


def test_per_agent_n1_counts_the_agents_own_contacts(week):
    claire = kpis(scoped(agent_id=week.claire.pk))
    # T1, T3, T5, T7; she escalated T5 and T7, both with a full briefing.
    assert (claire["escalation_rate"].count, claire["escalation_rate"].total) == (2, 4)
    assert claire["briefing_quality"].value == 100.0
    assert claire["further_rate"].value == 50.0


def test_per_agent_n2_counts_the_escalations_the_expert_took(week):
    thomas = kpis(scoped(agent_id=week.thomas.pk))
    # Thomas accepted T5 and T7: one resolved, one sent on.
    assert thomas["n2_resolution_rate"].shown == "1/2 (50%)"
    assert thomas["briefing_quality"].total == 2


def test_per_team_follows_the_n1_team_or_the_team_that_handled_it(week):
    hotline = kpis(scoped(team_id=week.hotline.pk))
    assert hotline["escalation_rate"].shown == "2/4 (50%)"
    experts = kpis(scoped(team_id=week.experts.pk))
    assert experts["escalation_rate"].shown == "4/4 (100%)"
    assert experts["avoidable_rate"].shown == "1/4 (25%)"


def test_per_category(week):
    sync = kpis(scoped(category="sync"))
    assert sync["escalation_rate"].shown == "2/2 (100%)"
    assert sync["n2_resolution_rate"].shown == "1/1 (100%)"
    assert sync["feedback_rate"].shown == "1/1 (100%)"


def test_sla_says_which_tier_was_late(week):
    report = build_report(WEEK, as_of=AFTER)
    urgent, normal = report.sla
    assert urgent.priority == "urgent"
    # T8 was escalated in time but never accepted: N2 was late.
    assert urgent.segments["n1"] == (1, 1)
    assert urgent.segments["n2_acceptance"] == (0, 1)
    assert urgent.segments["n2_resolution"] == (0, 1)
    assert urgent.breached == 1
    assert urgent.late_segments == ["n2_acceptance", "n2_resolution", "customer"]
    # T6's N1 took 25 minutes; T7 was first called after 30 hours; T7's N3
    # part took 20 hours of its 48.
    assert normal.segments["n1"] == (6, 7)
    assert normal.segments["n2_acceptance"] == (1, 2)
    assert normal.segments["n2_resolution"] == (1, 1)
    assert normal.segments["n3"] == (1, 1)
    assert normal.segments["customer"] == (1, 3)


def test_an_empty_period_has_no_value_and_no_mark(db):
    figures = kpis()
    assert figures["escalation_rate"].value is None
    assert figures["escalation_rate"].met is None
    assert figures["escalation_rate"].shown == "0/0 (—)"


def test_a_supervisor_target_replaces_the_spec_default(week):
    KpiTarget.objects.filter(kpi=Kpi.ESCALATION_RATE).update(
        minimum=Decimal(40), maximum=Decimal(60)
    )
    rate = kpis()[Kpi.ESCALATION_RATE]
    assert rate.met is True
    assert rate.target == "40–60%"


@pytest.mark.parametrize(
    ("target", "value", "met"),
    [
        (TargetRange(Decimal(5), Decimal(10)), 5, True),
        (TargetRange(Decimal(5), Decimal(10)), 10, True),
        (TargetRange(Decimal(5), Decimal(10)), 10.01, False),
        (TargetRange(maximum=Decimal(5), is_maximum_strict=True), 5, False),
        (TargetRange(maximum=Decimal(5), is_maximum_strict=True), 4.99, True),
        (TargetRange(minimum=Decimal("4.5")), 4.49, False),
        (TargetRange(maximum=Decimal(24)), 24, True),
    ],
)
def test_target_bounds(target, value, met):
    assert target.is_met(value) is met
