"""The embedded default: SQLite, local files, database-backed task queue, e-mail to the console."""

from .base import *  # noqa: F403 (settings modules extend the base by design)
from .base import VAR_DIR, env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)
(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
