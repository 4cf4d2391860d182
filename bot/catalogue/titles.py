"""One style for job titles. Buttons and lists show the short title (``titre.court``): both genders
in one word with the middle dot (« Vendeur·se en jardinerie », « Hôte·sse de caisse »,
« Opticien·ne »), never « Vendeur / Vendeuse »; a job whose two titles differ must have one. The
job card spells both full titles out. Search reads the full titles, so « hôte » and « hôtesse » both
find the job.

The job card's heading, the pay screen and the shared card write the full title in the same style
(:func:`dotted_title`: « Vendeur·se conseil en bricolage », « Directeur·rice de supermarché »), built
from the two full titles word by word; only titles whose words do not pair (« Adjoint au gérant » /
« Adjointe à la gérante ») keep both forms spelled out."""

from __future__ import annotations

import re

from bot.catalogue.regions import fold

#: « Vendeur·se »: the masculine word, the middle dot, the feminine ending.
_DOTTED = re.compile(r"([^\W\d_]+)·([^\W\d_]+)")
#: Other ways of writing both genders, refused in a short title.
_OTHER_STYLES = re.compile(r"/|\(e\)|\(ne\)|\(se\)|\.e\b|-e\b")


#: A feminine word from its masculine one: (masculine ending, feminine ending, written after the dot),
#: the first that fits (« Directeur·rice », « Vendeur·se », « Conseiller·ère », « Merchandiser·euse »).
_ENDINGS = (("teur", "trice", "rice"), ("eur", "euse", "se"), ("er", "ère", "ère"), ("er", "euse", "euse"))


def _dotted_word(masculine: str, feminine: str) -> str | None:
    """One word for both genders (« Hôte·sse », « Vendeur·se »), None when the two do not pair."""
    if masculine == feminine:
        return masculine
    if feminine.startswith(masculine):
        return f"{masculine}·{feminine[len(masculine):]}"
    for m_end, f_end, written in _ENDINGS:
        if masculine.endswith(m_end) and feminine.endswith(f_end) and masculine[: -len(m_end)] == feminine[: -len(f_end)]:
            return f"{masculine}·{written}"
    return None


def dotted_title(masculin: str, feminin: str) -> str | None:
    """Both full titles in one, word by word (« Vendeur·se conseil en bricolage », « Crémier·ère-fromager·ère »);
    None when their words do not pair one to one."""
    if masculin == feminin:
        return masculin
    masculine_words, feminine_words = masculin.split(" "), feminin.split(" ")
    if len(masculine_words) != len(feminine_words):
        return None
    words = []
    for m_word, f_word in zip(masculine_words, feminine_words):
        m_parts, f_parts = m_word.split("-"), f_word.split("-")
        parts = [_dotted_word(m, f) for m, f in zip(m_parts, f_parts)] if len(m_parts) == len(f_parts) else [None]
        if None in parts:
            return None
        words.append("-".join(parts))
    return " ".join(words)


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
