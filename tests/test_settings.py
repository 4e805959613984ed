"""Production settings fail fast when misconfigured and pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "a-real-production-secret-key-with-plenty-of-entropy-9f8e7d6c5b4a",
    "DJANGO_ALLOWED_HOSTS": "localoffer.example",
}


def manage(*args, **env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_refuses_to_start_without_a_secret_key():
    result = manage("check", DJANGO_ALLOWED_HOSTS="localoffer.example")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_refuses_to_start_without_allowed_hosts():
    result = manage("check", DJANGO_SECRET_KEY=PRODUCTION["DJANGO_SECRET_KEY"])
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_refuses_a_short_secret_key():
    result = manage("check", DJANGO_SECRET_KEY="short", DJANGO_ALLOWED_HOSTS="x.example")
    assert result.returncode != 0


def test_debug_is_off_unless_asked_for():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.DEBUG)", **PRODUCTION
    )
    assert result.stdout.strip().endswith("False"), result.stderr


def test_deploy_check_is_clean_in_production_settings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_database_url_selects_the_database(db):
    from django.db import connection

    expected = (
        "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    )
    assert connection.vendor == expected
