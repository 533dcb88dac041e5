from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run the background worker: e-mails, SLA timers, follow-ups and the sweep."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Run what is due, then stop."
        )

    def handle(self, *args, batch, **options):
        if settings.TASKS_BACKEND == "redis":
            call_command("rqworker", "default", burst=batch)
            return
        extra = ["--batch"] if batch else []
        call_command("db_worker", *extra, "--interval", "1")
