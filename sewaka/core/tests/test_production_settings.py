"""Issue 14 item 5: production defaults. Each test starts Django in a subprocess with the settings of
.env.example (as a server would), so nothing of the test process's development mode leaks in."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]
PUBLISHED_KEY = "dev-only-insecure-key-change-me-in-production-0123456789abcdef"
STRONG = "Yq3v7Lr0Jm2xK9pT4sW8eN1bC6hD5fG0aZ7uI3oP9lM2nB4vX8cQ1wE6rT5yU0iO"


def run(tmp_path, code: str | None = None, *, args=(), **env) -> subprocess.CompletedProcess:
    """Source .env.example like `make check`, apply `env` (None removes a variable), run manage.py or code."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("SEWAKA_", "PYTEST_", "DJANGO_"))}
    base.pop("DATABASE_URL", None)
    base["DATABASE_URL"] = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    command = [sys.executable, "manage.py", *args] if code is None else [sys.executable, "-c", code]
    overrides = " ".join(f"{k}={v!r}" for k, v in env.items() if v is not None)
    unsets = " ".join(f"-u {k}" for k, v in env.items() if v is None)
    script = f'set -a && source .env.example && set +a && exec env {unsets} {overrides} "$@"'
    return subprocess.run(
        ["bash", "-c", script, "bash", *command],
        cwd=ROOT,
        env=base,
        capture_output=True,
        text=True,
        timeout=120,
    )


PRINT = (
    "import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings'); django.setup(); "
    "from django.conf import settings as s; print(s.DEBUG, s.EMAIL_BACKEND, s.SESSION_COOKIE_SECURE)"
)


def test_check_deploy_fails_with_the_published_key(tmp_path):
    result = run(
        tmp_path, args=("check", "--deploy"), SEWAKA_SECRET_KEY=PUBLISHED_KEY, SEWAKA_HASH_KEY=STRONG
    )
    assert result.returncode != 0
    assert "sewaka.E001" in result.stderr + result.stdout


def test_check_deploy_fails_with_a_short_key(tmp_path):
    result = run(
        tmp_path, args=("check", "--deploy"), SEWAKA_SECRET_KEY="pendek-sekali-123", SEWAKA_HASH_KEY=STRONG
    )
    assert result.returncode != 0
    assert "sewaka.E002" in result.stderr + result.stdout


def test_check_deploy_fails_with_the_published_key_as_hash_key(tmp_path):
    result = run(
        tmp_path, args=("check", "--deploy"), SEWAKA_SECRET_KEY=STRONG, SEWAKA_HASH_KEY=PUBLISHED_KEY
    )
    assert result.returncode != 0
    assert "sewaka.E003" in result.stderr + result.stdout


def test_check_deploy_passes_with_random_keys(tmp_path):
    """The same command passes with proper keys: the failures above come from the keys alone."""
    result = run(
        tmp_path,
        args=("check", "--deploy", "--fail-level", "WARNING"),
        SEWAKA_SECRET_KEY=STRONG,
        SEWAKA_HASH_KEY=STRONG[::-1],
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("missing", ["SEWAKA_SECRET_KEY", "SEWAKA_HASH_KEY"])
def test_without_a_key_outside_development_it_refuses_to_start(tmp_path, missing):
    keys = {"SEWAKA_SECRET_KEY": STRONG, "SEWAKA_HASH_KEY": STRONG[::-1], missing: None}
    result = run(tmp_path, args=("check",), **keys)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("django.core.exceptions.ImproperlyConfigured: " + missing)


def test_debug_is_off_unless_development_mode_is_asked_for(tmp_path):
    result = run(tmp_path, PRINT, SEWAKA_DEBUG=None, SEWAKA_SECRET_KEY=STRONG, SEWAKA_HASH_KEY=STRONG)
    assert result.stdout.split()[0] == "False", result.stderr
    assert result.stdout.split()[2] == "True"  # secure cookies
    result = run(tmp_path, PRINT, SEWAKA_DEBUG="True", SEWAKA_SECRET_KEY=None, SEWAKA_HASH_KEY=None)
    assert result.stdout.split()[0] == "True", result.stderr  # development runs without keys


def test_the_console_mail_backend_never_writes_to_a_production_log(tmp_path):
    result = run(
        tmp_path,
        PRINT,
        SEWAKA_EMAIL_BACKEND="django.core.mail.backends.console.EmailBackend",
        SEWAKA_SECRET_KEY=STRONG,
        SEWAKA_HASH_KEY=STRONG,
    )
    assert result.stdout.split()[1] == "sewaka.core.mail.RedactedLogBackend", result.stderr


def test_the_redacted_backend_logs_neither_address_nor_body(caplog):
    from django.core.mail import get_connection, send_mail

    connection = get_connection("sewaka.core.mail.RedactedLogBackend")
    with caplog.at_level("INFO", logger="sewaka.mail"):
        sent = send_mail(
            "Pengaduan diterima",
            "Nama pelapor: Made Rahasia, NIK 5171000000000001",
            None,
            ["made@example.test"],
            connection=connection,
        )
    assert sent == 1
    assert "Pengaduan diterima" in caplog.text
    assert "made@example.test" not in caplog.text and "Made Rahasia" not in caplog.text


def test_the_hash_key_not_the_secret_key_keys_address_hashes(settings):
    from sewaka.core.ratelimit import hash_value

    before = hash_value("203.0.113.5")
    settings.SECRET_KEY = STRONG  # rotated
    assert hash_value("203.0.113.5") == before
    settings.SEWAKA_HASH_KEY = STRONG
    assert hash_value("203.0.113.5") != before


@pytest.mark.skipif("SEWAKA_SECRET_KEY" in os.environ or "SEWAKA_HASH_KEY" in os.environ, reason="keys set")
def test_the_dev_hash_key_is_the_old_dev_secret_key_so_demo_kiosks_keep_working():
    # Kiosk tokens of existing demo databases were hashed with the development secret key.
    assert settings.SEWAKA_HASH_KEY == settings.SECRET_KEY == PUBLISHED_KEY
