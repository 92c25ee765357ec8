"""The only settings module. Everything comes from the environment with safe development defaults.

Production: see .env.example (SEWAKA_DEBUG=False, SEWAKA_SECRET_KEY_FILE, DATABASE_URL, SEWAKA_ALLOWED_HOSTS).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:  # noqa: FBT001
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envsecret(name: str, default: str) -> str:
    """Read NAME, or the file named by NAME_FILE (Docker/systemd credentials)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        return Path(path).read_text().strip()
    return os.environ.get(name, default)


# Development mode is explicit: `make run`, `make test` and CI set SEWAKA_DEBUG=True. Pytest exports
# PYTEST_VERSION before it loads these settings, so a bare `pytest` runs in development mode too.
DEBUG = envbool("SEWAKA_DEBUG", bool(os.environ.get("PYTEST_VERSION")))
# Keys published in this repository: fine on a laptop, refused by `check --deploy` (sewaka/core/checks.py).
DEV_SECRET_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
PUBLISHED_KEYS = frozenset({DEV_SECRET_KEY})
SECRET_KEY = envsecret("SEWAKA_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SEWAKA_SECRET_KEY (atau SEWAKA_SECRET_KEY_FILE) wajib diisi bila SEWAKA_DEBUG mati; lihat .env.example."
        )
    SECRET_KEY = DEV_SECRET_KEY
# Old keys still accepted for signatures (sessions, password-reset links) while a new key is rolled out.
SECRET_KEY_FALLBACKS = [k for k in envsecret("SEWAKA_SECRET_KEY_FALLBACKS", "").split(",") if k.strip()]
# Keyed hashes of client addresses and kiosk tokens (and the kiosk cookie's signature) use their own key, so
# rotating SECRET_KEY keeps kiosks registered. Upgrading an installation: set it to the current SECRET_KEY.
SEWAKA_HASH_KEY = envsecret("SEWAKA_HASH_KEY", "")
if not SEWAKA_HASH_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SEWAKA_HASH_KEY (atau SEWAKA_HASH_KEY_FILE) wajib diisi bila SEWAKA_DEBUG mati; lihat .env.example."
        )
    SEWAKA_HASH_KEY = SECRET_KEY
# Demo mode (`make run`): seeddemo creates the demo logins and only then can they log in.
SEWAKA_DEMO = envbool("SEWAKA_DEMO", False)
ALLOWED_HOSTS = [h for h in env("SEWAKA_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env("SEWAKA_CSRF_TRUSTED_ORIGINS", "").split(",") if o]
SITE_NAME = env("SEWAKA_SITE_NAME", "Sewaka")
PEMDA_NAME = env("SEWAKA_PEMDA_NAME", "Pemerintah Kota Denpasar")
# Privacy notice (/privasi/, UU 27/2022): the data controller and how citizens reach it.
SEWAKA_PRIVACY_CONTROLLER = env("SEWAKA_PRIVACY_CONTROLLER", PEMDA_NAME)
SEWAKA_PRIVACY_CONTACT = env("SEWAKA_PRIVACY_CONTACT", "")
PLACE_NAME = env("SEWAKA_PLACE_NAME", "Denpasar")
# The address of this site in links that leave it (reminder e-mails sent by management commands).
SEWAKA_BASE_URL = env("SEWAKA_BASE_URL", "http://127.0.0.1:8000")  # place of signing on official documents

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "ninja",  # its templates and static Swagger UI (the API docs page, no CDN)
    "sewaka.core",
    "sewaka.organisations",
    "sewaka.accounts",
    "sewaka.followups",
    "sewaka.surveys",
    "sewaka.reports",
    "sewaka.standards",
    "sewaka.consultations",
    "sewaka.complaints",
    "sewaka.assessments",
    "sewaka.events",
    "sewaka.obligations",
    "sewaka.innovations",
    "sewaka.opendata",
    "sewaka.open311",
    "sewaka.api",
    "sewaka.home",
    "sewaka.dashboard",
    "sewaka.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sewaka.core.middleware.RejectBadInputMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "sewaka.core.middleware.IndonesianFirstMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "sewaka.core.middleware.StaffIdleTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "sewaka.organisations.middleware.CurrentUnitMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

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
                "sewaka.home.context_processors.shell",
            ],
            "builtins": ["sewaka.core.templatetags.fmt"],
        },
    }
]

