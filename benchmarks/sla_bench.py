"""Due-time computations per second: `python benchmarks/sla_bench.py`.

Measures the calendar arithmetic (round the clock, business hours with a
lunch break and French holidays, with pauses) and the derivation of all the
clocks of one ticket from its status history, without the database.
"""

import os
import random
import time
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalade.settings")

import django  # noqa: E402

django.setup()

from escalade.sla.calendar import ROUND_THE_CLOCK, WorkCalendar  # noqa: E402
from escalade.sla.clocks import (  # noqa: E402
    CLOCKS,
    History,
    build_periods,
    read_clock,
)
from escalade.sla.policies import default_policy  # noqa: E402

OFFICE = WorkCalendar(
    is_round_the_clock=False,
    hours=((clock_time(9), clock_time(12, 30)), (clock_time(13, 30), clock_time(18))),
)
RUNS = 20_000


def starts(count: int) -> list[datetime]:
    rng = random.Random(6)
    base = datetime(2025, 1, 1, tzinfo=UTC)
    return [
        base + timedelta(minutes=rng.randrange(3 * 365 * 24 * 60)) for _ in range(count)
    ]


def rate(label: str, work, count: int) -> None:
    began = time.perf_counter()
    work()
    seconds = time.perf_counter() - began
    print(f"{label:<52} {count / seconds:>10,.0f} /s")


def main() -> None:
    moments = starts(RUNS)
    OFFICE.add(moments[0], timedelta(hours=1))  # build the holiday tables once
    for year in range(2025, 2029):
        OFFICE.is_working_day(datetime(year, 6, 1).date())

    for label, calendar, target in [
        ("round the clock, 48 h", ROUND_THE_CLOCK, timedelta(hours=48)),
        ("business hours + lunch + holidays, 4 h", OFFICE, timedelta(hours=4)),
        ("business hours + lunch + holidays, 48 h", OFFICE, timedelta(hours=48)),
    ]:
        rate(label, lambda c=calendar, t=target: [c.add(m, t) for m in moments], RUNS)

    pauses = [[(m + timedelta(hours=2), m + timedelta(hours=5))] for m in moments]
    rate(
        "business hours, 48 h, one 3 h pause",
        lambda: [
            OFFICE.add(m, timedelta(hours=48), p)
            for m, p in zip(moments, pauses, strict=True)
        ],
        RUNS,
    )

    policy = default_policy("normal")
    # Read ten hours after each ticket opened, while it is worked on.
    tickets = [(history(m), m + timedelta(hours=10)) for m in moments[:5000]]
    rate(
        "all clocks of a ticket (6 clocks, business hours)",
        lambda: [
            read_clock(spec, h, OFFICE, getattr(policy, spec.target), 75, now)
            for h, now in tickets
            for spec in CLOCKS
        ],
        len(tickets),
    )


def history(start: datetime) -> History:
    changes = [
        (start, "new", "diagnosing"),
        (start + timedelta(minutes=8), "diagnosing", "awaiting_n2"),
        (start + timedelta(hours=3), "awaiting_n2", "in_progress"),
        (start + timedelta(hours=5), "in_progress", "waiting_customer"),
        (start + timedelta(hours=9), "waiting_customer", "in_progress"),
    ]
    return History(
        created_at=start,
        periods=build_periods(
            start, changes, "in_progress", start + timedelta(hours=10)
        ),
        n2_escalated_at=start + timedelta(minutes=8),
        first_n2_contact_at=start + timedelta(hours=4),
    )


if __name__ == "__main__":
    main()
