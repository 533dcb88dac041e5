"""Triage benchmark: rules decisions per second, and the classifier's accuracy.

    .venv/bin/python benchmarks/triage_bench.py [--csv PATH] [--seconds N]

Decisions are made on one core with the rules only (no classifier), over
descriptions that vary (a counter is added, so each text is new and the
whole reading runs every time; the per-word cache still helps, as it does
in a running desk). The classifier is measured on a held-out fifth of the
public topic-group data mapped to tiers (see docs/triage.md). Target: 2,000
decisions a second.
"""

import argparse
import os
import sys
import time
from pathlib import Path

import django

REPO = Path(__file__).resolve().parents[1]
CSV_NAME = "shared/data/it_service_tickets_topic_group.csv"
# ../shared/data beside the checkout (or beside the worktrees' folder).
DEFAULT_CSV = next(
    (p for p in (REPO.parent / CSV_NAME, REPO.parent.parent / CSV_NAME) if p.exists()),
    REPO.parent / CSV_NAME,
)
DESCRIPTIONS = [
    "Mon mot de passe ne fonctionne plus depuis ce matin",
    "Les e-mails arrivent en double sur mon PC et mon téléphone après la mise à jour",
    "ERR_502_TIMEOUT sur le portail, c'est urgent, on ne peut plus travailler",
    "Comment configurer ma messagerie sur Thunderbird ?",
    "My account was hacked, someone logged in from abroad",
    "The portal crashes sometimes when I upload a file, old browser IE11",
    "Intégration de notre CRM avec l'API mail",
    "Tout est très lent sur le webmail, tous les utilisateurs sont touchés",
    "C'est la troisième fois que j'appelle pour le calendrier",
    "syncronisation des mails entre mon iphone et mon pc ne marche pas",
]


def bench_rules(seconds: float) -> tuple[int, float]:
    from escalade.triage.services import triage
    from escalade.triage.types import Attempt, TriageCase

    attempts = (Attempt("redémarrage", "failed"),)
    count = 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        for text in DESCRIPTIONS:
            case = TriageCase(
                description=f"{text} (appel {count})",
                attempts=attempts if count % 2 else (),
                minutes_spent=count % 20,
            )
            triage(case, second_opinion=False)
            count += 1
    return count, time.perf_counter() - started


def bench_classifier(path: Path) -> None:
    from escalade.triage import classifier

    if not path.exists():
        print(f"classifier: skipped, {path} not found (use --csv)")
        return
    examples = classifier.public_examples(path)
    started = time.perf_counter()
    evaluation = classifier.evaluate(examples)
    took = time.perf_counter() - started
    print(
        f"classifier: held-out accuracy {evaluation.accuracy:.3f} on "
        f"{evaluation.test_size} tickets (trained on {evaluation.train_size}; "
        f"always-the-commonest-label baseline {evaluation.baseline:.3f}; "
        f"{took:.1f} s)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--seconds", type=float, default=3.0)
    args = parser.parse_args()

    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "escalade.settings")
    django.setup()

    count, elapsed = bench_rules(args.seconds)
    rate = count / elapsed
    verdict = "met" if rate >= 2000 else "MISSED"
    print(
        f"rules: {rate:,.0f} decisions/s on one core ({count} in {elapsed:.1f} s; "
        f"target 2,000/s {verdict})"
    )
    bench_classifier(args.csv)


if __name__ == "__main__":
    main()
