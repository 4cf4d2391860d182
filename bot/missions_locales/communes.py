"""French communes and their postal codes (La Poste, ``bot/data/communes.tsv``), loaded on first use."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from pathlib import Path

from bot.catalogue.regions import fold

COMMUNES_FILE = Path(__file__).resolve().parent.parent / "data" / "communes.tsv"


class Communes:
    def __init__(self, path: Path = COMMUNES_FILE) -> None:
        self.postal_codes_of_insee: dict[str, list[str]] = {}
        self.postal_codes_of_name: dict[str, list[str]] = {}
        self.postal_codes: set[str] = set()
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                code, name, postal = row["code_insee"], fold(row["nom"]), row["code_postal"]
                self.postal_codes_of_insee.setdefault(code, []).append(postal)
                self.postal_codes_of_name.setdefault(name, []).append(postal)
                self.postal_codes.add(postal)

    def postal_code_of(self, text: str) -> str | None:
        """A postal code typed as such, or the first postal code of a commune named (« Saint-Étienne »)."""
        raw = text.strip().replace(" ", "")
        if raw.isdigit() and len(raw) == 5:
            return raw if raw in self.postal_codes else None
        name = fold(text)
        short = re.sub(r"\bsainte\b", "ste", re.sub(r"\bsaint\b", "st", name))
        codes = self.postal_codes_of_name.get(short) or self.postal_codes_of_name.get(name)
        return sorted(codes)[0] if codes else None


@lru_cache(maxsize=1)
def communes() -> Communes:
    return Communes()
