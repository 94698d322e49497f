"""Settings shared by every environment. Each value that differs per deployment comes from the environment."""

import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("PLENARY_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "plenary-local-development-key-not-for-production")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# The site's own address: every absolute link (e-mails, feeds, exports, the report, the API) is built from it
# (plenary.core.site), never from the request, so a link in an e-mail opens where the site really is.
# `make run PORT=N` sets it to http://127.0.0.1:N unless PLENARY_SITE_URL (or SITE_URL) is given.
SITE_URL = (os.environ.get("PLENARY_SITE_URL") or os.environ.get("SITE_URL") or "http://127.0.0.1:8000").rstrip("/")
_site = urlsplit(SITE_URL)
if not _site.scheme or not _site.hostname:
    raise ImproperlyConfigured(
        f"PLENARY_SITE_URL must be an absolute address such as https://example.org, not {SITE_URL!r}."
    )
if _site.hostname not in ALLOWED_HOSTS and "*" not in ALLOWED_HOSTS:
    ALLOWED_HOSTS.append(_site.hostname)  # the configured address is always served
if f"{_site.scheme}://{_site.netloc}" not in CSRF_TRUSTED_ORIGINS:
    CSRF_TRUSTED_ORIGINS.append(f"{_site.scheme}://{_site.netloc}")  # forms work behind a TLS proxy too

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
    "django_tasks_db",
    "plenary.core",
    "plenary.accounts",
    "plenary.groups",
    "plenary.meetings",
    "plenary.issues",
    "plenary.consultations",
    "plenary.assessment",
    "plenary.drafting",
    "plenary.reports",
    "plenary.analysis",
    "plenary.notifications",
    "plenary.proceedings",
    "plenary.workspace",
    "plenary.api",
]

MIDDLEWARE = [
    # First, so that an oversized body is refused before anything (CSRF, forms) reads it.
    "plenary.core.limits.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside everything that decides who reads, in which language, and whether a token or nonce was used.
    "plenary.core.pagecache.PageCacheMiddleware",
    # Last, so that a locked-out sign-in never reaches the view.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "plenary" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'plenary.sqlite3'}"),
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        # A kept connection is checked before a request reuses it, so a restarted database costs no error page.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the task worker writes.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # No JIT compilation: the site's queries are short, but one with a LIMIT over a large table (a search walking
    # the index newest first) is costed high enough to trigger it, and compiling took 17 s of a search that ran in
    # 0.2 s (EXPLAIN ANALYZE at 40k contributions). A JIT pays back only on long analytical queries.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# The client's address: REMOTE_ADDR, or X-Forwarded-For when the request comes from one of these proxies
# (addresses or CIDR ranges, e.g. "127.0.0.1,10.0.0.0/8"). See plenary.core.client.
PLENARY_TRUSTED_PROXIES = env_list("PLENARY_TRUSTED_PROXIES")

# Sign-in lockout (django-axes): failures are counted per client address AND account, so an attacker is stopped
# on the accounts it tries while their owners, from their own addresses, still sign in; an owner who shares the
# attacker's address unlocks the account by resetting the password by e-mail (accounts.views). The attempts are
# rows of the site's database, which every web process shares.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = int(os.environ.get("PLENARY_SIGNIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = dt.timedelta(minutes=int(os.environ.get("PLENARY_SIGNIN_LOCKOUT_MINUTES", "60")))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "plenary.core.client.client_address"
AXES_LOCKOUT_CALLABLE = "plenary.accounts.views.signin_locked_out"

# Rate limits (django-ratelimit) on the public forms and the API, per client address, in the shared cache.
RATELIMIT_IP_META_KEY = "plenary.core.client.client_address"
RATELIMIT_USE_CACHE = "limits"
PLENARY_PUBLIC_RATE = os.environ.get("PLENARY_PUBLIC_RATE", "10/h")  # submissions and comments per address
PLENARY_SIGNIN_RATE = os.environ.get("PLENARY_SIGNIN_RATE", "60/h")  # sign-in attempts per address, all accounts

# The six official languages of the United Nations.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("zh-hans", _("Chinese")),
    ("en", _("English")),
    ("fr", _("French")),
    ("ru", _("Russian")),
    ("es", _("Spanish")),
]
LANGUAGES_BIDI = ["ar"]
LOCALE_PATHS = [BASE_DIR / "plenary" / "locale"]
FORMAT_MODULE_PATH = ["config.formats"]  # dates as CLDR writes them where Django's own formats differ
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("PLENARY_STATIC_ROOT", VAR_DIR / "static"))
STATICFILES_DIRS = [BASE_DIR / "plenary" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("PLENARY_MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}


def smtp_mailer(url: str) -> dict:
    """The SMTP mailer for smtp://user:password@host:port (plain), smtp+tls://... (STARTTLS) or smtps://... (TLS)."""
    from urllib.parse import unquote, urlparse

    from django.core.exceptions import ImproperlyConfigured

    parts = urlparse(url)
    if parts.scheme not in {"smtp", "smtp+tls", "smtps"}:
        raise ImproperlyConfigured(f"PLENARY_EMAIL_URL must start with smtp://, smtp+tls:// or smtps://, not {url!r}.")
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": parts.hostname or "localhost",
            "port": parts.port or {"smtp": 25, "smtp+tls": 587, "smtps": 465}[parts.scheme],
            "username": unquote(parts.username or ""),
            "password": unquote(parts.password or ""),
            "use_tls": parts.scheme == "smtp+tls",
            "use_ssl": parts.scheme == "smtps",
            "timeout": int(os.environ.get("PLENARY_EMAIL_TIMEOUT", "10")),
        },
    }


