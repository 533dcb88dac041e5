"""A bad setting stops the desk at start-up with a message naming it."""

import os
import subprocess
import sys

import pytest


def run_check(tmp_path, **env):
    environment = {
        **os.environ,
        "ESCALADE_DATA_DIR": str(tmp_path),
        "DATABASE_URL": "",
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "escalade.cli", "check"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    "name, value, expected",
    [
        ("DEBUG", "maybe", "DEBUG='maybe' is not a boolean"),
        ("EMAIL_PORT", "twenty-five", "EMAIL_PORT='twenty-five' is not a whole number"),
        ("DATABASE_URL", "mysql://root@localhost/x", "DATABASE_URL must point to"),
        ("TASKS_BACKEND", "celery", "TASKS_BACKEND='celery' is not one of"),
        ("SECRET_KEY", "short", "SECRET_KEY must be at least 32 characters"),
        (
            "ESCALADE_OUTBOX_LEASE_SECONDS",
            "20",
            "ESCALADE_OUTBOX_LEASE_SECONDS must be at least 6 times EMAIL_TIMEOUT",
        ),
        ("TIME_ZONE", "Mars/Olympus", "TIME_ZONE='Mars/Olympus' is not a known"),
        ("TIME_ZONE", "../../etc/passwd", "TIME_ZONE='../../etc/passwd' is not a"),
        ("LOG_LEVEL", "LOUD", "LOG_LEVEL='LOUD' is not one of"),
    ],
)
def test_bad_value_fails_fast_with_its_name(tmp_path, name, value, expected):
    result = run_check(tmp_path, **{name: value})

    assert result.returncode == 2
    assert expected in result.stderr
    assert "Traceback" not in result.stderr


def test_secret_key_is_generated_once_and_kept(tmp_path):
    assert run_check(tmp_path).returncode == 0
    key = (tmp_path / "secret_key").read_text()

    assert run_check(tmp_path).returncode == 0
    assert (tmp_path / "secret_key").read_text() == key
    assert oct((tmp_path / "secret_key").stat().st_mode & 0o777) == "0o600"


def test_sqlite_runs_in_wal_mode(db):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The in-memory test database cannot use WAL; a file database does.
    assert mode in {"wal", "memory"}
