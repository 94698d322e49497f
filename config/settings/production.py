"""Production: every secret from the environment, PostgreSQL, e-mail by SMTP, HTTPS only.

`manage.py check --deploy --fail-level WARNING` passes with these settings as they are.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import env_bool, smtp_mailer

DEBUG = False
if os.environ.get("DJANGO_SECRET_KEY", "") in {"", "plenary-local-development-key-not-for-production"}:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value in production.")
if not os.environ.get("DATABASE_URL", "").strip():
    # The base falls back to a SQLite file in the checkout, which is right for a laptop and wrong for a server.
    raise ImproperlyConfigured(
        "Set DATABASE_URL in production, e.g. postgres://user:password@db-host:5432/plenary "
        "(or sqlite:////srv/plenary/plenary.sqlite3 to choose SQLite on purpose)."
    )

# E-mail (receipts, decisions, password resets) goes by SMTP: PLENARY_EMAIL_URL, else the host's own mail server.
MAILERS = {"default": smtp_mailer(os.environ.get("PLENARY_EMAIL_URL", "smtp://localhost:25"))}

SECURE_SSL_REDIRECT = env_bool("PLENARY_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("PLENARY_HSTS_SECONDS", "31536000"))
# Both are on by default, as `check --deploy` asks; turn them off when a sub-domain of the site's domain still
# serves plain HTTP, or when the domain must not be on the browsers' preload list.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("PLENARY_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("PLENARY_HSTS_PRELOAD", True)