DEFAULT_FROM_EMAIL = os.environ.get("PLENARY_FROM_EMAIL", "Plenary <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
if os.environ.get("PLENARY_EMAIL_URL"):
    MAILERS["default"] = smtp_mailer(os.environ["PLENARY_EMAIL_URL"])

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}

# "default" caches rendered charts, per process; "limits" holds the rate-limit counters, which every process must
# share: a table of the site's database by default (plenary.core.cache), or Redis when PLENARY_CACHE_URL is set.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "plenary",
    },
    "limits": {
        "BACKEND": "plenary.core.cache.AtomicDatabaseCache",
        "LOCATION": "plenary_cache",
        # Culling would drop live counters: keep room for every address seen within the longest window.
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}
# Whole public pages for readers who are not signed in (plenary.core.pagecache): per process, a few hundred at most
# (a page is 20-500 kB; none over PLENARY_PAGE_CACHE_MAX_BYTES is kept), each for PLENARY_PAGE_CACHE_SECONDS.
CACHES["pages"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "plenary-pages",
    "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("PLENARY_PAGE_CACHE_ENTRIES", "200"))},
}
PLENARY_PAGE_CACHE = env_bool("PLENARY_PAGE_CACHE", True)
PLENARY_PAGE_CACHE_SECONDS = int(os.environ.get("PLENARY_PAGE_CACHE_SECONDS", "30"))
PLENARY_PAGE_CACHE_MAX_BYTES = int(os.environ.get("PLENARY_PAGE_CACHE_MAX_BYTES", str(512 * 1024)))
if os.environ.get("PLENARY_CACHE_URL"):
    for _name in ("default", "limits", "pages"):
        CACHES[_name] = {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["PLENARY_CACHE_URL"],
            "KEY_PREFIX": _name,
        }

# The largest request body accepted (five files of 20 MB, a call's default, and the form around them); a larger
# one is refused with 413 from its Content-Length, before anything reads it. Raise it for calls with larger limits.
PLENARY_MAX_REQUEST_MB = int(os.environ.get("PLENARY_MAX_REQUEST_MB", "105"))

# A strict policy: no inline script or style without the per-request nonce, nothing from another origin.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True


LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("PLENARY_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
AXES_VERBOSE = False

# The analysis engine runs after each publication (and suggests tags for each new contribution) in the task worker.
PLENARY_ANALYSIS_AUTOMATIC = env_bool("PLENARY_ANALYSIS_AUTOMATIC", True)
# Suggested issue tags at or above this score are taken when the secretariat accepts the suggestions.
PLENARY_SUGGESTION_THRESHOLD = float(os.environ.get("PLENARY_SUGGESTION_THRESHOLD", "0.3"))
