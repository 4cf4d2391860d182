"""Settings: ``config.yaml`` validated with pydantic, then overridden by the environment."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from bot.yamlread import read_yaml
from storage.dialect import is_postgres, sqlite_path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CONFIG = ROOT / "config.yaml"
PARIS_ZONE = "Europe/Paris"  # bot/clock.py PARIS
TIME_RE = re.compile(r"^([01][0-9]|2[0-3]):[0-5][0-9]$")


class ConfigError(Exception):
    """A configuration problem, already phrased for the person running the bot."""


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TelegramSettings(_Section):
    api_base_url: str = "https://api.telegram.org/bot"
    api_file_url: str = "https://api.telegram.org/file/bot"
    overall_per_second: float = Field(default=30, gt=0, le=1000)
    per_chat_per_second: float = Field(default=1, gt=0, le=100)


def _hhmm(value: str) -> str:
    if not TIME_RE.match(value):
        raise ValueError("heure attendue au format HH:MM, par exemple 18:00")
    return value


class ReminderSettings(_Section):
    day_before_at: str = "18:00"
    hours_before: float = Field(default=2, gt=0, le=72)
    _check = field_validator("day_before_at")(classmethod(lambda cls, v: _hhmm(v)))


class BroadcastSettings(_Section):
    messages_per_second: float = Field(default=29, gt=0, le=1000)
    progress_every: int = Field(default=100, ge=1)


class StatisticsSettings(_Section):
    small_count: int = Field(default=5, ge=1)
    digest_weekday: int = Field(default=0, ge=0, le=6)
    digest_time: str = "09:00"
    _check = field_validator("digest_time")(classmethod(lambda cls, v: _hhmm(v)))


class InvitationSettings(_Section):
    valid_hours: float = Field(default=48, gt=0)


class QuestionSettings(_Section):
    """Questions to advisors: opening hours (shown to young people, and the clock of the escalation)."""

    opening_days: list[int] = Field(default=[0, 1, 2, 3, 4], min_length=1)  # 0 = lundi
    opening_from: str = "09:00"
    opening_to: str = "17:00"
    escalate_after_hours: float = Field(default=24, gt=0)  # working hours without an answer
    retention_months: int = Field(default=12, ge=1, le=120)  # closed threads are then deleted
    block_days: int = Field(default=30, ge=1)  # no new question after a thread closed as abusive
    _check = field_validator("opening_from", "opening_to")(classmethod(lambda cls, v: _hhmm(v)))

    @field_validator("opening_days")
    @classmethod
    def _days(cls, value: list[int]) -> list[int]:
        if any(d < 0 or d > 6 for d in value):
            raise ValueError("jours de 0 (lundi) à 6 (dimanche)")
        return sorted(set(value))

    @model_validator(mode="after")
    def _hours(self) -> "QuestionSettings":
        if self.opening_from >= self.opening_to:
            raise ValueError("opening_from doit être avant opening_to")
        return self


class Settings(_Section):
    """Everything the bot reads at start-up. ``token`` and ``secret`` come from the environment only."""

    timezone: str = "Europe/Paris"
    bot_username: str = Field(default="PasserelleCommerceBot", pattern=r"^[A-Za-z][A-Za-z0-9_]{3,31}$")
    database: str = "data/passerelle.db"  # a file, sqlite:///file, or postgresql://user:pass@host:port/db
    content_dir: Path = Path("content")
    coordinators: list[int] = []
    log_level: str = Field(default="INFO", pattern=r"^(DEBUG|INFO|WARNING|ERROR)$")
    telegram: TelegramSettings = TelegramSettings()
    reminders: ReminderSettings = ReminderSettings()
    broadcast: BroadcastSettings = BroadcastSettings()
    statistics: StatisticsSettings = StatisticsSettings()
    invitations: InvitationSettings = InvitationSettings()
    questions: QuestionSettings = QuestionSettings()
    # Webhook mode (PASSERELLE_WEBHOOK_URL): the public HTTPS address Telegram calls, and where to listen.
    webhook_url: str | None = Field(default=None, pattern=r"^https?://\S+$")
    listen: str = Field(default="127.0.0.1:8080", pattern=r"^[^\s:]+:\d{1,5}$")
    # Never read from a file (see load_settings):
    webhook_secret: str | None = Field(default=None, exclude=True, repr=False)
    token: str | None = Field(default=None, exclude=True, repr=False)
    secret: str | None = Field(default=None, exclude=True, repr=False)

    @field_validator("timezone")
    @classmethod
    def _timezone(cls, value: str) -> str:
        """The bot counts its days and hours in Paris time (bot/clock.py): the key only confirms it."""
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"fuseau horaire inconnu ; seule valeur acceptée : {PARIS_ZONE}") from None
        if value != PARIS_ZONE:
            raise ValueError(f"le bot vit à l'heure de Paris (rappels, statistiques, dates) ; seule valeur acceptée : {PARIS_ZONE}"
                             " (les horaires vus depuis l'outre-mer sont suivis de « heure de Paris »)")
        return value

    @property
    def secret_file(self) -> Path:
        """Where the generated secret is kept: next to the SQLite file (with PostgreSQL, in ./data; set
        PASSERELLE_SECRET instead when several instances share the database)."""
        if is_postgres(self.database):
            return Path("data/passerelle.secret").absolute()
        file = Path(sqlite_path(self.database))
        return file.with_name(file.name + ".secret")

    @property
    def data_dir(self) -> Path:
        """The folder of local files (the SQLite file's, ./data with PostgreSQL)."""
        return self.secret_file.parent


def _describe(error: ValidationError, source: str) -> str:
    lines = [f"Configuration invalide ({source}) :"]
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(racine)"
        if item["type"] == "extra_forbidden":
            lines.append(f"  - clé « {key} » inconnue")
        else:
            lines.append(f"  - clé « {key} » : {item['msg']} (valeur reçue : {item.get('input')!r})")
    return "\n".join(lines)


def _env_ids(raw: str) -> list[int]:
    ids = []
    for part in raw.replace(";", ",").split(","):
        part = part.strip()
        if not part:
            continue
        if not re.fullmatch(r"-?[0-9]{1,20}", part):
            raise ConfigError(
                f"PASSERELLE_COORDINATORS : « {part} » n'est pas un identifiant Telegram (nombres séparés par des virgules)"
            )
        ids.append(int(part))
    return ids


def load_settings(path: Path | str | None = None, env: dict[str, str] | None = None) -> Settings:
    """Read the config file (``PASSERELLE_CONFIG`` or ``config.yaml``) and apply the environment."""
    env = dict(os.environ if env is None else env)
    path = Path(path or env.get("PASSERELLE_CONFIG") or DEFAULT_CONFIG)
    try:
        raw: Any = read_yaml(path.read_text(encoding="utf-8")) or {}
    except FileNotFoundError as exc:
        raise ConfigError(f"Fichier de configuration introuvable : {path}") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"Fichier de configuration illisible ({path}) : {exc}") from exc
    if not isinstance(raw, dict):
        raise ConfigError(f"Configuration invalide ({path}) : un dictionnaire clé: valeur est attendu")
    for forbidden in ("token", "secret"):
        if forbidden in raw:
            raise ConfigError(
                f"Configuration invalide ({path}) : la clé « {forbidden} » ne doit pas être dans un fichier ; "
                f"utilisez la variable d'environnement {'TELEGRAM_BOT_TOKEN' if forbidden == 'token' else 'PASSERELLE_SECRET'}"
            )
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc, str(path))) from None

    base = path.parent if path.is_absolute() else Path.cwd()
    updates: dict[str, Any] = {}
    if env.get("TELEGRAM_BOT_TOKEN"):
        updates["token"] = env["TELEGRAM_BOT_TOKEN"].strip()
    if env.get("PASSERELLE_SECRET"):
        updates["secret"] = env["PASSERELLE_SECRET"]
    for variable, key in (("PASSERELLE_WEBHOOK_URL", "webhook_url"), ("PASSERELLE_LISTEN", "listen")):
        if env.get(variable):
            updates[key] = env[variable].strip()
    if env.get("PASSERELLE_WEBHOOK_SECRET"):
        secret = env["PASSERELLE_WEBHOOK_SECRET"].strip()
        if not re.fullmatch(r"[A-Za-z0-9_-]{16,256}", secret):
            raise ConfigError("PASSERELLE_WEBHOOK_SECRET : 16 à 256 caractères parmi A-Z, a-z, 0-9, _ et - (règle de Telegram)")
        updates["webhook_secret"] = secret
    if env.get("PASSERELLE_DB"):
        updates["database"] = env["PASSERELLE_DB"]
    elif not is_postgres(settings.database) and not Path(sqlite_path(settings.database)).is_absolute():
        updates["database"] = str(base / sqlite_path(settings.database))
    if not settings.content_dir.is_absolute():
        content = base / settings.content_dir
        updates["content_dir"] = content if content.exists() else ROOT / settings.content_dir
    telegram = settings.telegram.model_copy(
        update={
            k: v
            for k, v in (
                ("api_base_url", env.get("TELEGRAM_API_BASE_URL")),
                ("api_file_url", env.get("TELEGRAM_API_FILE_URL")),
            )
            if v
        }
    )
    updates["telegram"] = telegram
    coordinators = list(settings.coordinators)
    if env.get("PASSERELLE_COORDINATORS"):
        coordinators += [i for i in _env_ids(env["PASSERELLE_COORDINATORS"]) if i not in coordinators]
    updates["coordinators"] = coordinators
    return settings.model_copy(update=updates)
