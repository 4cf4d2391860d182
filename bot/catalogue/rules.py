"""Rules across the job files: ROME 4.0 codes from the shipped referential, jobs per branch, links."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.catalogue.models import BrancheFile

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
