"""Tests: tasks run immediately, fast password hashing, e-mail kept in memory."""

from .base import *  # noqa: F403 (settings modules extend the base by design)

DEBUG = False
SECRET_KEY = "plenary-tests"  # noqa: S105 (a fixed key for tests only)
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
WHITENOISE_USE_FINDERS = True
# Tasks run inline in tests: the engine (seconds per run) runs only in the tests that turn this on.
PLENARY_ANALYSIS_AUTOMATIC = False
# Rate-limit counters in memory, cleared before each test (conftest); plenary.core.tests.test_limits runs them
# on the shared database cache that the other settings use.
CACHES["limits"] = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "plenary-limits"}  # noqa: F405
# Most tests read pages as rendered; plenary.core.tests.test_pagecache turns the public page cache on.
PLENARY_PAGE_CACHE = False
