import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from waitress import serve

from escalade.wsgi import application


class Command(BaseCommand):
    help = "Serve the desk (pages and API) with waitress, and run a worker beside it."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--no-worker",
            action="store_true",
            help="Do not start a background worker (run `escalade worker` elsewhere).",
        )

    def handle(self, *args, host, port, threads, no_worker, **options):
        call_command("setup", verbosity=0)
        worker = None
        if not no_worker and settings.TASKS_BACKEND != "immediate":
            worker = subprocess.Popen([sys.executable, "-m", "escalade.cli", "worker"])
            self.stdout.write(f"Worker started (pid {worker.pid}).")
        self.stdout.write(f"Escalade at http://{host}:{port}/  (Ctrl+C to stop)")
        try:
            serve(application, host=host, port=port, threads=threads, ident="escalade")
        finally:
            if worker is not None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=10)
