"""Rules across the job files: ROME 4.0 codes from the shipped referential, pay facts against the SMIC."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from bot.catalogue.models import AlternanceFile, BrancheFile

#: The ROME 4.0 referential shipped with the content (source in content/referentiels/SOURCES.md).
ROME_FILE = Path("referentiels") / "rome4.tsv"


def read_rome(content_dir: Path) -> dict[str, str] | None:
    """ROME 4.0 codes and labels from ``content/referentiels/rome4.tsv``; None when the file is missing."""
    path = content_dir / ROME_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    codes: dict[str, str] = {}
    for line in lines[1:]:
        code, _, label = line.partition("\t")
        if code:
            codes[code.strip()] = label.strip()
    return codes


def rome_problems(content_dir: Path, branch_files: list[tuple[str, BrancheFile, Any]], line_of, problem) -> list:
    """Every job's ROME codes must be in ROME 4.0 (the shipped referential)."""
    rome = read_rome(content_dir)
    rel_file = str((content_dir / ROME_FILE).relative_to(content_dir.parent))
    if rome is None:
        return [problem(rel_file, None, "", "référentiel ROME 4.0 introuvable ou illisible (il sert à vérifier les codes des métiers)")]
    out = []
    for rel, bf, node in branch_files:
        for index, job in enumerate(bf.metiers):
            for j, entry in enumerate(job.rome):
                if entry.code not in rome:
                    loc = ("metiers", index, "rome", j, "code")
                    out.append(problem(rel, line_of(node, loc), f"metiers[{index}].rome[{j}].code",
                                       f"code ROME « {entry.code} » absent du ROME 4.0 ({rel_file})"))
    return out


def pay_problems(branch_files, alternance: AlternanceFile | None, today: dt.date | None, line_of, problem) -> list:
    """Pay facts: never below the SMIC at full time, net below gross, « autour du SMIC » matching the
    SMIC of content/alternance.yaml, and (when ``today`` is given) a year at most two years old."""
    out = []
    for rel, bf, node in branch_files:
        for index, job in enumerate(bf.metiers):
            pay = job.salaire

            def add(field: str, message: str, *loc) -> None:
                where = ("metiers", index, "salaire", field, *loc)
                out.append(problem(rel, line_of(node, where), f"metiers[{index}].salaire.{field}", message))

            if pay.net[0] >= pay.brut[0] or pay.net[1] >= pay.brut[1]:
                add("net", "le net doit être plus bas que le brut")
            if alternance is not None:
                smic = alternance.smic
                if pay.brut[0] < int(smic.mensuel_brut):
                    add("brut", f"{pay.brut[0]} € brut est sous le SMIC à temps plein ({smic.mensuel_brut:.2f} €, content/alternance.yaml)")
                elif pay.repere in ("smic", "plancher") and abs(pay.brut[0] - smic.mensuel_brut) > 25:
                    add("brut", f"repère « {pay.repere} » mais {pay.brut[0]} € brut ne correspond pas au SMIC de content/alternance.yaml ({smic.mensuel_brut:.2f} €)")
            if today is not None:
                if pay.annee < today.year - 2:
                    add("annee", f"chiffres de {pay.annee} : plus de deux ans ({today.year}), à mettre à jour")
                elif pay.annee > today.year:
                    add("annee", f"année {pay.annee} dans le futur")
    return out


def link_problems(branch_files, known_jobs: set[str], line_of, problem) -> list:
    """``metiers_proches`` name existing jobs, other than the job itself."""
    out = []
    for rel, bf, node in branch_files:
        for index, job in enumerate(bf.metiers):
            for j, target in enumerate(job.metiers_proches):
                if target not in known_jobs or target == job.id:
                    reason = "un métier n'est pas proche de lui-même" if target == job.id else f"le métier « {target} » n'existe pas"
                    out.append(problem(rel, line_of(node, ("metiers", index, "metiers_proches", j)), f"metiers[{index}].metiers_proches[{j}]", reason))
    return out


def related_jobs(jobs) -> dict[str, list[str]]:
    """Jobs close to each job, both ways: B is close to A when A lists B or B lists A (declaration order kept)."""
    related: dict[str, list[str]] = {job.id: list(job.metiers_proches) for job in jobs}
    for job in jobs:
        for other in job.metiers_proches:
            if other in related and job.id not in related[other]:
                related[other].append(job.id)
    return related
