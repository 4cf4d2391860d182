"""One style for job titles. Buttons and lists show the short title (``titre.court``): both genders
in one word with the middle dot (« Vendeur·se en jardinerie », « Hôte·sse de caisse »,
« Opticien·ne »), never « Vendeur / Vendeuse »; a job whose two titles differ must have one. The
job card spells both full titles out. Search reads the full titles, so « hôte » and « hôtesse » both
find the job."""

from __future__ import annotations

import re

from bot.catalogue.regions import fold

#: « Vendeur·se »: the masculine word, the middle dot, the feminine ending.
_DOTTED = re.compile(r"([^\W\d_]+)·([^\W\d_]+)")
#: Other ways of writing both genders, refused in a short title.
_OTHER_STYLES = re.compile(r"/|\(e\)|\(ne\)|\(se\)|\.e\b|-e\b")


def short_title_problems(masculin: str, feminin: str, court: str | None) -> list[str]:
    """What is wrong with a job's short title (French sentences for ``passerelle validate``)."""
    if court is None:
        if masculin != feminin:
            return [f"titre court manquant : les deux titres diffèrent, écrire « {_example(masculin)} » avec le point médian"]
        return []
    if _OTHER_STYLES.search(court):
        return [f"« {court} » : écrire les deux genres avec le point médian (« Vendeur·se », « Hôte·sse », « Opticien·ne »)"]
    masculine_words = set(fold(masculin).split())
    feminine_words = fold(feminin).split()
    problems = []
    for base, ending in _DOTTED.findall(court):
        word, end = fold(base), fold(ending)
        if word not in masculine_words:
            problems.append(f"« {base}·{ending} » : « {base} » n'est pas un mot du titre masculin « {masculin} »")
        elif not any(w.endswith(end) and w[:2] == word[:2] for w in feminine_words):
            problems.append(f"« {base}·{ending} » : aucun mot du titre féminin « {feminin} » ne finit par « {ending} »")
    if masculin != feminin and not _DOTTED.search(court) and not set(fold(court).split()) - masculine_words - set(feminine_words):
        problems.append(f"« {court} » : les deux titres diffèrent, écrire les deux genres avec le point médian")
    return problems


def _example(masculin: str) -> str:
    first, _, rest = masculin.partition(" ")
    return f"{first}·… {rest}".strip()


def title_problems(branch_files, line_of, problem) -> list:
    """Every job's short title follows the one style (see the module's docstring)."""
    out = []
    for rel, bf, node in branch_files:
        for index, job in enumerate(bf.metiers):
            titre = job.titre
            for message in short_title_problems(titre.masculin, titre.feminin, titre.court):
                field = "court" if titre.court is not None else "masculin"
                out.append(problem(rel, line_of(node, ("metiers", index, "titre", field)), f"metiers[{index}].titre.court", message))
    return out
