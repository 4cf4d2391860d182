"""The communes of France (bot/data/communes.tsv, La Poste): a city's name typed alone answers the region question.

The file is La Poste's « Base officielle des codes postaux » (ODbL): code_insee, nom (upper case, no
accents, « ST » for « Saint »), code_postal, departement. bot.missions_locales.communes reads the same file
for postal codes; ``passerelle validate`` checks it with the content.
"""

from __future__ import annotations

from pathlib import Path

from bot.catalogue.regions import name_key

PATH = Path(__file__).resolve().parent.parent / "data" / "communes.tsv"
COLUMNS = ["code_insee", "nom", "code_postal", "departement"]
#: A problem in the file: (line or None, field, message).
Issue = tuple[int | None, str, str]


def read_communes(path: Path, departements: set[str], problems: list[Issue]) -> dict[str, tuple[str, ...]]:
    """Commune name (see :func:`name_key`) → the départements that have a commune of that name (homonyms are common).
    Communes of territories outside the 101 départements (Saint-Pierre-et-Miquelon, Polynesia...) are skipped."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        problems.append((None, "", f"fichier illisible : {exc}"))
        return {}
    if not lines or lines[0].split("\t") != COLUMNS:
        problems.append((1, "", "la première ligne doit être « " + "<TAB>".join(COLUMNS) + " »"))
        return {}
    found: dict[str, list[str]] = {}
    for number, line in enumerate(lines[1:], start=2):
        cells = line.split("\t")
        if len(cells) != 4 or not cells[1].strip():
            problems.append((number, "nom", "ligne attendue : code INSEE, nom, code postal, département (séparés par des tabulations)"))
            continue
        if cells[3] not in departements:
            if not cells[3].startswith(("97", "98")):
                problems.append((number, "departement", f"département inconnu « {cells[3]} » (absent de regions.yaml)"))
            continue
        slot = found.setdefault(name_key(cells[1]), [])
        if cells[3] not in slot:
            slot.append(cells[3])
    return {name: tuple(codes) for name, codes in found.items()}
