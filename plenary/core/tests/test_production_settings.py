"""Production settings: refuse to start without a database named on purpose; `check --deploy` clean; SMTP mail."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.base import smtp_mailer

ROOT = Path(__file__).resolve().parents[3]


def _production(command: list[str], **env: str) -> subprocess.CompletedProcess:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PLENARY_", "DATABASE_"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="plenary.example.org",
        **env,
    )
    return subprocess.run(  # noqa: S603 (our own interpreter and manage.py)
        [sys.executable, *command], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_to_start_without_a_database_url():
    result = _production(["-c", "import django; django.setup()"])
    assert result.returncode != 0
    assert "Set DATABASE_URL in production" in result.stderr


def test_check_deploy_is_clean(tmp_path):
    result = _production(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        PLENARY_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("smtp://localhost", {"host": "localhost", "port": 25, "use_tls": False, "use_ssl": False}),
        (
            "smtp+tls://mailer%40example.org:p%40ss@mail.example.org",
            {"host": "mail.example.org", "port": 587, "use_tls": True, "username": "mailer@example.org"},
        ),
        ("smtps://u:p@mail.example.org:2465", {"port": 2465, "use_ssl": True, "password": "p"}),
    ],
)
def test_smtp_mailer_from_a_url(url, expected):
    mailer = smtp_mailer(url)
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert expected.items() <= mailer["OPTIONS"].items()


def test_an_unknown_mail_scheme_is_refused():
    with pytest.raises(ImproperlyConfigured, match="PLENARY_EMAIL_URL"):
        smtp_mailer("http://mail.example.org")
