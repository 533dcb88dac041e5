"""`escalade serve` never leaves its background worker running behind it."""

import os
import re
import signal
import socket
import subprocess
import sys
import time

import pytest


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def is_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie is gone for good; only its parent has not reaped it yet.
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().split(") ")[1][0] != "Z"
    except FileNotFoundError:
        return False


def wait_until(condition, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


@pytest.fixture
def served(tmp_path):
    """A real `escalade serve` on a free port; yields it and its worker's pid."""
    port = free_port()
    environment = {
        **os.environ,
        "ESCALADE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        "TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }
    server = subprocess.Popen(
        [sys.executable, "-m", "escalade.cli", "serve", "--port", str(port)],
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    worker_pid = None
    try:
        for line in server.stdout:
            found = re.search(r"Worker started \(pid (\d+)\)", line)
            if found:
                worker_pid = int(found.group(1))
                break
        assert worker_pid is not None, "serve did not start a worker"
        assert wait_until(lambda: port_is_open(port), 60), "serve never listened"
        yield server, worker_pid
    finally:
        for pid in (server.pid, worker_pid):
            if pid and is_alive(pid):
                os.kill(pid, signal.SIGKILL)
        server.wait(timeout=10)


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


def test_sigterm_to_serve_stops_its_worker(served):
    server, worker_pid = served

    server.send_signal(signal.SIGTERM)

    assert server.wait(timeout=15) == 0
    assert wait_until(lambda: not is_alive(worker_pid), 5)


def test_the_worker_stops_when_serve_is_killed_outright(served):
    server, worker_pid = served

    server.kill()
    server.wait(timeout=5)

    assert wait_until(lambda: not is_alive(worker_pid), 10)
