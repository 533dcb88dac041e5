"""Time a one-month report over a large desk, and count its queries.

    .venv/bin/python benchmarks/report_bench.py --tickets 1000000 \
        --database-url postgres://postgres@127.0.0.1:5432/escalade_bench

Generates (once; --reuse keeps what is there) twelve months of contacts with
the December 2025 proportions, 8% escalated, then builds the report of one
month several times and prints the best and median times and the number of
SQL queries. The database is emptied first: never point it at a real desk.
"""

import argparse
import os
import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

MONTHS = 12


def main() -> None:
    args = parse_args()
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalade.settings")
    import django

    django.setup()

    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if not args.reuse:
        load(args.tickets)
    measure(args.runs)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument(
        "--database-url",
        default=os.environ.get(
            "BENCH_DATABASE_URL",
            "postgres://postgres@127.0.0.1:5432/escalade_bench",
        ),
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument(
        "--reuse", action="store_true", help="keep the data already generated"
    )
    return parser.parse_args()


def load(tickets: int) -> None:
    """Empty the tickets and write ``tickets`` contacts over twelve months."""
    from django.contrib.auth import get_user_model
    from django.db import connection

    from escalade.accounts.models import Team, Tier
    from escalade.reports.generator import DECEMBER_2025, Staff, generate_month
    from escalade.tickets.models import Escalation, Ticket

    def people(prefix: str, count: int) -> list:
        users = get_user_model().objects
        return [users.get_or_create(username=f"{prefix}-{i}")[0] for i in range(count)]

    started = time.perf_counter()
    Escalation.objects.all().delete()
    Ticket.objects.all().delete()
    staff = Staff(
        n1_agents=people("bench-n1", 20),
        n2_experts=people("bench-n2", 6),
        n1_team=Team.objects.get_or_create(name="Bench N1", tier=Tier.N1)[0],
        n2_team=Team.objects.get_or_create(name="Bench N2", tier=Tier.N2)[0],
    )
    per_month = tickets // MONTHS
    number = 1
    for month in range(1, MONTHS + 1):
        counts = DECEMBER_2025.scaled(per_month)
        number = generate_month(
            date(2025, month, 1), staff, counts, first_number=number
        )
        print(f"  month {month:2d}: {number - 1:,} tickets", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"generated {number - 1:,} tickets in {time.perf_counter() - started:.0f}s")


def measure(runs: int) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from escalade.reports.report import build_report, queue_series, weekly_kpis
    from escalade.reports.scope import Scope
    from escalade.reports.selectors import targets
    from escalade.tickets.models import Escalation, Ticket

    scope = Scope.for_dates(date(2025, 6, 1), date(2025, 6, 30))
    build_report(scope)  # warm the caches once
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        report = build_report(scope)
        timings.append(time.perf_counter() - started)
    with CaptureQueriesContext(connection) as queries:
        build_report(scope)

    # What the dashboard adds: each KPI per week, and the N2 queue per day.
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as extra:
        weekly_kpis(scope, targets())
        queue_series(scope)
    charts_time = time.perf_counter() - started

    contacts = next(f for f in report.sections[0].figures if f.key == "contacts")
    print(f"database:        {connection.vendor}")
    print(f"tickets:         {Ticket.objects.count():,}")
    print(f"escalations:     {Escalation.objects.count():,}")
    print(f"month reported:  June 2025, {contacts.count:,} contacts")
    print(
        f"report time:     best {min(timings):.3f}s, median "
        f"{statistics.median(timings):.3f}s over {runs} runs"
    )
    print(f"SQL queries:     {len(queries)}")
    print(f"charts' series:  {charts_time:.3f}s, {len(extra)} more queries")


if __name__ == "__main__":
    main()
