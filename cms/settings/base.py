"""Settings shared by every environment. Everything site-specific comes from the
environment; see the README's "Configuration" table for each variable."""

import os
from pathlib import Path

import dj_database_url
from django.conf.locale import LANG_INFO
from django.core.exceptions import ImproperlyConfigured

from newsletter.campaigns import conf as campaigns_conf

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str | None = None) -> str | None:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [part.strip() for part in os.environ.get(name, default).split(",") if part.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value in (None, ""):
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, got {value!r}") from exc


def language_choices(codes: list[str]) -> list[tuple[str, str]]:
    """(code, English name) for each code Django knows; an unknown code stops start-up."""
    unknown = [code for code in codes if "name" not in LANG_INFO.get(code.lower(), {})]
    if unknown or not codes:
        raise ImproperlyConfigured(
            f"LANGUAGES must list language codes Django knows, e.g. en,fr,de; got {unknown or codes}")
    return [(code.lower(), LANG_INFO[code.lower()]["name"]) for code in codes]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env("SECRET_KEY", "")
# The key dev.py falls back to; production refuses to start with it.
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"

# Absolute base URL that every link in emails, feeds and ECCP packs is built from.
SITE_URL = (env("SITE_URL", "http://127.0.0.1:8000") or "").rstrip("/")
WAGTAILADMIN_BASE_URL = SITE_URL

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", SITE_URL)

INSTALLED_APPS = [
    "cms",
    "newsletter",
    "newsletter.subscribers",
    "newsletter.campaigns",
    "newsletter.sesevents",
    "newsletter.cockpit",
    "newsletter.digests",
    "feeds",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_tasks",
    "django_tasks_db",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "cms.preview_csp.exempt_previews_from_csp",  # inside CSP: flags its response first
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (e.g. postgres://user:pw@host/db) switches.
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}",
        conn_max_age=env_int("DB_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes. synchronous=NORMAL (the
    # default SQLITE_SYNCHRONOUS) syncs the WAL at checkpoints instead of at every commit:
    # a crash of the process never loses a commit; a power loss or OS crash may lose the
    # last commits before the checkpoint, never corrupt the file (docs/ses-events.md).
    _SQLITE_SYNCHRONOUS = env("SQLITE_SYNCHRONOUS", "NORMAL").upper()
    if _SQLITE_SYNCHRONOUS not in {"NORMAL", "FULL", "EXTRA"}:
        raise ImproperlyConfigured(f"SQLITE_SYNCHRONOUS={_SQLITE_SYNCHRONOUS!r}: NORMAL, FULL or EXTRA")
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "timeout": 20,
        "init_command": f"PRAGMA journal_mode=WAL; PRAGMA synchronous={_SQLITE_SYNCHRONOUS};",
        "transaction_mode": "IMMEDIATE",
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

TIME_ZONE = env("TIME_ZONE", "Europe/Brussels")
USE_I18N = True

# --- Languages (docs/languages.md) -----------------------------------------------------------
# LANGUAGES: comma-separated language codes; the first is the default language, whose URLs
# carry no prefix (/fr/… for the others). Content, site chrome, emails and feeds all use them.
LANGUAGES = language_choices(env_list("LANGUAGES", "en,fr,de,es,it,ca"))
LANGUAGE_CODE = LANGUAGES[0][0]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
# The admin languages editors may pick in Account → Preferences: the partnership's, whose
# catalogues hold every clusterpost admin string (docs/languages.md).
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "static")))
STATICFILES_DIRS = []
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Wagtail -------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = env("WAGTAIL_SITE_NAME", "clusterpost")
WAGTAILIMAGES_IMAGE_MODEL = "cms.PartnershipImage"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Nothing may reach the internet from the admin.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_RICH_TEXT_EDITORS = {
    "default": {
        "WIDGET": "wagtail.admin.rich_text.DraftailRichTextArea",
        "OPTIONS": {"features": ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link", "blockquote"]},
    }
}

# --- Background work -----------------------------------------------------------------------
# django-tasks with the database backend; `python manage.py db_worker` runs the default
# queue, which carries delivery too.
TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

# --- Email ---------------------------------------------------------------------------------
# Every outgoing email goes through newsletter.transports: outbox | ses | smtp.
EMAIL_TRANSPORT = env("EMAIL_TRANSPORT", "outbox")
OUTBOX_DIR = Path(env("OUTBOX_DIR", str(BASE_DIR / "var" / "outbox")))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "bioXclusters plus <newsletter@bioxclusters.example>")
# Where readers' replies go; empty = the sender. Same in every message (campaign, test send, .eml).
NEWSLETTER_REPLY_TO = env("NEWSLETTER_REPLY_TO", "")
# SES (sesv2)
AWS_REGION = env("AWS_REGION", "eu-west-1")
SES_ENDPOINT_URL = env("SES_ENDPOINT_URL") or None
SES_CONFIGURATION_SET = env("SES_CONFIGURATION_SET", "clusterpost")
SES_MAX_SEND_RATE = float(env("SES_MAX_SEND_RATE", "0") or 0) or None
SES_CONNECT_TIMEOUT = float(env("SES_CONNECT_TIMEOUT", "5"))
SES_READ_TIMEOUT = float(env("SES_READ_TIMEOUT", "15"))
# Delivery engine (docs/delivery.md); the defaults live in newsletter/campaigns/conf.py.
SES_RATE_HEADROOM = float(env("SES_RATE_HEADROOM") or campaigns_conf.RATE_HEADROOM)
CAMPAIGN_CONCURRENCY = env_int("CAMPAIGN_CONCURRENCY", campaigns_conf.CONCURRENCY)
CAMPAIGN_PARALLEL_TASKS = env_int("CAMPAIGN_PARALLEL_TASKS", campaigns_conf.PARALLEL_TASKS)
CAMPAIGN_WORKER_DEAD_AFTER = float(env("CAMPAIGN_WORKER_DEAD_AFTER") or campaigns_conf.WORKER_DEAD_AFTER)
CAMPAIGN_UNKNOWN_GRACE = float(env("CAMPAIGN_UNKNOWN_GRACE") or campaigns_conf.UNKNOWN_GRACE)
# Digests (newsletter/digests): a tick later than this after an occurrence skips it.
DIGEST_MAX_LATENESS_HOURS = float(env("DIGEST_MAX_LATENESS_HOURS", "24"))
# SMTP
SMTP_HOST = env("SMTP_HOST", "localhost")
SMTP_PORT = env_int("SMTP_PORT", 587)
SMTP_USERNAME = env("SMTP_USERNAME", "")
SMTP_PASSWORD = env("SMTP_PASSWORD", "")
SMTP_STARTTLS = env_bool("SMTP_STARTTLS", True)
SMTP_CA_FILE = env("SMTP_CA_FILE", "")  # PEM bundle to trust instead of the system's CAs
# "Send test" (newsletter/conf.py holds the defaults): editors may send tests to their
# own address and to TEST_RECIPIENTS; "Newsletter senders" to any address, within
# SEND_TEST_RATE_LIMIT messages per SEND_TEST_RATE_WINDOW seconds per user.
if env("TEST_RECIPIENTS") is not None:
    TEST_RECIPIENTS = env_list("TEST_RECIPIENTS")