# Database: SQLite by default, tuned for a web process, a worker and tests writing at once.
DATABASE_URL = env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
# Persistent connections (a new one per request costs a PostgreSQL backend start-up, or on SQLite the PRAGMAs
# and a WAL checkpoint when the last connection closes); a connection that went bad is replaced before use.
DATABASES = {
    "default": dj_database_url.parse(
        DATABASE_URL, conn_max_age=envint("SEWAKA_CONN_MAX_AGE", 600), conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
    }
    DATABASES["default"]["TEST"] = {"NAME": env("SEWAKA_TEST_SQLITE_NAME", "") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One cache shared by every process (rate limits, cached public PDFs): Django's database cache table
# (`manage.py createcachetable`; `migrate` creates it too), or Redis when SEWAKA_CACHE_URL is set
# (redis://host:6379/0; needs the `redis` package).
CACHE_URL = env("SEWAKA_CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "sewaka_cache",
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}

TASKS = {
    "default": {
        "BACKEND": env("SEWAKA_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "sewaka.accounts.backends.ModelBackend",  # Django's, refusing the demo password outside demo mode
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Staff sessions end after this many idle minutes (public pages keep Django's default).
SEWAKA_STAFF_IDLE_MINUTES = envint("SEWAKA_STAFF_IDLE_MINUTES", 30)
# Password reset requests per hour, per e-mail address and per client address.
SEWAKA_PASSWORD_RESET_LIMIT_PER_HOUR = envint("SEWAKA_PASSWORD_RESET_LIMIT_PER_HOUR", 5)
SEWAKA_PASSWORD_RESET_IP_LIMIT_PER_HOUR = envint("SEWAKA_PASSWORD_RESET_IP_LIMIT_PER_HOUR", 20)
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# django-axes: lock a username from one address (offices share one NAT address, so never IP alone).
AXES_FAILURE_LIMIT = envint("SEWAKA_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("SEWAKA_LOGIN_COOLOFF_MINUTES", 30) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "sewaka.core.net.axes_client_ip"
AXES_ENABLED = envbool("SEWAKA_AXES_ENABLED", True)
AXES_VERBOSE = False

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Makassar"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = False

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Private uploads: never under a public URL; served only by views that check access.
MEDIA_ROOT = Path(env("SEWAKA_MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
SEWAKA_MAX_UPLOAD_MB = envint("SEWAKA_MAX_UPLOAD_MB", 10)
# Images above this many pixels are refused from their header, before decoding (decompression bombs).
SEWAKA_MAX_IMAGE_PIXELS = envint("SEWAKA_MAX_IMAGE_PIXELS", 40_000_000)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = env(
    "SEWAKA_EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
if not DEBUG and EMAIL_BACKEND in {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}:
    # Never print e-mails (names, addresses, complaint texts) into a production log.
    EMAIL_BACKEND = "sewaka.core.mail.RedactedLogBackend"
EMAIL_HOST = env("SEWAKA_EMAIL_HOST", "localhost")
EMAIL_PORT = envint("SEWAKA_EMAIL_PORT", 25)
EMAIL_HOST_USER = env("SEWAKA_EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envsecret("SEWAKA_EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("SEWAKA_EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("SEWAKA_DEFAULT_FROM_EMAIL", "sewaka@localhost")

# Security: secure cookies and HSTS whenever DEBUG is off.
SECURE_SSL_REDIRECT = envbool("SEWAKA_SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = envint("SEWAKA_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Reverse proxies whose X-Forwarded-For is believed (addresses or CIDRs, comma-separated); see core/net.py.
SEWAKA_TRUSTED_PROXIES = [p.strip() for p in env("SEWAKA_TRUSTED_PROXIES", "").split(",") if p.strip()]
if envbool("SEWAKA_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("SEWAKA_LOG_LEVEL", "INFO")},
    "loggers": {"django.request": {"level": "ERROR"}},
}

SEWAKA_DEMO_USERS = SEWAKA_DEMO

# SKM integrity checks and the public rate limit (generous: carrier NAT puts many phones on one address).
SEWAKA_STANDARD_REVIEW_MONTHS = envint("SEWAKA_STANDARD_REVIEW_MONTHS", 12)
SEWAKA_SKM_REPEAT_WINDOW_MINUTES = envint("SEWAKA_SKM_REPEAT_WINDOW_MINUTES", 60)
SEWAKA_SKM_BURST_MINUTES = envint("SEWAKA_SKM_BURST_MINUTES", 10)
SEWAKA_SKM_BURST_LIMIT = envint("SEWAKA_SKM_BURST_LIMIT", 20)
SEWAKA_SKM_MIN_SECONDS = envint("SEWAKA_SKM_MIN_SECONDS", 20)
SEWAKA_SKM_RATE_LIMIT_PER_HOUR = envint("SEWAKA_SKM_RATE_LIMIT_PER_HOUR", 300)
# Public documents (published SKM reports) are cached; a client address may render this many per hour.
SEWAKA_PUBLIC_RENDER_LIMIT_PER_HOUR = envint("SEWAKA_PUBLIC_RENDER_LIMIT_PER_HOUR", 30)
# Open311 (docs/open311.md): reads per address and hour; complaints filed per address and per client key.
SEWAKA_OPEN311_GET_LIMIT_PER_HOUR = envint("SEWAKA_OPEN311_GET_LIMIT_PER_HOUR", 600)
SEWAKA_OPEN311_POST_LIMIT_PER_HOUR = envint("SEWAKA_OPEN311_POST_LIMIT_PER_HOUR", 60)
SEWAKA_OPEN311_KEY_LIMIT_PER_HOUR = envint("SEWAKA_OPEN311_KEY_LIMIT_PER_HOUR", 300)
FORMS_URLFIELD_ASSUME_HTTPS = True
