"""Next steps of a job card: URL buttons built from content/liens.yaml, the job's verified ROME code and a département."""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from urllib.parse import quote

from bot.catalogue.models import LiensFile, Metier

#: The placeholders a link template may use (``{departement}`` only in ``url``).
PLACEHOLDERS = {"url": {"rome", "departement", "titre"}, "url_sans_lieu": {"rome", "titre"}}


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


def next_steps(links: LiensFile | None, job: Metier, departement: str | None) -> list[Link]:
    """The card's URL buttons for this job and place (``departement``: None when the person gave none)."""
    rome = verified_rome(job)
    if links is None or rome is None:
        return []
    place = departement if departement and re.fullmatch(r"[0-9]{2}|2[AB]|97[1-6]", departement) else None
    values = {"rome": rome, "titre": quote(job.titre.masculin, safe=""), "departement": place or ""}
    out = []
    for item in links.liens:
        template = item.url if place else item.url_sans_lieu
        out.append(Link(item.libelle, template.format(**values)))
    return out