for _name in ("SEND_TEST_RATE_LIMIT", "SEND_TEST_RATE_WINDOW"):
    if env(_name):
        globals()[_name] = env_int(_name, 0)
# SNS topics whose SES event notifications the webhook accepts.
SNS_TOPIC_ARNS = env_list("SNS_TOPIC_ARNS")
# SES events (newsletter.sesevents): the defaults live in newsletter/sesevents/conf.py;
# a variable left unset here (None) takes its default there.
for _name in ("SES_TRANSIENT_BOUNCE_LIMIT", "SES_TRANSIENT_BOUNCE_DAYS", "SES_WEBHOOK_MAX_BYTES",
              "SES_WEBHOOK_MAX_DEPTH", "SNS_CERT_FETCH_TIMEOUT", "SNS_CERT_FAILURE_CACHE",
              "SNS_MESSAGE_MAX_AGE", "SES_EVENTS_QUEUE_URL", "SES_EVENTS_APPLY_BATCH",
              "SES_AUTOPAUSE_BOUNCE_RATE", "SES_AUTOPAUSE_COMPLAINT_RATE", "SES_AUTOPAUSE_MIN_SENDS",
              "SES_NO_EVENT_WARNING_MINUTES", "SES_EVENTS_RETENTION_DAYS"):
    globals()[_name] = env(_name)
