"""The specification's December 2025 month gives the report's figures."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from escalade.accounts.models import Role, Tier
from escalade.reports.generator import DECEMBER_2025, Staff, generate_month
from escalade.reports.report import build_report
from escalade.reports.scope import Scope
from tests.factories import make_person, make_team

DECEMBER = Scope.for_dates(date(2025, 12, 1), date(2025, 12, 31))


@pytest.fixture
def staff(db):
    return Staff(
        n1_agents=[make_person(Role.N1), make_person(Role.N1)],
        n2_experts=[make_person(Role.N2), make_person(Role.N2)],
        n1_team=make_team(Tier.N1, "Hotline"),
        n2_team=make_team(Tier.N2, "Experts"),
    )


@pytest.fixture
def december(staff):
    generate_month(date(2025, 12, 1), staff, DECEMBER_2025)
    return build_report(DECEMBER)


def shown(report, key: str) -> str:
    for figure in [*report.kpis, *(f for s in report.sections for f in s.figures)]:
        if figure.key == key:
            return figure.shown
    raise KeyError(key)


def marked(report, key: str) -> bool | None:
    return next(f.met for f in report.kpis if f.key == key)


def test_december_volume_is_eight_percent_escalated(december):
    assert shown(december, "contacts") == "850"
    assert shown(december, "resolved_n1") == "782"
    assert shown(december, "escalation_rate") == "68/850 (8%)"
    assert marked(december, "escalation_rate") is True


def test_december_quality_of_n1_escalations(december):
    assert shown(december, "briefing_quality") == "65/68 (96%)"
    assert shown(december, "diagnosis_right") == "62/68 (91%)"
    assert shown(december, "diagnosis_wrong") == "6/68 (9%)"
    assert marked(december, "briefing_quality") is True


def test_december_n2_impact(december):
    assert shown(december, "n2_resolution_rate") == "68/68 (100%)"
    assert shown(december, "within_sla") == "68/68 (100%)"
    # Resolutions alternate 4h00 and 4h40 after the escalation.
    assert shown(december, "n2_resolution_time") == "4h20"
    assert shown(december, "first_contact_time") == "2h00"
    # 48 customers gave 5 and 20 gave 4: 320 / 68.
    assert shown(december, "satisfaction") == "4.7/5"
    assert all(f.met for f in december.kpis if f.key.startswith("n2_"))


def test_december_learning_and_training(december):
    assert shown(december, "avoidable_rate") == "6/68 (9%)"
    # 6 avoidable in 68 is 8.8%: the < 5% target is missed, as in the spec.
    assert marked(december, "avoidable_rate") is False
    assert shown(december, "borderline") == "12/68 (18%)"
    training = next(
        f for s in december.sections for f in s.figures if f.key == "training"
    )
    assert "IMAP" in training.note


def test_december_overall_efficiency(december):
    assert shown(december, "escalations_resolved") == "68/68 (100%)"
    # N1 call of 8 minutes, then 4h20 at N2 on average.
    assert shown(december, "end_to_end") == "4h28"
    # (68 escalated: 320) + (200 N1 ratings: 113 x 5 + 87 x 4) = 1233 / 268.
    assert shown(december, "satisfaction_all") == "4.6/5"
    assert shown(december, "feedback_rate") == "60/68 (88%)"
    assert shown(december, "further_rate") == "0/68 (0%)"


def test_december_sla_is_kept_at_every_tier(december):
    (normal,) = december.sla
    assert normal.priority == "normal"
    assert normal.segments["n1"] == (850, 850)
    assert normal.segments["n2_acceptance"] == (68, 68)
    assert normal.segments["n2_resolution"] == (68, 68)
    assert normal.late_segments == []


def test_report_query_count_does_not_grow_with_the_data(staff):
    generate_month(date(2025, 11, 1), staff, DECEMBER_2025.scaled(100))
    with CaptureQueriesContext(connection) as small:
        build_report(Scope.for_dates(date(2025, 11, 1), date(2025, 11, 30)))
    generate_month(date(2025, 12, 1), staff, DECEMBER_2025, first_number=1000)
    with CaptureQueriesContext(connection) as large:
        build_report(DECEMBER)
    assert len(small) == len(large) <= 7
