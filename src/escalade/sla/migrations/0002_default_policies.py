"""Seed the specification's policies and a Paris business-hours calendar."""

from datetime import timedelta

from django.db import migrations

HOUR = timedelta(hours=1)
DAY = timedelta(days=1)
POLICIES = {
    "urgent": (4 * HOUR, 4 * HOUR, 1 * DAY),
    "normal": (24 * HOUR, 48 * HOUR, 5 * DAY),
    "low": (3 * DAY, 3 * DAY, 10 * DAY),
}


def seed(apps, schema_editor):
    Calendar = apps.get_model("sla", "Calendar")
    Policy = apps.get_model("sla", "Policy")
    Calendar.objects.get_or_create(
        name="Business hours (Paris)",
        defaults={
            "time_zone": "Europe/Paris",
            "weekdays": [0, 1, 2, 3, 4],
            "opening_hours": [["09:00", "18:00"]],
            "holiday_country": "FR",
        },
    )
    for priority, (first_response, resolution, n3) in POLICIES.items():
        Policy.objects.get_or_create(
            priority=priority,
            defaults={
                "n1_target": timedelta(minutes=15),
                "first_response_target": first_response,
                "resolution_target": resolution,
                "n3_target": n3,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("sla", "0001_policies_calendars_clocks")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
