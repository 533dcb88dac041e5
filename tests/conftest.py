import pytest

from escalade.accounts.models import Role
from tests.browser import CHROMIUM, CHROMIUM_ARGS
from tests.factories import make_customer, make_person


@pytest.fixture(autouse=True)
def _desk_settings(settings, tmp_path):
    # Argon2 is deliberately slow; tests create many people.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }


@pytest.fixture
def n1_agent(db):
    return make_person(Role.N1, "claire", first_name="Claire", last_name="Martin")


@pytest.fixture
def n2_expert(db):
    return make_person(Role.N2, "thomas", first_name="Thomas", last_name="Durand")


@pytest.fixture
def other_expert(db):
    return make_person(Role.N2, "sarah", first_name="Sarah", last_name="Klein")


@pytest.fixture
def n3_engineer(db):
    return make_person(Role.N3, "alex", first_name="Alex", last_name="Moreau")


@pytest.fixture
def supervisor(db):
    return make_person(Role.SUPERVISOR, "nadia", first_name="Nadia", last_name="Roux")


@pytest.fixture
def outsider(db):
    return make_person(None, "visitor")


@pytest.fixture
def customer(db):
    return make_customer(first_name="Marie", last_name="Dupuis")


def pytest_configure(config):
    from escalade.desk.translations import compile_translations

    # scripts/test compiles them before pytest starts; this catches a run of
    # pytest on its own, where a catalogue may already be cached.
    compile_translations()


@pytest.fixture(scope="module")
def chromium():
    """One headless chromium per test module (skipped when not installed)."""
    if not CHROMIUM.exists():
        pytest.skip("Debian's chromium is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()