# Open and click tracking stay off until an operator turns them on.
TRACK_OPENS = env_bool("TRACK_OPENS", False)
TRACK_CLICKS = env_bool("TRACK_CLICKS", False)
# Subscribers: every default lives in newsletter/subscribers/conf.py (see
# docs/subscribers.md); a variable set in the environment overrides it here.
# The suppression list is a list of keyed hashes: set SUBSCRIBERS_HASH_KEY in production
# and never change it (it defaults to SECRET_KEY).
for _name in ("SUBSCRIBERS_HASH_KEY", "SUBSCRIBERS_CLIENT_IP_HEADER", "SUBSCRIBERS_PRIVACY_URL"):
    if env(_name) is not None:
        globals()[_name] = env(_name)
for _name in ("SUBSCRIBE_RATE_LIMIT", "SUBSCRIBE_RATE_WINDOW", "TRUSTED_PROXY_COUNT",
              "SUBSCRIBERS_IMPORT_MAX_BYTES"):
    if env(_name):
        globals()[_name] = env_int(_name, 0)
if env("CONSENT_RECORD_IP") is not None:  # store the requester's IP in consent records
    CONSENT_RECORD_IP = env_bool("CONSENT_RECORD_IP")

# --- Cache (rendered feeds) ----------------------------------------------------------------
# LocMemCache is per process. With several gunicorn workers use a shared cache:
# CACHE_BACKEND=django.core.cache.backends.db.DatabaseCache with CACHE_LOCATION=a table name
# (then `manage.py createcachetable`), or ...backends.redis.RedisCache with a redis:// URL.
CACHES = {
    "default": {
        "BACKEND": env("CACHE_BACKEND", "django.core.cache.backends.locmem.LocMemCache"),
        "LOCATION": env("CACHE_LOCATION", "clusterpost"),
    }
}
ISSUE_CACHE_SECONDS = env_int("ISSUE_CACHE_SECONDS", 60)  # cached Issue's longest life; 0: off
FEEDS_LENGTH = env_int("FEEDS_LENGTH", 50)  # entries per RSS/Atom feed
FEEDS_CACHE_SECONDS = env_int("FEEDS_CACHE_SECONDS", 900)  # upper bound on a cached feed's age
FEEDS_MAX_AGE = env_int("FEEDS_MAX_AGE", 300)  # Cache-Control max-age for feed readers
FEEDS_CACHE_ENABLED = env_bool("FEEDS_CACHE_ENABLED", True)  # off: render every request
FEEDS_CALENDAR_PAST_DAYS = env_int("FEEDS_CALENDAR_PAST_DAYS", 365)  # past events in events.ics

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

SESSION_COOKIE_HTTPONLY = True
# No page may be framed, except the embeddable sign-up form (EMBED_ALLOWED_ORIGINS) and
# Wagtail's own previews (same origin). docs/security.md
X_FRAME_OPTIONS = "DENY"
# Partner sites allowed to show the sign-up form in an <iframe>: comma-separated origins
# such as https://partner.example.org (default none: newsletter/subscribers/conf.py).
if env("EMBED_ALLOWED_ORIGINS") is not None:
    EMBED_ALLOWED_ORIGINS = env_list("EMBED_ALLOWED_ORIGINS")

# --- Content-Security-Policy (django-csp) --------------------------------------------------
# Public and subscriber pages load only our own scripts, styles and images. The Wagtail
# admin (which needs inline scripts) keeps its own protections and is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/", "/django-admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
