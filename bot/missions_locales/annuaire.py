"""Reads the « Annuaire de l'administration » export (service-public / data.gouv, pivot ``mission_locale``).

Published format (Base de données locales, JSON; also what the explore API returns in ``results``):
records with ``nom``, ``id``, ``pivot`` [{``type_service_local``, ``code_insee_commune`` [...]}],
``adresse`` [{``type_adresse``, ``numero_voie``, ``complement1``, ``code_postal``, ``nom_commune``,
``longitude``, ``latitude``}], ``telephone`` [{``valeur``}], ``adresse_courriel`` [...],
``site_internet`` [{``valeur``}], ``code_insee_commune``. The API sends some of these lists as JSON
text: both are read. Every field may be missing; a record without a name or a usable postal code is
unusable and named in the report.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from bot.catalogue.models import MissionLocale
from bot.catalogue.regions import Regions, fold
from bot.missions_locales.communes import Communes

PIVOT = "mission_locale"
HEADER = """# Annuaire des Missions Locales, importé par `passerelle import-missions-locales` depuis
# l'« Annuaire de l'administration » (service-public.gouv.fr / DILA, Licence Ouverte 2.0).
# Fichier : {source}
# Ne pas modifier à la main : relancer l'import. Voir README.md, « Ma Mission Locale ».

"""


@dataclass
class ImportReport:
    usable: list[MissionLocale] = field(default_factory=list)
    unusable: list[tuple[int, str, str]] = field(default_factory=list)  # (record number, name, reason)
    skipped: int = 0  # records of another type of service


def _decoded(value: Any) -> Any:
    """The API sends nested lists as JSON text: decode them."""
    if isinstance(value, str) and value[:1] in "[{":
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            return value
    return value


def _list(value: Any) -> list:
    value = _decoded(value)
    if value is None or value == "":
        return []
    return value if isinstance(value, list) else [value]


def _first_value(value: Any) -> str | None:
    for item in _list(value):
        text = item.get("valeur") if isinstance(item, dict) else item
        if isinstance(text, str) and text.strip():
            return text.strip()
    return None


def _float(value: Any) -> float | None:
    try:
        return float(str(value).replace(",", "."))
    except (TypeError, ValueError):
        return None


def records_of(document: Any) -> list[dict]:
    """The records of the export: a list, ``{"service": [...]}`` (data.gouv file) or ``{"results": [...]}`` (API)."""
    if isinstance(document, dict):
        for key in ("service", "results", "records"):
            if isinstance(document.get(key), list):
                return document[key]
        return [document]
    return document if isinstance(document, list) else []


def read_file(path: Path) -> list[dict]:
    """The records of a JSON file (or JSON lines)."""
    text = path.read_text(encoding="utf-8-sig")
    try:
        return records_of(json.loads(text))
    except json.JSONDecodeError:
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def _is_mission_locale(record: dict) -> bool | None:
    """True/False from the ``pivot``; None when the record does not say (kept)."""
    pivots = _list(record.get("pivot"))
    types = {p.get("type_service_local") for p in pivots if isinstance(p, dict)}
    if not types:
        return None
    return PIVOT in types


def _covered_insee(record: dict) -> list[str]:
    codes: list[str] = []
    for pivot in _list(record.get("pivot")):
        if isinstance(pivot, dict) and pivot.get("type_service_local") in (PIVOT, None):
            codes.extend(str(c) for c in _list(pivot.get("code_insee_commune")))
    return list(dict.fromkeys(codes))


def _slug(name: str, taken: set[str]) -> str:
    base = fold(name).replace(" ", "-")[:36].strip("-") or "ml"
    slug, n = base, 2
    while slug in taken or len(slug) < 3:
        slug = f"{base}-{n}"
        n += 1
    taken.add(slug)
    return slug


def convert(records: list[dict], regions: Regions, communes: Communes) -> ImportReport:
    """Turn the export's records into directory entries; every unusable record gets a reason."""
    report = ImportReport()
    taken: set[str] = set()
    for number, record in enumerate(records, start=1):
        if not isinstance(record, dict):
            report.unusable.append((number, "?", "ce n'est pas un objet JSON"))
            continue
        kind = _is_mission_locale(record)
        if kind is False:
            report.skipped += 1
            continue
        name = str(record.get("nom") or "").strip()
        if not name:
            report.unusable.append((number, "?", "pas de nom (champ « nom »)"))
            continue
        addresses = [a for a in _list(record.get("adresse")) if isinstance(a, dict)]
        address = next((a for a in addresses if a.get("type_adresse") in (None, "Adresse")), addresses[0] if addresses else {})
        postal = str(address.get("code_postal") or "").strip()
        if not re.fullmatch(r"[0-9]{5}", postal):
            report.unusable.append((number, name, f"code postal absent ou mal formé ({postal or 'vide'}) dans « adresse »"))
            continue
        found = regions.resolve(postal)
        if found is None:
            report.unusable.append((number, name, f"le code postal {postal} n'est dans aucune région connue"))
            continue
        insee = [c for c in _covered_insee(record) if re.fullmatch(r"[0-9]{2}[0-9AB][0-9]{2}|97[0-9]{3}", c)]
        postal_codes = sorted({p for code in insee for p in communes.postal_codes_of_insee.get(code, [])})
        street = " ".join(str(address.get(k) or "").strip() for k in ("numero_voie", "complement1", "complement2")).strip()
        lat, lon = _float(address.get("latitude")), _float(address.get("longitude"))
        if lat is None or lon is None:
            lat = lon = None
        email = _first_value(record.get("adresse_courriel"))
        try:
            report.usable.append(MissionLocale(
                id=_slug(name, taken), nom=name[:160], region=found[0].code, adresse=" ".join(street.split())[:300] or None,
                code_postal=postal, commune=str(address.get("nom_commune") or "").strip() or postal,
                telephone=(_first_value(record.get("telephone")) or None), email=email[:200] if email else None,
                site=_site(_first_value(record.get("site_internet"))), latitude=lat, longitude=lon,
                codes_postaux=postal_codes, communes=insee,
            ))
        except ValidationError as error:
            first = error.errors()[0]
            report.unusable.append((number, name, f"champ « {'.'.join(map(str, first['loc']))} » : {first['msg']}"))
    return report


def _site(url: str | None) -> str | None:
    if not url:
        return None
    url = url if re.match(r"https?://", url) else f"https://{url}"
    return url if re.fullmatch(r"https?://[^\s]+\.[^\s]+", url) else None


def write_directory(report: ImportReport, path: Path, source: str) -> None:
    """Replace ``content/missions_locales.yaml`` with the imported entries."""
    data = {"source": source, "missions_locales": [
        m.model_dump(mode="json", exclude_defaults=True) for m in report.usable
    ]}
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100)
    path.write_text(HEADER.format(source=source) + body, encoding="utf-8")
