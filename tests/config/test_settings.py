"""Settings come from the environment; production defaults are secure."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import json
from osteoload.config import settings as s
print(json.dumps({
    "debug": s.DEBUG, "secret": s.SECRET_KEY, "engine": s.DATABASES["default"]["ENGINE"],
    "name": str(s.DATABASES["default"]["NAME"]), "hosts": s.ALLOWED_HOSTS,
    "secure_cookie": getattr(s, "SESSION_COOKIE_SECURE", False),
    "hsts": getattr(s, "SECURE_HSTS_SECONDS", 0), "ssl": getattr(s, "SECURE_SSL_REDIRECT", False),
    "email": s.EMAIL_BACKEND, "tz": s.TIME_ZONE, "lang": s.LANGUAGE_CODE,
    "hasher": s.PASSWORD_HASHERS[0], "loaders": s.TEMPLATES[0]["OPTIONS"]["loaders"][0][0],
}))
"""


def probe(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DEBUG",
            "SECRET_KEY",
            "SECRET_KEY_FILE",
            "DATABASE_URL",
            "ALLOWED_HOSTS",
            "EMAIL_HOST",
            "DJANGO_SETTINGS_MODULE",
        }
    }
    clean["OSTEOLOAD_DATA_DIR"] = str(tmp_path / "data")
    clean.update(env)
    return subprocess.run(
        [sys.executable, "-c", PROBE], env=clean, capture_output=True, text=True, check=False
    )


def settings_with(tmp_path: Path, **env: str) -> dict[str, object]:
    result = probe(tmp_path, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = probe(tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_debug_has_a_development_key_and_sqlite_in_the_data_folder(tmp_path):
    s = settings_with(tmp_path, DEBUG="1")
    assert s["debug"] is True and s["secret"]
    assert s["engine"] == "django.db.backends.sqlite3"
    assert s["name"] == str(tmp_path / "data" / "osteoload.sqlite3")
    assert (tmp_path / "data").is_dir()
    assert s["email"] == "django.core.mail.backends.console.EmailBackend"


def test_production_settings_are_secure(tmp_path):
    s = settings_with(tmp_path, SECRET_KEY="k" * 50, ALLOWED_HOSTS="gym.example.jp, www.example.jp")
    assert s["debug"] is False
    assert s["hosts"] == ["gym.example.jp", "www.example.jp"]
    assert s["secure_cookie"] is True and s["ssl"] is True and s["hsts"] >= 31536000


def test_secret_key_from_a_file_and_postgres_from_database_url(tmp_path):
    key_file = tmp_path / "key"
    key_file.write_text("from-a-file-" + "x" * 40 + "\n")
    s = settings_with(
        tmp_path,
        SECRET_KEY_FILE=str(key_file),
        DATABASE_URL="postgres://gym@db.example:5432/osteoload",
        EMAIL_HOST="smtp.example.jp",
    )
    assert s["secret"] == "from-a-file-" + "x" * 40
    assert s["engine"] == "django.db.backends.postgresql"
    assert s["name"] == "osteoload"
    assert s["email"] == "django.core.mail.backends.smtp.EmailBackend"


def test_unreadable_secret_key_file_is_a_clear_error(tmp_path):
    result = probe(tmp_path, SECRET_KEY_FILE=str(tmp_path / "missing"))
    assert result.returncode != 0
    assert "SECRET_KEY_FILE" in result.stderr


def test_a_bad_boolean_is_a_clear_error(tmp_path):
    result = probe(tmp_path, DEBUG="maybe")
    assert result.returncode != 0
    assert "DEBUG must be true or false" in result.stderr


def test_fixed_choices(tmp_path):
    s = settings_with(tmp_path, DEBUG="1")
    assert s["tz"] == "Asia/Tokyo" and s["lang"] == "ja"
    assert s["hasher"] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    assert s["loaders"] == "django.template.loaders.cached.Loader"


@pytest.mark.parametrize("value", ["", "8080"])
def test_serve_port_from_the_environment(monkeypatch, value):
    import argparse

    from osteoload.commands.serve import _port

    monkeypatch.setenv("PORT", value)
    assert _port(argparse.Namespace(port=None)) == (int(value) if value else 8000)


def test_serve_rejects_a_bad_port(monkeypatch):
    import argparse

    from osteoload.commands.serve import _port
    from osteoload.engine.errors import InputError

    monkeypatch.setenv("PORT", "http")
    with pytest.raises(InputError, match="PORT"):
        _port(argparse.Namespace(port=None))
    with pytest.raises(InputError, match="port"):
        _port(argparse.Namespace(port=70000))


def test_translations_are_stale_until_compiled(tmp_path):
    from osteoload.commands.serve import translations_stale

    po = tmp_path / "ja" / "LC_MESSAGES" / "django.po"
    po.parent.mkdir(parents=True)
    po.write_text("")
    assert translations_stale(tmp_path)
    mo = po.with_suffix(".mo")
    mo.write_text("")
    os.utime(po, (1, 1))
    assert not translations_stale(tmp_path)
