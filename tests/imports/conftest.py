from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
DOCS = Path(__file__).parents[2] / "docs"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def report(tmp_path) -> Path:
    return tmp_path / "rejected.csv"
