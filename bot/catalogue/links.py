"""Next steps of a job card: URL buttons built from content/liens.yaml, the job's verified ROME code and the
person's place: their département when known, else their region, else none (the whole of France)."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from urllib.parse import quote

from bot.catalogue.models import LiensFile, Metier

#: The placeholders a link template may use (``{departement}`` only in ``url``, ``{region}`` only in ``url_region``).
PLACEHOLDERS = {"url": {"rome", "departement", "titre"}, "url_sans_lieu": {"rome", "titre"}, "url_region": {"rome", "region", "titre"}}


@dataclass(frozen=True)
class Link:
    label: str
    url: str


def template_problems(template: str, allowed: set[str]) -> list[str]:
    """What is wrong with a link template: not https, unknown or malformed placeholders."""
    problems = []
    if not template.startswith("https://"):
        problems.append("l'adresse doit commencer par https://")
    try:
        names = {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}
    except ValueError as error:
        return problems + [f"accolades mal fermées ({error})"]
    unknown = names - allowed
    if unknown:
        problems.append(f"à remplacer inconnu : {', '.join('{' + n + '}' for n in sorted(unknown))} (possibles : {', '.join('{' + n + '}' for n in sorted(allowed))})")
    return problems


def verified_rome(job: Metier) -> str | None:
    """The job's first verified ROME code: no link is built without one."""
    return next((r.code for r in job.rome if r.verifie), None)


def next_steps(links: LiensFile | None, job: Metier, departement: str | None, region: str | None = None) -> list[Link]:
    """The card's URL buttons for this job and place (``departement``, ``region``: None when the person gave
    none). With a région only, a link without ``url_region`` stays without place."""
    rome = verified_rome(job)
    if links is None or rome is None:
        return []
    place = departement if departement and re.fullmatch(r"[0-9]{2}|2[AB]|97[1-6]", departement) else None
    region = region if not place and region and re.fullmatch(r"[0-9]{2}", region) else None
    values = {"rome": rome, "titre": quote(job.titre.masculin, safe=""), "departement": place or "", "region": region or ""}
    out = []
    for item in links.liens:
        if place:
            label, template = item.libelle, item.url
        elif region and item.url_region:
            label, template = item.libelle_region or item.libelle, item.url_region
        else:
            label, template = item.libelle_sans_lieu or item.libelle, item.url_sans_lieu
        out.append(Link(label, template.format(**values)))
    return out
