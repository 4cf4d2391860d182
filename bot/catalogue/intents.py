"""Intents: what a message asks for (« parler à ma conseillère », « stop », « c koi l'alternance »).

The catalogue is ``content/intentions.yaml``. A message is folded (no case, accents or
punctuation), SMS words are expanded (« jsp » → « je sais pas »), and each phrasing is looked for
as a sequence of words: a word of 5 letters or more may carry one typo (two from 9 letters) as
long as its first letter is right, and one extra word may sit between two words of a phrasing.
A brand's name (a word only brands use) is stricter: one typo from 6 letters, none below (« manga »
is not Mango, « carreleur » is not Carrefour).
« partout » phrasings are found anywhere, even in a long message; « seul » phrasings only when
the message holds nothing else but small words. The first intent of the file that matches wins.
Matching is indexed by the first word of each phrasing, so a long message costs little.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz.distance import Levenshtein

from bot.catalogue.models import IntentionsFile
from bot.catalogue.regions import fold

#: Words allowed between two words of a phrasing.
GAP = 1
#: A message longer than this (in words) is read only up to here.
MAX_TOKENS = 600
#: « seul » phrasings are tried only on short messages.
MAX_ALONE_TOKENS = 12

Slots = tuple[frozenset[str], ...]


@dataclass(frozen=True)
class Intent:
    id: str
    screen: str
    branch: str | None
    rank: int


@dataclass(frozen=True)
class Found:
    intent: Intent
    #: The message's other meaningful words (folded), e.g. the job in « salaire vendeuse ».
    rest: str


def _typos_allowed(word: str) -> int:
    return 0 if len(word) < 5 else 1 if len(word) < 9 else 2


def _brand_typos_allowed(word: str) -> int:
    return 0 if len(word) < 6 else 1


class IntentMatcher:
    """Built once from the intents file; :meth:`match` answers in well under a millisecond."""

    def __init__(self, data: IntentionsFile) -> None:
        self.abbreviations = {fold(k): tuple(fold(v).split()) for k, v in data.abreviations.items() if fold(k) == k.casefold()}
        #: Spellings that folding would spoil (« a+ »): replaced before folding.
        self.raw_abbreviations = {k.casefold(): v for k, v in data.abreviations.items() if fold(k) != k.casefold()}
        self.filler = frozenset(fold(w) for w in data.mots_vides)
        self.intents: list[Intent] = []
        # first word of a phrasing → (intent rank, slots)
        self._anywhere: dict[str, list[tuple[int, Slots]]] = {}
        self._alone: dict[str, list[tuple[int, Slots]]] = {}
        vocabulary: set[str] = set()
        brand_words: set[str] = set()
        for rank, item in enumerate(data.intentions):
            self.intents.append(Intent(item.id, item.ecran, item.branche, rank))
            for phrases, index in ((item.partout, self._anywhere), (item.seul, self._alone)):
                for phrase in phrases:
                    slots = self.compile(phrase)
                    (brand_words if item.ecran == "branche" else vocabulary).update(*slots)
                    for word in slots[0]:
                        index.setdefault(word, []).append((rank, slots))
        #: Words only brands use (« mango », « carrefour »): fewer typos (see _brand_typos_allowed).
        self._brand_only = frozenset(brand_words - vocabulary)
        vocabulary |= brand_words
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for word in vocabulary:
            self._buckets.setdefault((word[0], len(word)), []).append(word)
        self.vocabulary = frozenset(vocabulary)
        self.like = lru_cache(maxsize=8192)(self._like)
        self.places_before = [self.compile(p) for p in data.lieux.avant]

    def compile(self, phrase: str) -> Slots:
        """« parler a|avec conseiller » → ({parler}, {a, avec}, {conseiller})."""
        slots: list[frozenset[str]] = []
        run: list[str] = []  # plain words, read together (« c est quoi » stays « c est quoi »)
        for slot in phrase.split() + ["|"]:
            if "|" not in slot:
                run.append(slot)
                continue
            slots.extend(frozenset({word}) for word in self.tokens(" ".join(run)))
            run = []
            alternatives = [self.tokens(alternative) for alternative in slot.split("|") if alternative]
            if alternatives:
                slots.append(frozenset(a[0] for a in alternatives if len(a) == 1))
        return tuple(slots)

    def tokens(self, text: str) -> list[str]:
        """The folded words of ``text``, SMS spellings expanded."""
        if self.raw_abbreviations:
            text = " ".join(self.raw_abbreviations.get(w.strip(".,;!?…"), w) for w in text.casefold().split())
        out: list[str] = []
        words = fold(text).split()
        for i, word in enumerate(words):
            expansion = self.abbreviations.get(word, (word,))
            if expansion[0] == word and tuple(words[i + 1:i + len(expansion)]) == expansion[1:]:
                expansion = (word,)  # « c est » is already written out: « c » is not « c est »
            out.extend(expansion)
            if len(out) >= MAX_TOKENS:
                break
        return out[:MAX_TOKENS]

    def _like(self, token: str) -> frozenset[str]:
        """Vocabulary words ``token`` stands for: itself, or a close spelling with the same first letter."""
        found = {token} if token in self.vocabulary else set()
        allowed = _typos_allowed(token)
        if allowed:
            for size in range(len(token) - allowed, len(token) + allowed + 1):
                for candidate in self._buckets.get((token[0], size), ()):
                    limit = min(allowed, _brand_typos_allowed(candidate)) if candidate in self._brand_only else allowed
                    if candidate not in found and _typos_allowed(candidate) and limit and Levenshtein.distance(token, candidate, score_cutoff=limit) <= limit:
                        found.add(candidate)
        return frozenset(found)

    @staticmethod
    def _extend(slots: Slots, likes: list[frozenset[str]], start: int) -> tuple[int, ...] | None:
        """Positions of the phrasing's words when its first word is at ``start``; None if it does not follow."""
        positions = [start]
        k = 1
        while k < len(slots):
            last = positions[-1]
            for j in range(last + 1, min(len(likes), last + 2 + GAP)):
                if slots[k] & likes[j]:
                    positions.append(j)
                    break
            else:
                return None
            k += 1
        return tuple(positions)

    def _scan(self, index: dict[str, list[tuple[int, Slots]]], likes: list[frozenset[str]], *, every: bool = False) -> dict[int, set[int]]:
        """Every intent rank with the positions of its first matching phrasing (``every``: of all of them)."""
        found: dict[int, set[int]] = {}
        for i, words in enumerate(likes):
            for word in words:
                for rank, slots in index.get(word, ()):
                    if rank in found and not every:
                        continue
                    positions = self._extend(slots, likes, i)
                    if positions is not None:
                        found.setdefault(rank, set()).update(positions)
        return found

    def match(self, text: str) -> Found | None:
        """The intent of ``text``, or None (then it is a search)."""
        tokens = self.tokens(text)
        if not tokens:
            return None
        likes = [self.like(t) for t in tokens]
        best: tuple[int, set[int]] | None = None
        anywhere = self._scan(self._anywhere, likes)
        if anywhere:
            rank = min(anywhere)
            best = (rank, anywhere[rank])
        if len(tokens) <= MAX_ALONE_TOKENS and (best is None or best[0] > 0):
            alone = self._scan(self._alone, likes, every=True)
            covered = {p for positions in alone.values() for p in positions}
            if alone and all(i in covered or t in self.filler for i, t in enumerate(tokens)):
                rank = min(alone)
                if best is None or rank < best[0]:
                    best = (rank, set(range(len(tokens))))
        if best is None:
            return None
        rank, positions = best
        rest = " ".join(t for i, t in enumerate(tokens) if i not in positions and t not in self.filler)
        return Found(self.intents[rank], rest)

    def place_words(self, text: str) -> tuple[str, bool]:
        """``text`` without a leading « j'habite à » (folded), and whether such a beginning was there."""
        tokens = fold(text).split()
        for slots in self.places_before:
            if len(slots) < len(tokens) and all(tokens[i] in slot for i, slot in enumerate(slots)):
                return " ".join(tokens[len(slots):]), True
        return " ".join(tokens), False
