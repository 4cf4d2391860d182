"""Events from files: the national calendar (``content/evenements/*.yaml``) and the French field
names shared with the CSV import (bot/events/csvimport.py).

A YAML file holds ``evenements:``, a list of events with French keys::

    evenements:
      - id: rmc-2027-lille            # identifiant stable : un changement met à jour l'événement
        type: forum                    # ou le libellé : « Job dating », « Visite d'entreprise »...
        titre: Rencontres des Métiers du Commerce
        debut: 05/10/2027 09:00        # ou 2027-10-05 09:00
        fin: 05/10/2027 17:00          # ou seulement 17:00 (même jour)
        ville: Lille
        departement: "59"
        branches: [habillement, bricolage]
        organisateurs: ["opcommerce: Opcommerce Hauts-de-France", "arml: ARML Hauts-de-France"]
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
from pathlib import Path
from typing import Any

import yaml

from bot.catalogue import fold
from bot.catalogue.loader import FastLoader, Problem
from bot.clock import PARIS
from bot.events.details import DETAILS
from bot.events.model import EventError, EventInput, parse_when, validate_event
from bot.messages import Msg, message

log = logging.getLogger(__name__)

#: French column / key names → EventInput fields (keys compared folded: accents and case ignored).
FIELDS: dict[str, str] = {
    "id": "external_id", "id externe": "external_id", "identifiant": "external_id",
    "type": "type", "titre": "title", "description": "description",
    "debut": "starts_at", "fin": "ends_at",
    "adresse": "address", "ville": "city", "departement": "departement", "region": "region",
    "latitude": "latitude", "longitude": "longitude", "lien": "online_url",
    "portee": "scope", "branches": "branches", "places": "capacity",
    "inscription avant": "registration_deadline", "date limite": "registration_deadline",
    "organisateurs": "organisers", "entreprises": "companies", "exemple": "is_example",
    **{fold(d.file_key): d.name for d in DETAILS},  # the optional details (bot/events/details.py)
}
SCOPES = {"regionale": "regional", "regional": "regional", "nationale": "national", "national": "national",
          "en ligne": "online", "online": "online", "distanciel": "online"}
NETWORKS = {"mission locale": "mission_locale", "mission locales": "mission_locale", "ml": "mission_locale",
            "arml": "arml", "opcommerce": "opcommerce", "op commerce": "opcommerce"}
_LIST = re.compile(r"\s*[|,]\s*")
_TIME_ONLY = re.compile(r"^\s*(\d{1,2})\s*[:hH]\s*(\d{2})?\s*$")


def split_list(value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    return [v for v in _LIST.split(str(value)) if v]


def _organiser(value: Any) -> tuple[str, str] | dict:
    if isinstance(value, dict):
        raw_network, name = value.get("reseau") or value.get("network") or "", value.get("nom") or value.get("name") or ""
    else:
        raw_network, _, name = str(value).partition(":")
    network = NETWORKS.get(fold(str(raw_network)).replace("_", " "), None)
    if network is None:
        raise EventError("events.unknown_network", value=value)
    return (network, str(name).strip())


def from_french(record: dict[str, Any], catalogue=None) -> dict[str, Any]:
    """A record with French keys (YAML entry or CSV row) → EventInput data. Raises EventError."""
    data: dict[str, Any] = {}
    problems = []
    for key, value in record.items():
        if key is None:
            problems.append(Msg("events.too_many_columns"))
            continue
        name = FIELDS.get(fold(str(key)))
        if name is None:
            problems.append(Msg("events.unknown_key", key=key))
            continue
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None):
            continue
        data[name] = value
    if problems:
        raise EventError(problems)
    for name in ("branches", "companies"):
        if name in data:
            data[name] = split_list(data[name])
    if "organisers" in data:
        organisers = data["organisers"] if isinstance(data["organisers"], list) else split_list(data["organisers"])
        data["organisers"] = [_organiser(o) for o in organisers]
    if "scope" in data:
        scope = SCOPES.get(fold(str(data["scope"])))
        if scope is None:
            raise EventError("events.unknown_scope", scope=data["scope"])
        data["scope"] = scope
    else:
        data["scope"] = "online" if data.get("online_url") and not data.get("city") else (
            "regional" if data.get("region") or data.get("departement") else "national")
    if "departement" in data:
        data["departement"] = str(data["departement"]).upper().zfill(2)
    if "region" in data and catalogue is not None:
        region = str(data["region"]).strip()
        if region.isdigit():
            data["region"] = region.zfill(2)
        else:
            found = catalogue.regions._by_name.get(fold(region))
            data["region"] = found.code if found else region
    if isinstance(data.get("ends_at"), int) and 0 <= data["ends_at"] < 1440:  # YAML reads 17:00 as 1020 (minutes)
        data["ends_at"] = f"{data['ends_at'] // 60}:{data['ends_at'] % 60:02d}"
    if isinstance(data.get("ends_at"), str) and _TIME_ONLY.match(data["ends_at"]):
        try:
            start = parse_when(data.get("starts_at"))
        except ValueError:
            start = None
        if start is not None:
            hour, minute = _TIME_ONLY.match(data["ends_at"]).groups()
            data["ends_at"] = dt.datetime.combine(start.date(), dt.time(int(hour) % 24, int(minute or 0)), tzinfo=PARIS)
    if "is_example" in data and isinstance(data["is_example"], str):
        data["is_example"] = fold(data["is_example"]) in ("oui", "1", "true", "vrai", "x")
    for detail in DETAILS:
        if detail.name in data:
            data[detail.name] = detail.from_file(data[detail.name])
    for name in ("capacity", "latitude", "longitude"):
        if isinstance(data.get(name), str):
            data[name] = data[name].replace(",", ".").replace(" ", "") if name != "capacity" else data[name].replace(" ", "")
    return data


def stable_id(prefix: str, data: dict[str, Any]) -> str:
    """An external id for a row that has none: the same title, start and city give the same id."""
    key = "|".join(fold(str(data.get(k, ""))) for k in ("title", "starts_at", "city"))
    return f"{prefix}-{hashlib.sha1(key.encode()).hexdigest()[:12]}"


def _catalogue(content_dir: Path):
    from bot.catalogue import ContentError, load_catalogue

    try:
        return load_catalogue(content_dir)
    except ContentError:
        return None  # the catalogue's own problems are reported by passerelle validate


def read_event_files(content_dir: Path, catalogue=None, now: dt.datetime | None = None) -> tuple[list[tuple[str, EventInput]], list[Problem]]:
    """Every event of ``content_dir/evenements/*.yaml``: ``([(file name, input)], problems)``.

    With ``now``, an event that has already started is a problem (the calendar should drop it)."""
    folder = content_dir / "evenements"
    items: list[tuple[str, EventInput]] = []
    problems: list[Problem] = []
    seen: dict[str, str] = {}
    for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
        rel = f"{content_dir.name}/evenements/{path.name}"
        try:
            text = path.read_text(encoding="utf-8")
            data = yaml.load(text, Loader=FastLoader)
            root = yaml.compose(text, Loader=FastLoader)
        except (OSError, UnicodeDecodeError) as error:
            problems.append(Problem(rel, None, "", message("events.file_unreadable", error=error)))
            continue
        except yaml.YAMLError as error:
            mark = getattr(error, "problem_mark", None)
            problems.append(Problem(rel, mark.line + 1 if mark else None, "", message("events.yaml_syntax", error=getattr(error, "problem", error))))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("evenements"), list):
            problems.append(Problem(rel, 1, "evenements", message("events.file_needs_list")))
            continue
        nodes = next((v.value for k, v in root.value if k.value == "evenements"), [])
        for index, entry in enumerate(data["evenements"]):
            line = nodes[index].start_mark.line + 1 if index < len(nodes) else None
            where = f"evenements[{index}]"
            if not isinstance(entry, dict):
                problems.append(Problem(rel, line, where, message("events.entry_not_mapping")))
                continue
            if not entry.get("id"):
                problems.append(Problem(rel, line, f"{where}.id", message("events.id_required")))
                continue
            try:
                event = validate_event(from_french(entry, catalogue), catalogue, now)
            except EventError as error:
                problems.extend(Problem(rel, line, where, text) for text in error.messages)
                continue
            if event.external_id in seen:
                problems.append(Problem(rel, line, f"{where}.id", message("events.id_used_in_file", external_id=event.external_id, file=seen[event.external_id])))
                continue
            seen[event.external_id] = rel
            items.append((path.name, event))
    return items, problems


def validate_event_files(content_dir: Path) -> list[Problem]:
    """Problems of the national calendar (``passerelle validate``), each with file, line and field.

    Events already past are not problems here (the calendar keeps its history, and content must
    not turn invalid as time passes): the start-up sync simply skips them."""
    _, problems = read_event_files(content_dir, _catalogue(content_dir), None)
    return problems


async def sync_calendar(ctx) -> tuple[int, int]:
    """Create or update (by id) the calendar's upcoming events in the database; skip invalid ones (logged)."""
    from bot.events.service import upsert_events

    items, problems = read_event_files(ctx.settings.content_dir, ctx.catalogue)
    for problem in problems:
        log.warning("calendrier national : %s", problem)
    now = ctx.clock.now()
    by_file: dict[str, list[EventInput]] = {}
    for name, event in items:
        if event.starts_at > now:
            by_file.setdefault(name, []).append(event)
    created = updated = 0
    for name, events in by_file.items():
        c, u = await upsert_events(ctx, events, source=f"yaml:{name}")
        created, updated = created + c, updated + u
    return created, updated
