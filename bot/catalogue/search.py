"""Job search: accent-insensitive, tolerant of typos and of feminine or plural forms.

The index is built once from the catalogue. Every job gets weighted phrases: its titles (a
qualifier in brackets, « (mode et jouets) », weighs as a tag) and synonyms (strongest), its branch's names and tags, the words of its interest tags, and « sans diplôme » when it is open without one. A query is
folded (bot.catalogue.regions.fold), cut into words, stripped of filler words ("je", "avec",
"travailler"...), and each word is reduced to a rough stem ("vendeuses" → "vendeur",
"caissière" → "caissier"). Each query word is matched against the index vocabulary exactly, by
prefix, or with rapidfuzz (typos); rare words count more than common ones (IDF). A job's score is
the sum, over the query words, of its best matching phrase. Equal scores list the general job
before its variants (« Hôte de caisse » before « Hôte de caisse en coopérative »), then the jobs of
the biggest employers' branches (content/ordre_branches.yaml).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process

from bot.catalogue.models import INTEREST_TAGS, Metier
from bot.catalogue.regions import fold

MAX_QUERY_CHARS = 120
MAX_LONG_CHARS = 4096  # a long message is read this far for the catalogue's words
MAX_WORDS = 8
MAX_RESULTS = 5
FUZZY_CUTOFF = 80  # rapidfuzz ratio (0-100) for a word with a typo
FUZZY_CUTOFF_LONG = 85  # from 7 letters: « coiffeur » is not a typo for « copieur » (ratio 80)
MIN_SCORE = 0.9  # below this, the best job is not a real match
KEEP_RATIO = 0.45  # keep results scoring at least this share of the best one

#: Field weights: what a phrase says about a job.
TITLE, SYNONYM, BRANCH, TAG, INTEREST = 3.0, 2.6, 1.6, 1.3, 1.0

#: Words that carry no meaning for the search (already folded).
STOPWORDS = frozenset(
    """a au aux avec ce ces cet cette chez comme d dans de des du en et etre faire fait il ils j je
    l la le les leur lui m ma me mes moi mon ne ni nous on ou par pas plus pour qu que qui sa se ses
    si son sur t ta te tes toi ton tu un une vos votre vous y veux voudrais aimerais aime adore
    cherche recherche trouver devenir travailler travail bosser boulot job emploi metier metiers
    poste quel quelle quels quelles dans bien tres truc chose choses genre""".split()
)

#: Rough French stemming: (ending, replacement), first match wins (after plural removal).
_ENDINGS = (
    ("atrice", "ateur"),
    ("trice", "teur"),
    ("euse", "eur"),
    ("ienne", "ien"),
    ("enne", "en"),
    ("iere", "ier"),
    ("ere", "er"),
    ("onne", "on"),
    ("ette", "et"),
    ("ive", "if"),
    ("ee", "e"),
)


def stem(word: str) -> str:
    """« vendeuses » → « vendeur », « caissière » → « caissier », « plantes » → « plant »."""
    if len(word) > 4 and word.endswith("aux"):
        word = word[:-3] + "al"
    elif len(word) > 3 and word[-1] in "sx" and not word.endswith("ss"):
        word = word[:-1]
    for ending, replacement in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 2:
            return word[: -len(ending)] + replacement
    if len(word) > 4 and word.endswith("e"):
        word = word[:-1]
    return word


_HYPHENATED = re.compile(r"\w+(?:-\w+)+")


def words(text: str, *, drop_stopwords: bool = True) -> list[str]:
    """The stems of the meaningful words of ``text``; hyphenated words also count glued together."""
    raw = text.casefold()
    glued = [fold(m.replace("-", "")) for m in _HYPHENATED.findall(raw)]
    out: list[str] = []
    for word in fold(raw).split() + glued:
        if len(word) < 2 or (drop_stopwords and word in STOPWORDS):
            continue
        stemmed = stem(word)
        if stemmed not in out:
            out.append(stemmed)
    return out


#: « (mode et jouets) » in a title qualifies the job: indexed like a branch tag, not like the title.
_QUALIFIER = re.compile(r"\(([^)]*)\)")


def _variants(jobs) -> dict[str, int]:
    """How many jobs are variants of each job: their title holds all its words and more (« Hôte de
    caisse en coopérative » is a variant of « Hôte de caisse »). Among equal scores, the general job
    comes first."""
    titles = {job.id: frozenset(words(job.titre.masculin)) for job in jobs}
    return {job_id: sum(1 for other, more in titles.items() if title < more) for job_id, title in titles.items()}


@dataclass(frozen=True)
class Hit:
    job: Metier
    score: float


#: Frequent English words: a query made mostly of them gets a "French only" answer.
ENGLISH = frozenset(
    """the i am is are you your my me looking for job jobs hello hi want work working with what how
    where can please need find shop store sales seller help thanks thank do does to of and in it""".split()
)


def looks_foreign(text: str) -> bool:
    """True when most words of ``text`` are common English words."""
    tokens = fold(text[:MAX_QUERY_CHARS]).split()
    english = sum(1 for t in tokens if t in ENGLISH)
    return english >= 2 and english * 2 >= len(tokens)


class SearchIndex:
    """Built once per catalogue; :meth:`search` answers in well under a millisecond."""

    def __init__(self, catalogue) -> None:
        self.catalogue = catalogue
        # word → {job id: best field weight}
        postings: dict[str, dict[str, float]] = {}
        for job in catalogue.jobs.values():
            branch = catalogue.branch_for_job(job.id)
            fields: list[tuple[str, float]] = []
            for title in (job.titre.masculin, job.titre.feminin):
                fields += [(_QUALIFIER.sub(" ", title), TITLE), *((q, TAG) for q in _QUALIFIER.findall(title))]
            fields += [(s, SYNONYM) for s in job.synonymes]
            if branch is not None:
                fields += [(branch.nom, BRANCH), (branch.nom_court, BRANCH)]
                fields += [(t, TAG) for t in branch.tags]
            fields += [(INTEREST_TAGS[t], INTEREST) for t in job.interets]
            if job.sans_diplome:
                fields.append(("sans diplôme", TAG))  # « boulot sans diplôme », « vendeuse sans diplôme »
            for text, weight in fields:
                for word in words(text):
                    slot = postings.setdefault(word, {})
                    slot[job.id] = max(weight, slot.get(job.id, 0.0))
        total = len(catalogue.jobs) or 1
        self.postings = postings
        self.idf = {w: 1.0 + math.log(total / len(jobs)) for w, jobs in postings.items()}
        self.vocabulary = sorted(postings)
        self.order = {job_id: i for i, job_id in enumerate(catalogue.jobs)}
        self.variants = _variants(catalogue.jobs.values())
        self._similar = lru_cache(maxsize=4096)(self._similar_uncached)

    def _similar_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        """Index words close to ``word``: (index word, similarity 0-1)."""
        exact = word in self.postings
        found: dict[str, float] = {word: 1.0} if exact else {}
        if len(word) >= 4:
            for candidate in self.vocabulary:
                if candidate != word and candidate.startswith(word):
                    # a longer word never weighs more than the exact one the person typed
                    cap = min(1.0, self.idf[word] / self.idf[candidate]) if exact else 1.0
                    found[candidate] = max(found.get(candidate, 0.0), 0.85 * cap)
            if exact:
                return tuple(found.items())
            for candidate, score, _ in process.extract(word, self.vocabulary, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF if len(word) < 7 else FUZZY_CUTOFF_LONG, limit=8):
                if candidate != word:
                    found[candidate] = max(found.get(candidate, 0.0), 0.9 * score / 100)
        return tuple(found.items())

    def query_words(self, query: str) -> list[str]:
        """The query's stems; a hyphenated word known glued (« e-commerce ») is not also split.
        A long message keeps only the words the catalogue knows (« … j'aime les animaux et le sport … »)."""
        if len(query) > MAX_QUERY_CHARS:
            known = [w for w in words(query[:MAX_LONG_CHARS]) if w in self.postings]
            if known:
                return known[:MAX_WORDS]
        query = query[:MAX_QUERY_CHARS]
        for compound in _HYPHENATED.findall(query.casefold()):
            if stem(fold(compound.replace("-", ""))) in self.postings:
                query = query.casefold().replace(compound, compound.replace("-", ""))
        return words(query)[:MAX_WORDS]

    def search(self, query: str, limit: int = MAX_RESULTS) -> list[Hit]:
        """The best jobs for ``query``, best first (empty: nothing matches)."""
        scores: dict[str, float] = {}
        for word in self.query_words(query):
            best: dict[str, float] = {}
            for candidate, similarity in self._similar(word):
                idf = self.idf[candidate]
                for job_id, weight in self.postings[candidate].items():
                    value = similarity * weight * idf
                    if value > best.get(job_id, 0.0):
                        best[job_id] = value
            for job_id, value in best.items():
                scores[job_id] = scores.get(job_id, 0.0) + value
        if not scores:
            return []
        top = max(scores.values())
        if top < MIN_SCORE:
            return []
        # equal scores: the general job before its variants, then the biggest employers' branches first
        ranked = sorted(scores.items(), key=lambda item: (-round(item[1], 6), -self.variants[item[0]], self.order[item[0]]))
        return [Hit(self.catalogue.jobs[j], s) for j, s in ranked[:limit] if s >= top * KEEP_RATIO]
