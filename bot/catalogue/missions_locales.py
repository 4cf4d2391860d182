"""The directory of Missions Locales: which one serves a postal code, and those of a region."""

from __future__ import annotations

import math

from bot.catalogue.models import MissionLocale, MissionsLocalesFile
from bot.catalogue.regions import Regions, fold


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (latitude, longitude) points."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371 * 2 * math.asin(math.sqrt(h))


class Directory:
    def __init__(self, data: MissionsLocalesFile, regions: Regions) -> None:
        self.all: list[MissionLocale] = sorted(data.missions_locales, key=lambda m: fold(m.nom))
        self.by_id = {m.id: m for m in self.all}
        self._regions = regions
        self._covering: dict[str, list[MissionLocale]] = {}
        for ml in self.all:
            for code in ml.codes_postaux:
                self._covering.setdefault(code, []).append(ml)

    def get(self, ml_id: str | None) -> MissionLocale | None:
        return self.by_id.get(ml_id or "")

    def in_region(self, region: str | None) -> list[MissionLocale]:
        return [m for m in self.all if m.region == region]

    def _departement(self, postal_code: str) -> str | None:
        return self._regions.departement_of_postal_code(postal_code)

    def for_postal_code(self, postal_code: str | None) -> tuple[MissionLocale | None, bool]:
        """The Mission Locale of a postal code and whether its coverage says so (False: the nearest one).

        Coverage first; otherwise the nearest by coordinates among those of the same département,
        measured from the best known point of the postal code: a Mission Locale at that postal code,
        else the middle of the département's Missions Locales (the directory has no map of postal codes).
        """
        if not postal_code:
            return None, False
        covering = self._covering.get(postal_code)
        if covering:
            return covering[0], True
        departement = self._departement(postal_code)
        nearby = [m for m in self.all if self._departement(m.code_postal) == departement]
        if not nearby:
            return None, False
        placed = [m for m in nearby if m.latitude is not None and m.longitude is not None]
        same_code = [m for m in nearby if m.code_postal == postal_code]
        if same_code:
            return same_code[0], False
        if not placed:
            return nearby[0], False
        anchor = (sum(m.latitude for m in placed) / len(placed), sum(m.longitude for m in placed) / len(placed))
        return min(placed, key=lambda m: distance_km(anchor, (m.latitude, m.longitude))), False

    def find(self, text: str) -> MissionLocale | None:
        """A Mission Locale named by its id or (folded) name, e.g. in ``/invite``."""
        if text in self.by_id:
            return self.by_id[text]
        wanted = fold(text)
        matches = [m for m in self.all if fold(m.nom) == wanted] or [m for m in self.all if wanted and wanted in fold(m.nom)]
        return matches[0] if len(matches) == 1 else None

    @property
    def has_examples(self) -> bool:
        return any(m.exemple for m in self.all)
