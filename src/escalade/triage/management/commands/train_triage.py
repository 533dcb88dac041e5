"""``escalade train_triage``: retrain the classifier behind the second opinion.

Learns from the desk's decided escalations and, with --public-data, from the
public topic-group CSV; measures accuracy on a held-out fifth, then fits on
everything and saves a new versioned model file under the data folder.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from escalade.triage import classifier


class Command(BaseCommand):
    help = "Retrain the triage classifier (the second opinion beside the rules)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--public-data",
            type=Path,
            help="it_service_tickets_topic_group.csv (Kaggle, CC0) to learn from too",
        )
        parser.add_argument(
            "--limit", type=int, help="read at most this many public rows"
        )
        parser.add_argument(
            "--no-desk", action="store_true", help="leave out the desk's escalations"
        )

    def handle(self, *args, **options) -> None:
        examples = [] if options["no_desk"] else classifier.desk_examples()
        path = options["public_data"]
        if path is not None:
            if not path.exists():
                raise CommandError(f"{path} does not exist", returncode=2)
            examples += classifier.public_examples(path, limit=options["limit"])

        try:
            evaluation = classifier.evaluate(examples)
            payload = classifier.train(examples, evaluation)
        except ValueError as error:
            raise CommandError(str(error), returncode=2) from None

        self.stdout.write(
            f"model {payload['version']} saved to {classifier.model_path()}\n"
            f"examples: {payload['sources']}\n"
            f"held-out accuracy: {evaluation.accuracy:.3f} "
            f"(always the commonest label: {evaluation.baseline:.3f}; "
            f"{evaluation.test_size} held out)\n"
            f"by source: "
            + ", ".join(f"{k} {v:.3f}" for k, v in evaluation.by_source.items())
        )
