import os
import signal
import subprocess
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from waitress import serve

from escalade.desk.management.commands.worker import PARENT_PID_VARIABLE
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
        stop_on_signals()
        worker = None
        if not no_worker and settings.TASKS_BACKEND != "immediate":
            worker = start_worker()
            self.stdout.write(f"Worker started (pid {worker.pid}).")
        self.stdout.write(f"Escalade at http://{host}:{port}/  (Ctrl+C to stop)")
        self.stdout.flush()
        try:
            serve(application, host=host, port=port, threads=threads, ident="escalade")
        except KeyboardInterrupt:
            pass
        finally:
            if worker is not None:
                stop_worker(worker)


def stop_on_signals() -> None:
    """SIGTERM and SIGINT leave waitress's loop, so the worker is stopped too.

    Without a handler SIGTERM kills this process on the spot and the worker
    it started keeps running, orphaned.
    """

    def leave(signum, frame):
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, leave)
    signal.signal(signal.SIGINT, leave)


def start_worker() -> subprocess.Popen:
    # The worker watches this pid and stops when its parent is gone.
    environment = {**os.environ, PARENT_PID_VARIABLE: str(os.getpid())}
    return subprocess.Popen(
        [sys.executable, "-m", "escalade.cli", "worker"], env=environment
    )


def stop_worker(worker: subprocess.Popen) -> None:
    worker.send_signal(signal.SIGTERM)
    try:
        worker.wait(timeout=10)
    except subprocess.TimeoutExpired:
        # A task that does not finish in time is retried by the next worker.
        worker.kill()
        worker.wait()
