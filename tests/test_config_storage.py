"""Configuration errors and overrides; migrations on an empty database and re-run; the secret."""

from pathlib import Path

import pytest

from bot.config import ConfigError, load_settings
from bot.pseudonym import load_or_create_secret
from storage.db import Database


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults_and_environment_overrides(tmp_path):
    path = write(tmp_path, "log_level: INFO\n")
    settings = load_settings(path, env={
        "TELEGRAM_BOT_TOKEN": "123:abc", "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot",
        "TELEGRAM_API_FILE_URL": "http://127.0.0.1:9/file/bot", "PASSERELLE_DB": str(tmp_path / "x.db"),
        "PASSERELLE_COORDINATORS": "11, 22", "PASSERELLE_SECRET": "s"})
    assert settings.token == "123:abc"
    assert settings.telegram.api_base_url == "http://127.0.0.1:9/bot"
    assert settings.telegram.api_file_url == "http://127.0.0.1:9/file/bot"
    assert settings.database == str(tmp_path / "x.db")
    assert settings.coordinators == [11, 22]
    assert settings.timezone == "Europe/Paris"
    assert "123:abc" not in repr(settings)


def test_passerelle_config_env_selects_the_file(tmp_path):
    path = write(tmp_path, "log_level: DEBUG\n")
    assert load_settings(env={"PASSERELLE_CONFIG": str(path)}).log_level == "DEBUG"


@pytest.mark.parametrize("text, expected", [
    ("telegram:\n  overall_per_second: beaucoup\n", "telegram.overall_per_second"),
    ("reminders:\n  day_before_at: '25:00'\n", "reminders.day_before_at"),
    ("inconnue: 1\n", "« inconnue » inconnue"),
    ("coordinators: [abc]\n", "coordinators.0"),
    ("token: '123:abc'\n", "TELEGRAM_BOT_TOKEN"),
    ("- une liste\n", "dictionnaire"),
    ("log_level: [\n", "illisible"),
])
def test_config_errors_name_the_key(tmp_path, text, expected):
    with pytest.raises(ConfigError) as error:
        load_settings(write(tmp_path, text), env={})
    assert expected in str(error.value)


def test_bad_coordinator_ids(tmp_path):
    with pytest.raises(ConfigError, match="PASSERELLE_COORDINATORS"):
        load_settings(write(tmp_path, "{}\n"), env={"PASSERELLE_COORDINATORS": "12,abc"})


async def test_migrations_on_empty_database_and_rerun(database_url):
    db = await Database.open(database_url)
    versions = [r[0] for r in await db.fetchall("SELECT version FROM schema_migrations ORDER BY version")]
    assert versions and versions == sorted(versions)
    tables = set(await db.table_names())
    assert {"users", "interactions", "events", "registrations", "roles", "broadcasts", "deliveries"} <= tables
    if db.dialect.name == "sqlite":
        assert await db.scalar("PRAGMA journal_mode") == "wal"
    await db.execute("INSERT INTO users(chat_id, created_at, last_seen_at) VALUES (?, 0, 0)", (7_000_000_001,))
    assert await db.migrate() == []
    await db.close()
    db = await Database.open(database_url)
    assert await db.scalar("SELECT COUNT(*) FROM users") == 1
    assert [r[0] for r in await db.fetchall("SELECT version FROM schema_migrations ORDER BY version")] == versions
    await db.close()


def test_secret_generated_once_and_kept(tmp_path):
    file = tmp_path / "db.secret"
    first = load_or_create_secret(None, file)
    assert load_or_create_secret(None, file) == first
    assert load_or_create_secret("env", file) == b"env"
    assert oct(file.stat().st_mode & 0o777) == "0o600"
