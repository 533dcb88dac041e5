import pytest

from escalade.api.models import ApiToken


def bearer(user) -> dict:
    _token, raw = ApiToken.issue(user, "tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


@pytest.fixture
def as_n1(n1_agent):
    return bearer(n1_agent)


@pytest.fixture
def as_n2(n2_expert):
    return bearer(n2_expert)


@pytest.fixture
def as_other_n2(other_expert):
    return bearer(other_expert)
