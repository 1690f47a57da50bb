"""Settings for the barrier tracker, read from the environment (12-factor).

A fresh checkout needs none of it. Production sets DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL; everything else has a safe default. `.env.example` gives each variable's default and
meaning, README "Configuration" and "Security" explain them. The 44 variables read here:

- core: DEBUG, SECRET_KEY, ALLOWED_HOSTS, CSRF_TRUSTED_ORIGINS, TRACKER_TESTING (tests only)
- database, files, cache: DATABASE_URL, CONN_MAX_AGE, STATIC_ROOT, MEDIA_ROOT, REDIS_URL
- mail and tasks: EMAIL_URL, EMAIL_BACKEND, EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER,
  EMAIL_HOST_PASSWORD, EMAIL_USE_TLS, DEFAULT_FROM_EMAIL, SITE_URL, TASKS_BACKEND
- HTTPS: SECURE_SSL_REDIRECT, SECURE_HSTS_SECONDS, SECURE_HSTS_INCLUDE_SUBDOMAINS,
  SECURE_HSTS_PRELOAD, SECURE_COOKIES, SECURE_PROXY_SSL_HEADER
- throttling: AXES_ENABLED, LOGIN_FAILURE_LIMIT, LOGIN_LOCKOUT_MINUTES, RATELIMIT_ENABLE,
  RATELIMIT_IP_META_KEY, COMPLAINT_RATE, COMPLAINT_REFUSED_RATE, COMPLAINT_FIND_RATE, SIMILAR_RATE
- the domain (TRACKER): STALE_AFTER_DAYS, DEADLINE_CALENDAR, ESCALATION_REMINDER_DAYS,
  ESCALATION_OVERSIGHT_AFTER_DAYS, ESCALATION_BARRIER_WEEKDAY, COMPLAINT_RETENTION_DAYS,
  OPERATOR_PHONE, OPERATOR_EMAIL
- logs: LOG_LEVEL

tests/test_settings_env.py fails when a variable read here is missing from this list (or its
count), from `.env.example` or from the README.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# A fresh checkout runs with no environment at all (migrate, seed_demo, runserver), so DEBUG is on
# unless told otherwise. The WSGI and ASGI entry points (tracker/wsgi.py, asgi.py) default it to off,
# so a server cannot run in debug mode by a forgotten variable; with DEBUG off a real SECRET_KEY is
# required (the dev key is refused).
DEBUG = env_bool("DEBUG", default=True)
_DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY") or _DEV_SECRET_KEY
if SECRET_KEY == _DEV_SECRET_KEY and not DEBUG and not env_bool("TRACKER_TESTING"):
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "tracker.apps.TrackerAdminConfig",  # django.contrib.admin, superusers only
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_countries",
    "simple_history",
    "graphene_django",
    "phonenumber_field",
    "django_tasks",
    "tracker.apps.TasksDatabaseConfig",  # django_tasks_db, named in the page language
    "django_ratelimit",
    "axes",
    "barriers",
    "api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "barriers.web.middleware.RefuseNulMiddleware",
    "api.auth.BearerTokenMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Plain-text mail (barriers/notifications.py renders with this engine): autoescape is off,
        # so "R&D" stays "R&D" and not "R&amp;D". Never use it for HTML.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

WSGI_APPLICATION = "tracker.wsgi.application"

if not os.environ.get("DATABASE_URL"):
    VAR_DIR.mkdir(exist_ok=True)  # the default SQLite file lives in var/, which git does not keep
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'tracker.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Two writers on SQLite answer as on PostgreSQL: a transaction takes the write lock at BEGIN
    # (IMMEDIATE), so a second writer waits (up to `timeout` seconds) instead of failing with
    # "database is locked" at its first write, then finds the version moved (a conflict). WAL lets
    # readers go on meanwhile.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        **DATABASES["default"].get("OPTIONS", {}),
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any statement it estimates as costly; for the dashboard's
    # aggregates over a few hundred thousand rows compiling costs more (10-25 ms) than it saves.
    DATABASES["default"]["OPTIONS"] = {"options": "-c jit=off", **DATABASES["default"].get("OPTIONS", {})}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sign-in throttling (django-axes, state in the database so every worker sees it): after
# LOGIN_FAILURE_LIMIT failed sign-ins for one user from one address, that pair is locked out for
# LOGIN_LOCKOUT_MINUTES; a success resets the count. Unlock: `manage.py axes_reset_username NAME`.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "django.contrib.auth.backends.ModelBackend"]
AXES_ENABLED = env_bool("AXES_ENABLED", default=True)
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_LOCKOUT_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "barriers.web.login.locked_out"
AXES_CLIENT_IP_CALLABLE = "barriers.web.login.client_ip"
AXES_ENABLE_ADMIN = False  # its admin pages are English-only; `axes_list_attempts` lists lockouts

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/workspace/"  # oversight readers are sent on to /dashboard/
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "ko"
LANGUAGES = [("ko", _("Korean")), ("en", _("English"))]
# One catalogue for the whole project (its terms follow barriers/locale/glossary.md).
LOCALE_PATHS = [BASE_DIR / "barriers" / "locale"]
TIME_ZONE = "Asia/Seoul"
USE_I18N = True
USE_TZ = True
# Dates and numbers as each language's pages write them (tracker/formats/<lang>/formats.py).
FORMAT_MODULE_PATH = ["tracker.formats"]

STATIC_URL = "static/"
# Production serves static files with WhiteNoise from STATIC_ROOT, filled by `manage.py
# collectstatic` (compressed, with hashed names cached for a year). With DEBUG on, runserver serves
# them from the apps and no collectstatic is needed.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or VAR_DIR / "static")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT") or VAR_DIR / "media")
# Evidence files are never served from a public URL; see barriers/web/views for the guarded view.
MEDIA_URL = "/media-not-served/"  # no route serves it: evidence goes through a guarded view

# Cache and rate limits: Redis when REDIS_URL is given (shared across processes), otherwise a
# per-process local cache (rate limits are then per process; README says so).
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]
# The search postings' covering index (barriers/models/search.py) serves PostgreSQL; SQLite builds
# the plain index and warns that it drops the included column, which is expected.
SILENCED_SYSTEM_CHECKS = [*globals().get("SILENCED_SYSTEM_CHECKS", []), "models.W040"]
RATELIMIT_ENABLE = env_bool("RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "barriers.web.views.ratelimited"
if os.environ.get("RATELIMIT_IP_META_KEY"):
    RATELIMIT_IP_META_KEY = os.environ["RATELIMIT_IP_META_KEY"]

# E-mail: console by default; EMAIL_URL=smtp://user:pass@host:587 or the EMAIL_* settings.
EMAIL_URL = os.environ.get("EMAIL_URL", "")
if EMAIL_URL:
    from urllib.parse import unquote, urlparse

    _mail = urlparse(EMAIL_URL)
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = _mail.hostname or "localhost"
    EMAIL_PORT = _mail.port or 25
    EMAIL_HOST_USER = unquote(_mail.username or "")
    EMAIL_HOST_PASSWORD = unquote(_mail.password or "")
    EMAIL_USE_TLS = _mail.scheme in {"smtp+tls", "submission"}
    EMAIL_USE_SSL = _mail.scheme == "smtps"
else:
    EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
    EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "barrier-tracker@localhost")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")

# Background tasks: immediate (in the request's process) unless TASKS_BACKEND=database, in which
# case `manage.py db_worker` runs them (several workers scale out on PostgreSQL).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if os.environ.get("TASKS_BACKEND") == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}

# Content Security Policy (django-csp 4 format). GraphiQL pages relax it for themselves.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "img-src": [SELF, "data:"],
        "style-src": [SELF],
        "script-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# HTTPS. With DEBUG off (production) everything below is on unless the environment says otherwise;
# behind a proxy that ends TLS set SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https (the header
# the proxy sets and the value meaning https), or every request is redirected to https for ever.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS") or (0 if DEBUG else 31_536_000))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    _proxy_header, _comma, _proxy_value = os.environ["SECURE_PROXY_SSL_HEADER"].partition(",")
    SECURE_PROXY_SSL_HEADER = (_proxy_header.strip(), _proxy_value.strip() or "https")

# django-filter's empty choice, in the page's language.
FILTERS_EMPTY_CHOICE_LABEL = _("All")

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# The URLs where an `Authorization: Bearer` API token counts (api/auth.py); every other view
# ignores the header. Add an API's prefix here when one is added.
API_URL_PREFIXES = ["/graphql/"]

GRAPHENE = {
    "SCHEMA": "api.schema.schema",
    "RELAY_CONNECTION_MAX_LIMIT": 100,
    "RELAY_CONNECTION_ENFORCE_FIRST_OR_LAST": False,
}

# Domain settings (all overridable per deployment).
TRACKER = {
    "STALE_AFTER_DAYS": int(os.environ.get("STALE_AFTER_DAYS", "90")),
    # Complaint periods, counted by DEADLINE_CALENDAR: "working" (the Civil Petitions Act: the day
    # of receipt is day 1, Saturdays, Sundays and public holidays skipped) or "calendar" (every
    # day). See barriers/deadlines.py and the README. Periods under 6 days are refused (the law
    # counts those in hours).
    "DEADLINE_CALENDAR": os.environ.get("DEADLINE_CALENDAR", "working"),
    "COMPLAINT_FIRST_REPLY_DAYS": 14,
    "COMPLAINT_REFUSAL_GROUNDS_DAYS": 90,
    "COMPLAINT_FINAL_ANSWER_DAYS": 183,
    # The escalation ladder (manage.py escalate): a reminder this many working days before a
    # deadline, the ministry contact and coordinators when it is missed, oversight this many working
    # days after; overdue and stale barriers go to their lead ministry once a week, on this weekday
    # (0 = Monday) or the first run after it.
    "ESCALATION_REMINDER_DAYS": int(os.environ.get("ESCALATION_REMINDER_DAYS", "3")),
    "ESCALATION_OVERSIGHT_AFTER_DAYS": int(os.environ.get("ESCALATION_OVERSIGHT_AFTER_DAYS", "5")),
    "ESCALATION_BARRIER_WEEKDAY": int(os.environ.get("ESCALATION_BARRIER_WEEKDAY", "0")),
    "COMPLAINT_RETENTION_DAYS": int(os.environ.get("COMPLAINT_RETENTION_DAYS", str(3 * 365))),
    "EVIDENCE_MAX_BYTES": 10 * 1024 * 1024,
    "EVIDENCE_MAX_FILES": 3,
    # Accepted submissions per address; refused ones (errors, the "already known?" step) have
    # their own, higher limit so that correcting mistakes never locks an SME out.
    "COMPLAINT_RATE": os.environ.get("COMPLAINT_RATE", "5/m"),
    # The operating agency named in every page's footer and identifier, and the privacy contact.
    "OPERATOR": {
        "name_ko": "산업통상자원부",
        "name_en": "Ministry of Trade, Industry and Energy",
        "address_ko": "(30118) 세종특별자치시 한누리대로 402 정부세종청사 13동",
        "address_en": "Government Complex Sejong Building 13, 402 Hannuri-daero, Sejong 30118, Republic of Korea",
        "phone": os.environ.get("OPERATOR_PHONE", "1577-0900"),
        "email": os.environ.get("OPERATOR_EMAIL", "barrier-tracker@motie.go.kr"),
        "privacy_officer_ko": "산업통상자원부 개인정보 보호책임자",
        "privacy_officer_en": "the Ministry's privacy officer",
    },
    "COMPLAINT_REFUSED_RATE": os.environ.get("COMPLAINT_REFUSED_RATE", "30/m"),
    # "Find my report" (a new private link by mail) per address.
    "COMPLAINT_FIND_RATE": os.environ.get("COMPLAINT_FIND_RATE", "5/h"),
    # "Is this already known?" is asked as an SME types (debounced): generous, but bounded.
    "SIMILAR_RATE": os.environ.get("SIMILAR_RATE", "120/m"),
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Logs go to standard error (the process manager keeps them). With DEBUG off Django writes
# nothing for a failed request unless told to: django.request carries every unhandled 500 with its
# traceback, django.security refused hosts and lookups.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "barriers": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "api": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}
