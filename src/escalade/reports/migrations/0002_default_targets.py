"""Seed the specification's KPI targets (section 9); supervisors edit them."""

from decimal import Decimal

from django.db import migrations

# Copied here rather than imported, so the migration keeps meaning the same
# when the code's defaults change: (kpi, minimum, maximum, strictly below).
SPEC_TARGETS = [
    ("escalation_rate", Decimal(5), Decimal(10), False),
    ("briefing_quality", Decimal(90), None, False),
    ("n2_resolution_rate", Decimal(95), None, False),
    ("first_contact_time", None, Decimal(24), False),
    ("n2_resolution_time", None, Decimal(48), False),
    ("satisfaction", Decimal("4.5"), None, False),
    ("avoidable_rate", None, Decimal(5), True),
    ("feedback_rate", Decimal(80), None, False),
    ("further_rate", None, Decimal(3), True),
]


def seed(apps, schema_editor):
    KpiTarget = apps.get_model("reports", "KpiTarget")
    for kpi, minimum, maximum, strict in SPEC_TARGETS:
        KpiTarget.objects.get_or_create(
            kpi=kpi,
            defaults={
                "minimum": minimum,
                "maximum": maximum,
                "is_maximum_strict": strict,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
