"""What a search leaves in the statistics: only words the catalogue knows, never the text as typed.

A young person may type anything in the search box: a name, a phone number, a whole sentence.
:func:`stats_key` keeps the words of the query that belong to the catalogue's and the search's
vocabulary (the words of the search index: job titles, synonyms, branch names and tags, interests;
and the words of the French job titles of ROME 4.0, ``bot/data/rome_words.txt``, so that a job the
catalogue lacks, « pilote », still shows as a content gap), folded (lower case, no accents), in the
order typed, without the search's filler words. Everything else is dropped, and a query left with no known word is counted under the single
anonymous key :data:`OTHER`. Digits, e-mail addresses, @handles and web addresses are removed
before anything else, and a capitalised word (a name) never survives, even when it is also a
catalogue word, except as the first word of the message (phones capitalise it) or in a message
typed all in capitals.
"""

from __future__ import annotations

import re
import weakref
from functools import cache
from pathlib import Path

from bot.catalogue.regions import fold
from bot.catalogue.search import MAX_QUERY_CHARS, MAX_WORDS, STOPWORDS, SearchIndex, stem

#: The key under which every search without a known word is counted.
OTHER = "autre"
MAX_KEY = 64

_REMOVED = re.compile(
    r"\S+@\S+"                                   # e-mail addresses
    r"|@\w+"                                     # @handles
    r"|(?:https?://|www\.)\S+"                   # web addresses
    r"|\S+\.(?:fr|com|net|org|io|eu|be|ch|info|me|co)\b\S*",  # bare domain names
    re.IGNORECASE,
)
_TOKEN = re.compile(r"\S+")
_LETTERS = re.compile(r"[^\W\d_]+")


ROME_WORDS = Path(__file__).resolve().parent.parent / "data" / "rome_words.txt"


@cache
def rome_stems() -> frozenset[str]:
    """The stems of the words of ROME's job titles (read once)."""
    lines = ROME_WORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(stem(line) for line in lines if line and not line.startswith("#"))


class Terms:
    """The known vocabulary of one search index (stems), and the rule that turns a query into a key."""

    def __init__(self, index: SearchIndex) -> None:
        self.known = (frozenset(index.postings) | rome_stems()) - {stem(w) for w in STOPWORDS}

    def words(self, text: str) -> list[str]:
        """The folded words of ``text`` that may be counted, in order, without repeats."""
        text = _REMOVED.sub(" ", text[:MAX_QUERY_CHARS])
        shouting = not any(c.islower() for c in text)
        kept: list[str] = []
        for position, token in enumerate(_TOKEN.findall(text)):
            if any(c.isdigit() for c in token):
                continue
            for part in _LETTERS.findall(token):
                if part[0].isupper() and position > 0 and not shouting:
                    continue  # a name, even if it is also a catalogue word
                word = fold(part)
                if len(word) < 2 or word in STOPWORDS or stem(word) not in self.known or word in kept:
                    continue
                kept.append(word)
        return kept[:MAX_WORDS]

    def key(self, text: str) -> str:
        """The statistics key of a query: its known words (at most 64 characters), or :data:`OTHER`."""
        key = ""
        for word in self.words(text):
            if len(key) + len(word) + 1 > MAX_KEY:
                break
            key = f"{key} {word}" if key else word
        return key or OTHER


_terms: "weakref.WeakKeyDictionary[SearchIndex, Terms]" = weakref.WeakKeyDictionary()


def terms(index: SearchIndex) -> Terms:
    """The :class:`Terms` of an index (built once per index)."""
    found = _terms.get(index)
    if found is None:
        found = _terms[index] = Terms(index)
    return found


def stats_key(index: SearchIndex, query: str) -> str:
    """The key under which a search for ``query`` is counted in the statistics."""
    return terms(index).key(query)
