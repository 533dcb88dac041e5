"""`escalade worker`: run background tasks, and the sweep every minute.

The sweep runs in a thread of the worker rather than as a task that
re-enqueues itself: a self-scheduling chain dies with the first lost task
(a worker killed mid-task leaves it "running" for ever), while a loop in
the worker lives exactly as long as the worker, needs no queue to be
healthy (due e-mails still go out when Redis is down) and starts again with
it. Every step of the sweep is idempotent, so several workers sweeping at
once do no harm.
"""

import logging
import os
import signal
import threading
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections, connections

logger = logging.getLogger(__name__)

# Set by `escalade serve` for the worker it starts (see serve.py).
PARENT_PID_VARIABLE = "ESCALADE_PARENT_PID"
PARENT_CHECK_SECONDS = 1.0


class Command(BaseCommand):
    help = "Run the background worker: e-mails, SLA timers, follow-ups and the sweep."

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch", action="store_true", help="Sweep once, run what is due, stop."
        )

    def handle(self, *args, batch: bool, **options) -> None:
        from escalade.sla.sweep import run_sweep

        if batch:
            # The queue first, so the tasks do their work; then what is left.
            run_queue_worker(batch=True)
            run_sweep()
            return
        parent = os.environ.get(PARENT_PID_VARIABLE)
        if parent:
            start_parent_watch(int(parent))
        start_sweeper(settings.ESCALADE["SWEEP_SECONDS"])
        run_queue_worker(batch=False)


def run_queue_worker(batch: bool) -> None:
    if settings.TASKS_BACKEND == "redis":
        call_command(
            "rqworker",
            "default",
            burst=batch,
            with_scheduler=True,
            job_class="django_tasks_rq.backend.Job",
        )
        return
    extra = ["--batch"] if batch else []
    call_command(
        "db_worker", *extra, "--interval", "1", "--no-startup-delay", "--no-reload"
    )


def start_sweeper(interval: float) -> threading.Thread:
    stop = threading.Event()
    thread = threading.Thread(
        target=sweep_forever, args=(interval, stop), name="sweeper", daemon=True
    )
    thread.start()
    return thread


def sweep_forever(interval: float, stop: threading.Event) -> None:
    """Sweep now, then every ``interval`` seconds, until the process ends."""
    from escalade.sla.sweep import run_sweep

    while not stop.is_set():
        close_old_connections()
        try:
            figures = run_sweep()
            logger.info("sweep done: %s", figures)
        except Exception:
            logger.exception("sweep failed")
        finally:
            connections.close_all()
        stop.wait(interval)


def start_parent_watch(parent_pid: int) -> threading.Thread:
    thread = threading.Thread(
        target=watch_parent, args=(parent_pid,), name="parent-watch", daemon=True
    )
    thread.start()
    return thread


def watch_parent(parent_pid: int) -> None:
    """Stop this worker when the `escalade serve` that started it is gone.

    A serve killed without a chance to clean up (SIGKILL, a crash) would
    otherwise leave its worker running, orphaned. SIGTERM lets the queue
    worker finish its current task, as a normal stop does.
    """
    while os.getppid() == parent_pid:
        time.sleep(PARENT_CHECK_SECONDS)
    logger.warning("the serve process %s is gone: stopping the worker", parent_pid)
    os.kill(os.getpid(), signal.SIGTERM)
