"""Regions and départements: find a person's region from a postal code or a département number."""

from __future__ import annotations

import re
import unicodedata

from bot.catalogue.models import Departement, Region, RegionsFile


def fold(text: str) -> str:
    """Lower case, no accents, only letters, digits and single spaces."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


#: « la Réunion », « en Corse », « l'Isère »: the article or preposition before a place name.
_ARTICLE = re.compile(r"^(?:(?:la|le|les|l|en|a|au|aux|dans|sur|region|departement|dept) )+")


#: A name that is already plain (upper-case letters, digits, spaces): lower() is enough.
_PLAIN = re.compile(r"^[A-Z0-9]+(?: [A-Z0-9]+)*$")
#: Paris, Lyon and Marseille are written by arrondissement (« MARSEILLE 01 »).
_ARRONDISSEMENT = re.compile(r"^(paris|lyon|marseille) [0-9]{2}$")

#: « ST » and « STE », the abbreviations of « Saint » and « Sainte » in La Poste's names.
_SAINT = re.compile(r"\bst(e?)\b")


def _saint(match: re.Match) -> str:
    return "sainte" if match.group(1) else "saint"


def name_key(name: str) -> str:
    """« ST ETIENNE » and « Saint-Étienne » → « saint etienne »; « MARSEILLE 01 » → « marseille ».
    Called for each of the 35,000 communes at start-up: the cheap tests come first."""
    folded = name.lower() if _PLAIN.match(name) else fold(name)
    if "st" in folded:
        folded = _SAINT.sub(_saint, folded)
    return folded[:-3] if folded[-1:].isdigit() and _ARRONDISSEMENT.match(folded) else folded


class Regions:
    def __init__(self, data: RegionsFile, communes: dict[str, tuple[str, ...]] | None = None) -> None:
        self.all: list[Region] = sorted(data.regions, key=lambda r: fold(r.nom))
        self.by_code: dict[str, Region] = {r.code: r for r in data.regions}
        self.departements: dict[str, tuple[Departement, Region]] = {
            d.code: (d, r) for r in data.regions for d in r.departements
        }
        self._by_name = {fold(name): r for r in data.regions for name in (r.nom, *r.alias)}
        self._dept_by_name = {fold(d.nom): d.code for r in data.regions for d in r.departements}
        self.communes = communes or {}

    def name(self, code: str | None) -> str:
        region = self.by_code.get(code or "")
        return region.nom if region else ""

    @staticmethod
    def departement_of_postal_code(postal: str) -> str | None:
        """The département of a 5-digit postal code (Corsica: 200-201 → 2A, 202-206 → 2B; overseas: 971-976)."""
        if not re.fullmatch(r"[0-9]{5}", postal):
            return None
        if postal.startswith("97"):
            return postal[:3] if postal[:3] in {"971", "972", "973", "974", "976"} else None
        if postal.startswith("20"):
            return "2A" if postal[:3] in {"200", "201"} else "2B" if postal[:3] in {"202", "203", "204", "205", "206"} else None
        return postal[:2] if postal[:2] != "00" else None

    def resolve(self, text: str) -> tuple[Region, str | None] | None:
        """Understand what a person typed: a postal code, a département number or name, a region name."""
        raw = text.strip().upper().replace(" ", "")
        code: str | None = None
        if re.fullmatch(r"[0-9]{5}", raw):
            code = self.departement_of_postal_code(raw)
        elif re.fullmatch(r"0?[1-9]|[0-9]{2}|2A|2B|97[1-6]", raw):
            code = raw.zfill(2)
        if code and code in self.departements:
            dept, region = self.departements[code]
            return region, dept.code
        for folded in dict.fromkeys((fold(text), _ARTICLE.sub("", fold(text)))):
            if folded in self._by_name:
                return self._by_name[folded], None
            if folded in self._dept_by_name:
                dept, region = self.departements[self._dept_by_name[folded]]
                return region, dept.code
        return None

    def city(self, text: str) -> list[tuple[Region, str]]:
        """The (region, département) of every commune named ``text`` (homonyms: several)."""
        found = []
        for code in self.communes.get(name_key(text), ()):
            if code in self.departements:
                dept, region = self.departements[code]
                found.append((region, dept.code))
        return found
