import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError


def run(stdin_text: str, *args: str, monkeypatch) -> str:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin_text))
    out = io.StringIO()
    call_command("triage", *args, stdout=out)
    return out.getvalue()


def test_one_json_case_gives_one_json_line(monkeypatch):
    output = run('{"description": "mot de passe oublié"}', monkeypatch=monkeypatch)

    lines = output.splitlines()
    assert len(lines) == 1
    result = json.loads(lines[0])
    assert result["outcome"] == "handle_at_n1"
    assert result["category"] == "password"
    assert result["reasons"][0]["rule"] == "never.password"
    assert set(result) >= {"outcome", "priority", "category", "reasons", "missing"}


def test_pretty_printed_json_is_one_case(monkeypatch):
    text = json.dumps({"description": "compte piraté"}, indent=2)

    result = json.loads(run(text, monkeypatch=monkeypatch))

    assert result["outcome"] == "escalate"
    assert result["priority"] == "urgent"


def test_json_lines_from_a_file_give_one_result_each(tmp_path):
    path = tmp_path / "cases.jsonl"
    path.write_text(
        '{"description": "mot de passe oublié"}\n\n'
        '{"description": "ERR_502_TIMEOUT", "attempts": '
        '[{"action": "retry", "outcome": "failed"}]}\n',
        encoding="utf-8",
    )
    out = io.StringIO()

    call_command("triage", str(path), stdout=out)

    outcomes = [json.loads(line)["outcome"] for line in out.getvalue().splitlines()]
    assert outcomes == ["handle_at_n1", "escalate"]


def test_bad_line_names_line_and_field_and_prints_nothing(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(
            '{"description": "ok"}\n{"description": "x", "minutes_spent": -2}\n'
        ),
    )

    with pytest.raises(CommandError) as raised:
        call_command("triage", stdout=out)

    assert raised.value.returncode == 2
    assert "line 2: minutes_spent" in str(raised.value)
    assert out.getvalue() == ""


def test_invalid_json_is_refused_with_status_2(monkeypatch):
    with pytest.raises(CommandError) as raised:
        run("{not json", monkeypatch=monkeypatch)

    assert raised.value.returncode == 2
    assert "line 1" in str(raised.value)


def test_missing_file_is_refused_with_status_2(tmp_path):
    with pytest.raises(CommandError) as raised:
        call_command("triage", str(tmp_path / "absent.json"))

    assert raised.value.returncode == 2
