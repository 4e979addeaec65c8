"""Settings refuse to start production without its secrets, and switch parts from the environment."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_settings(env: dict, code: str) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    return subprocess.run(
        [sys.executable, "-c", f"import pyconguide.settings as s; {code}"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_settings_without_secret_key_refuse_to_start_when_debug_off():
    result = run_settings({"DEBUG": "0", "ALLOWED_HOSTS": "guide.example"}, "pass")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


def test_settings_refuse_wildcard_hosts_when_debug_off():
    result = run_settings({"DEBUG": "0", "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "*"}, "pass")

    assert result.returncode != 0
    assert "ALLOWED_HOSTS must name the site's hosts" in result.stderr


def test_settings_default_to_sqlite_and_in_memory_layer():
    result = run_settings({}, "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'])")

    assert result.stdout.split() == ["django.db.backends.sqlite3", "channels.layers.InMemoryChannelLayer"]


def test_settings_switch_to_postgres_and_redis():
    result = run_settings(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test", "REDIS_URL": "redis://127.0.0.1:6379/0"},
        "print(s.DATABASES['default']['ENGINE'], s.CHANNEL_LAYERS['default']['BACKEND'],"
        " s.CHANNEL_LAYERS['default']['CONFIG']['hosts'][0]['max_connections'])",
    )

    assert result.stdout.split() == [
        "django.db.backends.postgresql",
        "channels_redis.pubsub.RedisPubSubChannelLayer",
        "1000",
    ]


def test_check_deploy_is_clean_under_production_settings():
    env = {"DEBUG": "0", "SECRET_KEY": "k" * 60 + "-Zq9", "ALLOWED_HOSTS": "guide.example"}
    clean = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert (result.returncode, result.stdout.strip()) == (0, "System check identified no issues (0 silenced)."), (
        result.stderr
    )


def test_settings_make_sqlite_a_database_for_several_processes():
    result = run_settings({}, "o = s.DATABASES['default']['OPTIONS']; print(o['transaction_mode'], o['timeout'])")

    assert result.stdout.split() == ["IMMEDIATE", "20"]
