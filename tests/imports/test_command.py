"""`escalade import` on files it cannot use: a clear message and exit status."""

import os
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def import_file(*args: str) -> None:
    call_command("import", *[str(arg) for arg in args])


@pytest.fixture
def data_dir(tmp_path, settings, monkeypatch):
    """The desk's data folder, and a separate folder the command runs from."""
    settings.DATA_DIR = tmp_path / "data"
    settings.DATA_DIR.mkdir()
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    return settings.DATA_DIR


def test_malformed_json_names_the_file_and_the_problem(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"a":')

    with pytest.raises(CommandError) as raised:
        import_file(broken, "--format", "glpi-testkit", "--report", tmp_path / "r")

    assert raised.value.returncode == 2
    message = str(raised.value)
    assert "broken.json" in message and "is not valid JSON" in message


def test_a_csv_read_as_json_names_the_file_and_the_problem(fixtures, tmp_path):
    with pytest.raises(CommandError) as raised:
        import_file(
            fixtures / "bpi2013_slice.csv",
            "--format",
            "glpi-testkit",
            "--report",
            tmp_path / "r.csv",
        )

    assert raised.value.returncode == 2
    assert "bpi2013_slice.csv" in str(raised.value)
    assert "is not valid JSON" in str(raised.value)


def test_the_command_line_shows_no_traceback_for_a_malformed_file(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text('{"a":')
    environment = {
        **os.environ,
        "ESCALADE_DATA_DIR": str(tmp_path / "data"),
        "DATABASE_URL": "",
    }

    result = subprocess.run(
        [sys.executable, "-m", "escalade.cli", "import", str(broken)]
        + ["--format", "glpi-testkit"],
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 2
    assert "broken.json" in result.stderr and "is not valid JSON" in result.stderr
    assert "Traceback" not in result.stderr


def test_rejected_rows_go_to_the_data_folder_by_default(fixtures, data_dir, capsys):
    import_file(fixtures / "glpi_slice.json", "--format", "glpi-testkit")

    expected = data_dir / "import-reports" / "glpi_slice.json.rejected.csv"
    assert "“not a date”" in expected.read_text(encoding="utf-8")
    assert f"Rejected rows written to {expected}" in capsys.readouterr().out
    assert list(os.listdir(".")) == []


def test_a_file_of_which_every_row_is_rejected_fails(fixtures, data_dir, capsys):
    with pytest.raises(CommandError) as raised:
        import_file(fixtures / "bpi2013_slice.csv", "--format", "uci498-events")

    assert raised.value.returncode == 1
    assert "Nothing was imported from bpi2013_slice.csv" in str(raised.value)
    assert "SLA verdict" not in capsys.readouterr().out


def test_the_sla_agreement_is_printed_only_when_tickets_were_created(
    fixtures, data_dir, capsys
):
    events = fixtures / "uci498_events_slice.csv"
    import_file(events, "--format", "uci498-events")
    assert "SLA verdict, desk vs uci498" in capsys.readouterr().out

    import_file(events, "--format", "uci498-events")

    out = capsys.readouterr().out
    assert "already imported" in out
    assert "SLA verdict" not in out


def test_an_unknown_format_is_named_with_the_known_ones(fixtures):
    with pytest.raises(CommandError) as raised:
        import_file(fixtures / "bpi2013_slice.csv", "--format", "foo")

    message = str(raised.value)
    assert message.startswith("unknown format 'foo'; known formats: ")
    assert "bpi2013-problems" in message and "glpi-testkit" in message
