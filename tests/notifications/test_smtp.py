"""With a real SMTP server on loopback: down, back, and a worker killed mid-batch."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import pytest
from django.db import connection

from escalade import clock
from escalade.notifications import services as outbox
from escalade.notifications.models import OutboxMessage, OutboxStatus
from tests.notifications.smtp import MailSink, Recorder

CONTEXT = {
    "ticket": None,
    "customer": {"first_name": "Marie", "full_name": "Marie Dupuis"},
    "note": {"body": "Hello"},
}


def queue_many(count: int) -> None:
    for number in range(count):
        outbox.queue_email(
            key=f"bulk:{number:03d}",
            kind="message",
            recipients=[f"customer{number}@example.com"],
            context=CONTEXT,
        )


@pytest.fixture
def smtp_settings(settings):
    sink = MailSink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = sink.port
    settings.EMAIL_TIMEOUT = 2
    yield sink
    sink.stop()


@pytest.mark.django_db
def test_mail_queued_while_the_server_is_down_all_arrives_once(smtp_settings):
    sink = smtp_settings
    sink.start()
    sink.stop()  # the server goes down
    queue_many(100)

    for _round in range(3):
        assert outbox.deliver_due() == 0
    assert OutboxMessage.objects.exclude(status=OutboxStatus.PENDING).count() == 0

    sink.start()  # the server is back
    with clock.travel_to(clock.now() + timedelta(minutes=2)):
        assert outbox.deliver_due() == 100
        assert outbox.deliver_due() == 0

    counts = sink.recorder.counts()
    assert len(counts) == 100
    assert set(counts.values()) == {1}
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 100


# -- a real worker process ------------------------------------------------

SEED = """
from django.db import transaction
from escalade.notifications import services
context = {"ticket": None, "customer": {"first_name": "M", "full_name": "M D"},
           "note": {"body": "Hello"}}
with transaction.atomic():
    for number in range(COUNT):
        services.queue_email(key=f"bulk:{number:03d}", kind="message",
            recipients=[f"c{number}@example.com"], context=context)
"""
REPORT = """
import json
from django.db.models import Count
from escalade.notifications.models import OutboxMessage
rows = OutboxMessage.objects.values("status").annotate(n=Count("pk"))
print(json.dumps({row["status"]: row["n"] for row in rows}))
"""


@pytest.fixture
def desk_env(tmp_path):
    """A database of its own for subprocesses: SQLite, or PostgreSQL if in use."""
    url = f"sqlite:///{tmp_path / 'worker.sqlite3'}"
    dropper = None
    if connection.vendor == "postgresql":
        url, dropper = _postgres_database()
    env = {
        **os.environ,
        "ESCALADE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": url,
        "TASKS_BACKEND": "database",
        "EMAIL_HOST": "127.0.0.1",
        "EMAIL_TIMEOUT": "2",
        "ESCALADE_SWEEP_SECONDS": "1",
        "ESCALADE_OUTBOX_LEASE_SECONDS": "12",
        "LOG_LEVEL": "WARNING",
    }
    escalade(env, "migrate", "--verbosity", "0")
    yield env
    if dropper:
        dropper()


def _postgres_database():
    import psycopg

    params = connection.settings_dict
    name = f"escalade_worker_{uuid.uuid4().hex[:8]}"
    server = (
        f"host={params['HOST'] or '127.0.0.1'} port={params['PORT'] or 5432} "
        f"user={params['USER']} dbname=postgres"
    )
    with psycopg.connect(server, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')

    def drop():
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    user = params["USER"]
    host = params["HOST"] or "127.0.0.1"
    port = params["PORT"] or 5432
    return f"postgres://{user}@{host}:{port}/{name}", drop


def escalade(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "escalade.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def start_worker(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "escalade.cli", "worker", *args],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_for(condition, timeout: float = 30) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return False


def test_a_worker_killed_mid_batch_loses_nothing_and_sends_nothing_twice(desk_env):
    sink = MailSink(Recorder(block_at=40)).start()
    env = {**desk_env, "EMAIL_PORT": str(sink.port)}
    escalade(env, "shell", "-c", SEED.replace("COUNT", "100"))

    worker = start_worker(env)
    try:
        # The server hangs on a message: the worker is mid-conversation. On
        # a loaded machine a slow first connection can cost one back-off
        # (30 s), hence the generous wait.
        assert wait_for(sink.recorder.blocked.is_set, timeout=90)
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    finally:
        sink.recorder.release.set()
    received_before_restart = len(sink.recorder.counts())
    assert 0 < received_before_restart < 100

    worker = start_worker(env)
    try:
        assert wait_for(lambda: len(sink.recorder.counts()) == 100, timeout=90)
        time.sleep(1.5)  # room for a duplicate to show, if there were one
    finally:
        worker.terminate()
        worker.wait(timeout=10)
        sink.stop()

    counts = sink.recorder.counts()
    assert len(counts) == 100
    assert set(counts.values()) == {1}
    report = escalade(env, "shell", "-c", REPORT)
    assert json.loads(report.strip().splitlines()[-1]) == {"sent": 100}, report


def _redis_or_skip(url: str):
    import redis

    client = redis.Redis.from_url(url)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        pytest.skip("no Redis at 127.0.0.1:6379")
    return client


@pytest.mark.redis
def test_the_redis_backend_runs_immediate_and_deferred_tasks(desk_env):
    from rq.registry import FinishedJobRegistry

    redis_url = "redis://127.0.0.1:6379/6"
    client = _redis_or_skip(redis_url)
    client.flushdb()
    sink = MailSink().start()
    env = {
        **desk_env,
        "EMAIL_PORT": str(sink.port),
        "TASKS_BACKEND": "redis",
        "REDIS_URL": redis_url,
    }
    deferred = SEED.replace("COUNT", "5") + (
        "from escalade import clock\n"
        "from datetime import timedelta\n"
        "with transaction.atomic():\n"
        "    services.queue_email(key='later', kind='message',\n"
        "        recipients=['later@example.com'], context=context,\n"
        "        send_after=clock.now() + timedelta(seconds=1))\n"
    )
    try:
        escalade(env, "shell", "-c", deferred)
        time.sleep(1.5)  # the deferred message falls due
        escalade(env, "worker", "--batch")
        finished = FinishedJobRegistry("default", connection=client).count
    finally:
        sink.stop()
        client.flushdb()

    counts = sink.recorder.counts()
    assert set(counts) == {f"bulk:{n:03d}" for n in range(5)} | {"later"}
    assert set(counts.values()) == {1}
    assert finished == 6
