"""Time the N2 queue and workspace pages, and count their queries, by volume.

    .venv/bin/python benchmarks/queue_pages.py [10000 100000 ...]

Uses a throw-away SQLite desk (or DATABASE_URL, which it fills: use an empty
database), bulk-creates escalated tickets, then renders each page five times
and prints the median time and the number of SQL queries.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "src")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalade.settings")
os.environ.setdefault("ESCALADE_DATA_DIR", tempfile.mkdtemp(prefix="escalade-bench-"))


def main(sizes: list[int]) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from tests.desk.bulk import bulk_escalations
    from tests.factories import escalated_ticket, make_person

    from escalade.accounts.models import Role
    from escalade.tickets import services

    call_command("migrate", verbosity=0)
    n1 = make_person(Role.N1, "bench-n1")
    expert = make_person(Role.N2, "bench-n2")
    ticket, escalation = escalated_ticket(n1)
    services.accept_escalation(expert, escalation)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(expert)
    pages = {
        "queue": reverse("desk:queue"),
        "workspace": reverse("desk:workspace", args=[ticket.reference]),
    }

    created, start = 0, 1_000_000
    print(f"{'tickets':>9} {'page':<10} {'queries':>7} {'median ms':>10}")
    for size in sizes:
        bulk_escalations(size - created, n1=n1, expert=expert, start=start + created)
        created = size
        for name, url in pages.items():
            timings = []
            for _ in range(5):
                with CaptureQueriesContext(connection) as queries:
                    began = time.perf_counter()
                    client.get(url)
                    timings.append((time.perf_counter() - began) * 1000)
            median = statistics.median(timings)
            print(f"{size:>9} {name:<10} {len(queries):>7} {median:>10.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes", nargs="*", type=int, default=[10, 1_000, 10_000], help="ticket counts"
    )
    main(parser.parse_args().sizes)
