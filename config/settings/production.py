"""Production: every secret from the environment, PostgreSQL, HTTPS only."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403 (settings modules extend the base by design)

DEBUG = False
if os.environ.get("DJANGO_SECRET_KEY", "") in {"", "plenary-local-development-key-not-for-production"}:
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a long random value in production.")
SECURE_SSL_REDIRECT = os.environ.get("PLENARY_SSL_REDIRECT", "true").lower() == "true"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("PLENARY_HSTS_SECONDS", "31536000"))
