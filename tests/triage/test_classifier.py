"""The second opinion, trained on a tiny generated sample (never the big CSV)."""

import csv
import io
import itertools

import joblib
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from escalade.tickets.choices import EscalationStatus
from escalade.tickets.models import Escalation
from escalade.triage import classifier
from escalade.triage.services import triage
from escalade.triage.types import TriageCase
from tests.factories import open_ticket

ACCESS = ["password reset request", "account locked cannot access", "access to folder"]
HARDWARE = ["laptop screen broken", "keyboard not working replace", "monitor cable"]


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    classifier.load_model.cache_clear()
    yield tmp_path
    classifier.load_model.cache_clear()


@pytest.fixture
def sample_csv(tmp_path):
    path = tmp_path / "topics.csv"
    rows = [("Document", "Topic_group")]
    for n, (access, hardware) in enumerate(
        itertools.islice(zip(itertools.cycle(ACCESS), itertools.cycle(HARDWARE)), 30)
    ):
        rows.append((f"{access} ticket {n}", "Access"))
        rows.append((f"{hardware} ticket {n}", "Hardware"))
    rows.append(("something else entirely", "Miscellaneous"))
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    return path


def test_public_topic_groups_map_to_tiers_and_unclear_ones_are_left_out(sample_csv):
    examples = classifier.public_examples(sample_csv)

    labels = {e.text.split(" ticket")[0]: e.label for e in examples}
    assert labels["password reset request"] == "handle_at_n1"
    assert labels["laptop screen broken"] == "escalate"
    assert len(examples) == 60


def test_desk_escalations_are_labelled_needed_or_avoidable(n1_agent):
    needed = open_ticket(n1_agent, title="Doublons IMAP", description="sync")
    avoidable = open_ticket(n1_agent, title="Mot de passe", description="oubli")
    waiting = open_ticket(n1_agent, title="En attente", description="pas décidé")
    for number, (ticket, status, is_avoidable) in enumerate(
        [
            (needed, EscalationStatus.RESOLVED, False),
            (avoidable, EscalationStatus.RETURNED, True),
            (waiting, EscalationStatus.AWAITING, False),
        ]
    ):
        Escalation.objects.create(
            reference=f"{ticket.reference}-TECH-{number}",
            ticket=ticket,
            number=1,
            from_tier="N1",
            to_tier="N2",
            status=status,
            is_avoidable=is_avoidable,
        )

    examples = {e.text.split("\n")[0]: e.label for e in classifier.desk_examples()}

    assert examples == {"Doublons IMAP": "escalate", "Mot de passe": "handle_at_n1"}


def test_without_a_model_file_there_is_no_second_opinion():
    decision = triage(TriageCase(description="laptop screen broken"))

    assert decision.second_opinion is None


def test_a_trained_model_gives_an_opinion_beside_the_rules(sample_csv, data_dir):
    examples = classifier.public_examples(sample_csv)
    payload = classifier.train(examples, classifier.evaluate(examples))

    case = TriageCase(description="mot de passe oublié, laptop screen broken")
    decision = triage(case)
    rules_only = triage(case, second_opinion=False)

    assert (data_dir / "triage" / "classifier.joblib").exists()
    assert payload["version"].startswith(f"{classifier.MODEL_FORMAT}.")
    assert decision.second_opinion.model_version == payload["version"]
    assert 0.5 <= decision.second_opinion.confidence <= 1
    assert decision.outcome == rules_only.outcome == "handle_at_n1"


def test_the_model_file_is_read_once_per_process(sample_csv, monkeypatch):
    classifier.train(classifier.public_examples(sample_csv))
    reads = []
    real_load = joblib.load
    monkeypatch.setattr(
        classifier.joblib, "load", lambda path: reads.append(path) or real_load(path)
    )

    for _ in range(3):
        classifier.second_opinion("keyboard not working")

    assert len(reads) == 1


def test_a_model_of_another_format_is_ignored(data_dir):
    (data_dir / "triage").mkdir()
    joblib.dump({"format": 0}, data_dir / "triage" / "classifier.joblib")

    assert classifier.second_opinion("anything") is None


def test_the_command_retrains_and_prints_the_accuracy(sample_csv, data_dir, db):
    out = io.StringIO()

    call_command("train_triage", "--public-data", str(sample_csv), stdout=out)

    assert "held-out accuracy" in out.getvalue()
    assert (data_dir / "triage" / "classifier.joblib").exists()


def test_the_command_refuses_to_train_on_nothing(db):
    with pytest.raises(CommandError) as raised:
        call_command("train_triage")

    assert raised.value.returncode == 2
