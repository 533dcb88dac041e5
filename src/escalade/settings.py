"""Settings for Escalade, read from the environment (see .env.example)."""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from escalade.env import (
    data_dir,
    env_bool,
    env_choice,
    env_int,
    env_list,
    env_str,
    env_time_zone,
    secret_key,
)

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = data_dir()

SECRET_KEY = secret_key(DATA_DIR)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    # ninja as an app serves Swagger UI from our static files, not a CDN.
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "escalade.accounts",
    "escalade.customers",
    "escalade.tickets",
    "escalade.sla",
    "escalade.notifications",
    "escalade.triage",
    "escalade.desk",
    "escalade.reports",
    "escalade.imports",
    "escalade.training",
    "escalade.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "escalade.urls"
WSGI_APPLICATION = "escalade.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "escalade.accounts.context_processors.role",
            ],
        },
    },
]


def _database() -> dict:
    default_url = f"sqlite:///{DATA_DIR / 'escalade.sqlite3'}"
    url = env_str("DATABASE_URL", default_url) or default_url
    try:
        config = dj_database_url.parse(url, conn_max_age=60)
    except ValueError as error:
        raise ImproperlyConfigured(f"DATABASE_URL is not valid: {error}") from None

    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets the worker write while pages read; IMMEDIATE takes the
        # write lock at BEGIN so two writers queue instead of deadlocking.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        config["CONN_MAX_AGE"] = 0
    elif config["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured(
            "DATABASE_URL must point to SQLite (sqlite:///path) or PostgreSQL "
            "(postgres://user@host/name)."
        )
    config["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "desk:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_time_zone("TIME_ZONE", "Europe/Paris")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

# E-mail: the outbox writes messages in the ticket's transaction and a task
# sends them through this backend.
# Without EMAIL_HOST the desk writes each e-mail to a file in the data folder,
# so a desk on one machine works with no mail server; set it to use SMTP.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.filebased.EmailBackend",
)
EMAIL_FILE_PATH = DATA_DIR / "sent-mail"
EMAIL_PORT = env_int("EMAIL_PORT", 1025, minimum=1)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", False)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "support@escalade.example")
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be on.")

# Background work: django-tasks with the database queue by default, or RQ on
# Redis when several machines share the load.
TASKS_BACKEND = env_choice(
    "TASKS_BACKEND", "database", {"database", "redis", "immediate"}
)
REDIS_URL = env_str("REDIS_URL", "redis://127.0.0.1:6379/0")
if TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
elif TASKS_BACKEND == "redis":
    # RQ on Redis, for several workers on several machines; `escalade worker`
    # then runs django-rq's worker with the scheduler (deferred tasks).
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    RQ_QUEUES = {"default": {"URL": REDIS_URL}}
    INSTALLED_APPS.append("django_rq")
else:
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

ESCALADE = {
    "DESK_NAME": env_str("ESCALADE_DESK_NAME", "numi.support"),
    "SUPPORT_EMAIL": env_str("ESCALADE_SUPPORT_EMAIL", "tech-support@numi.support"),
    "HOTLINE_PHONE": env_str("ESCALADE_HOTLINE_PHONE", "01 23 45 67 89"),
    "SITE_URL": env_str("ESCALADE_SITE_URL", "http://127.0.0.1:8000"),
    "FOLLOW_UP_DAYS": env_int("ESCALADE_FOLLOW_UP_DAYS", 3, minimum=1),
    # The worker re-checks clocks, e-mails and follow-ups this often.
    "SWEEP_SECONDS": env_int("ESCALADE_SWEEP_SECONDS", 60, minimum=1),
    # How long a worker holds an e-mail it is sending before another may
    # retry it; keep it well above EMAIL_TIMEOUT.
    "OUTBOX_LEASE_SECONDS": env_int("ESCALADE_OUTBOX_LEASE_SECONDS", 300, minimum=1),
}

LOG_LEVEL = env_choice(
    "LOG_LEVEL", "INFO", {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
)

# A claim on an e-mail must outlive the slowest SMTP conversation: if the
# lease ran out while a worker still talked to the server, the sweep would
# hand the message to another worker and it would go out twice.
if ESCALADE["OUTBOX_LEASE_SECONDS"] < 6 * EMAIL_TIMEOUT:
    raise ImproperlyConfigured(
        "ESCALADE_OUTBOX_LEASE_SECONDS must be at least 6 times EMAIL_TIMEOUT "
        f"({6 * EMAIL_TIMEOUT} s), so a slow send is never handed to a second worker."
    )

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "line": {
            "format": (
                "%(asctime)s %(levelname)s %(name)s %(message)s ticket=%(ticket)s"
            ),
        },
    },
    "filters": {"ticket": {"()": "escalade.logs.TicketFilter"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "line",
            "filters": ["ticket"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # One line per task run drowns what matters; failures still show.
        "django_tasks": {"level": "WARNING"},
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
