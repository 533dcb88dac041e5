"""The second opinion: a text classifier that learns from decided escalations.

Labels: ``escalate`` (the expert was needed) and ``handle_at_n1`` (N1 could
have solved it). Two sources feed it:

- the desk's own escalations: resolved (or passed on) by the expert and not
  marked avoidable -> ``escalate``; returned to N1 or marked avoidable ->
  ``handle_at_n1``;
- optionally, the public "IT Service Ticket Classification" set (Kaggle,
  CC0), whose topic groups are mapped to tiers by PUBLIC_TOPIC_TIERS
  (documented in docs/triage.md); topic groups with no clear tier are left
  out.

The model is a TF-IDF of words and word pairs under a logistic regression,
so it gives a probability to show as the confidence. It is saved with
joblib under ``DATA_DIR/triage/``, with a format number and a version
string, and loaded once per process; with no file, there is no opinion.
"""

import csv
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import joblib
from django.conf import settings
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import Pipeline

from escalade import clock
from escalade.triage.text import normalise
from escalade.triage.types import SecondOpinion

logger = logging.getLogger(__name__)

MODEL_FORMAT = 1
MODEL_FILENAME = "classifier.joblib"
ESCALATE = "escalate"
HANDLE = "handle_at_n1"
MIN_PER_LABEL = 2  # fewer examples than this per label: nothing to learn

# Topic group of the public data set -> the tier that usually handles it.
# Account access, HR and purchase requests are level-1 work (reset, redirect,
# order); hardware repair, storage, internal projects and administrative
# rights need a technician or an expert. "Miscellaneous" says nothing about
# the tier, so it is left out.
PUBLIC_TOPIC_TIERS: dict[str, str] = {
    "Access": HANDLE,
    "HR Support": HANDLE,
    "Purchase": HANDLE,
    "Hardware": ESCALATE,
    "Storage": ESCALATE,
    "Internal Project": ESCALATE,
    "Administrative rights": ESCALATE,
}


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    source: str  # "desk" or "public"


@dataclass(frozen=True)
class Evaluation:
    accuracy: float
    baseline: float  # accuracy of always answering the commonest label
    train_size: int
    test_size: int
    by_source: dict[str, float]


def model_path() -> Path:
    return Path(settings.DATA_DIR) / "triage" / MODEL_FILENAME


def build_pipeline() -> Pipeline:
    return Pipeline(
        [
            (
                "tfidf",
                TfidfVectorizer(
                    preprocessor=normalise,
                    ngram_range=(1, 2),
                    min_df=2,
                    max_features=200_000,
                    sublinear_tf=True,
                ),
            ),
            (
                "model",
                LogisticRegression(max_iter=1000, class_weight="balanced", C=4.0),
            ),
        ]
    )


def desk_examples() -> list[Example]:
    """The desk's decided escalations as labelled examples."""
    from escalade.tickets.choices import EscalationStatus
    from escalade.tickets.models import Escalation

    decided = Escalation.objects.filter(
        status__in=[
            EscalationStatus.RESOLVED,
            EscalationStatus.ESCALATED,
            EscalationStatus.RETURNED,
        ]
    ).values_list("status", "is_avoidable", "ticket__title", "ticket__description")
    examples = []
    for status, is_avoidable, title, description in decided.iterator():
        avoidable = is_avoidable or status == EscalationStatus.RETURNED
        examples.append(
            Example(
                text=f"{title}\n{description}",
                label=HANDLE if avoidable else ESCALATE,
                source="desk",
            )
        )
    return examples


def public_examples(path: Path, limit: int | None = None) -> list[Example]:
    """Rows of the public CSV whose topic group maps to a tier."""
    examples = []
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            label = PUBLIC_TOPIC_TIERS.get(row.get("Topic_group", ""))
            text = row.get("Document", "")
            if label is None or not text.strip():
                continue
            examples.append(Example(text=text, label=label, source="public"))
            if limit is not None and len(examples) >= limit:
                break
    return examples


def evaluate(examples: list[Example], seed: int = 42) -> Evaluation:
    """Accuracy on a held-out fifth, stratified by label."""
    _check_enough(examples)
    train, test = train_test_split(
        examples,
        test_size=0.2,
        random_state=seed,
        stratify=[example.label for example in examples],
    )
    pipeline = build_pipeline()
    pipeline.fit([e.text for e in train], [e.label for e in train])
    predicted = pipeline.predict([e.text for e in test])

    hits = [guess == e.label for guess, e in zip(predicted, test, strict=True)]
    commonest = Counter(e.label for e in train).most_common(1)[0][0]
    by_source = {}
    for source in sorted({e.source for e in test}):
        picked = [hit for hit, e in zip(hits, test, strict=True) if e.source == source]
        by_source[source] = sum(picked) / len(picked)
    return Evaluation(
        accuracy=sum(hits) / len(hits),
        baseline=sum(e.label == commonest for e in test) / len(test),
        train_size=len(train),
        test_size=len(test),
        by_source=by_source,
    )


def train(examples: list[Example], evaluation: Evaluation | None = None) -> dict:
    """Fit on every example and save the versioned model file."""
    _check_enough(examples)
    pipeline = build_pipeline()
    pipeline.fit([e.text for e in examples], [e.label for e in examples])

    trained_at = clock.now()
    counts = Counter(e.source for e in examples)
    payload: dict[str, Any] = {
        "format": MODEL_FORMAT,
        "version": f"{MODEL_FORMAT}.{trained_at:%Y%m%d%H%M%S}.{len(examples)}",
        "trained_at": trained_at.isoformat(),
        "labels": list(pipeline.classes_),
        "sources": dict(counts),
        "evaluation": None if evaluation is None else evaluation.__dict__,
        "pipeline": pipeline,
    }
    path = model_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    # Write beside, then rename: a reader never sees half a file.
    partial = path.with_suffix(".partial")
    joblib.dump(payload, partial)
    partial.replace(path)
    load_model.cache_clear()
    logger.info("triage classifier trained: version %s", payload["version"])
    return payload


def _check_enough(examples: Iterable[Example]) -> None:
    counts = Counter(example.label for example in examples)
    if len(counts) < 2 or min(counts.values()) < MIN_PER_LABEL:
        raise ValueError(
            f"Not enough labelled examples: need at least {MIN_PER_LABEL} of "
            f"each label, have {dict(counts)}."
        )


@lru_cache(maxsize=4)
def load_model(path: Path | None = None) -> dict | None:
    """The saved model, read once per process; None when absent or stale."""
    path = path or model_path()
    if not path.exists():
        return None
    try:
        payload = joblib.load(path)
    except Exception:
        logger.exception("triage classifier at %s could not be read", path)
        return None
    if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
        logger.warning("triage classifier at %s has an old format; ignored", path)
        return None
    return payload


def second_opinion(text: str) -> SecondOpinion | None:
    payload = load_model(model_path())
    if payload is None:
        return None

    pipeline = payload["pipeline"]
    probabilities = pipeline.predict_proba([text])[0]
    best = int(probabilities.argmax())
    return SecondOpinion(
        label=str(pipeline.classes_[best]),
        confidence=float(probabilities[best]),
        model_version=payload["version"],
    )
