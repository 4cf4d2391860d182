"""What a young person's free text means: an intent (content/intentions.yaml), a place, or a search.

The text itself is never kept: only the intent's name is counted, and for distress nothing at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.catalogue import fold
from bot.catalogue.intents import Intent
from bot.catalogue.models import Metier, Region
from bot.catalogue.search import words as search_words
from bot.context import AppContext

#: Never counted, not even by name (« au secours » may be distress too).
UNLOGGED = frozenset({"detresse", "secours"})
#: Intent answers a button may open (``int:<screen>``).
BUTTON_SCREENS = frozenset({"alternance", "salaire", "stage", "cv", "sans_diplome", "offres", "indecis"})
#: A place is at most this many words (« saint martin d heres »).
MAX_PLACE_WORDS = 6
#: Jobs listed under an intent's answer (alternance, sans diplôme...).
MAX_JOBS = 6
#: A short number typed alone (« 2 », « 13 », « 2A ») outside the region question: maybe the number of a
#: button (the quiz's second answer) or an age; a département it names is offered, never set at once.
_BUTTON_NUMBER = re.compile(r"\s*(\d{1,3}|2[abAB])\s*")


@dataclass(frozen=True)
class Reading:
    kind: str  # "intent", "place", "search" or "not_a_search"
    intent: Intent | None = None
    rest: str = ""
    places: tuple[tuple[Region, str | None], ...] = ()
    #: The place is only offered (a bare number), not taken as the answer.
    confirm: bool = False
    problem: str | None = None
    jobs: list[Metier] = field(default_factory=list)


def read(ctx: AppContext, text: str) -> Reading:
    """Read free text: an intent first, then a place typed alone, then a search (see handlers.search.on_words)."""
    if not fold(text):
        return Reading("not_a_search", problem="emoji" if text.strip() else "empty")
    matcher = ctx.catalogue.intents
    found = matcher.match(text) if matcher is not None else None
    if found is not None and not (found.intent.screen == "branche" and names_a_job(ctx, text)):
        jobs, rest = _jobs_for(ctx, found.intent.screen, found.rest)
        return Reading("intent", intent=found.intent, rest=rest, jobs=jobs)
    number = _BUTTON_NUMBER.fullmatch(text) is not None
    places = find_places(ctx, text)
    if places:
        return Reading("place", places=places, confirm=number)
    if number:
        return Reading("not_a_search", problem="number")
    return Reading("search")


def names_a_job(ctx: AppContext, text: str) -> bool:
    """One word that the catalogue's jobs use (« boulangère », « boulangerie »): a search, even when it is
    (or is close to) a brand's name (Boulanger sells household appliances)."""
    stems = search_words(text)
    return len(stems) == 1 and stems[0] in ctx.search.postings


def screen_reading(ctx: AppContext, screen: str) -> Reading:
    """What a button opening ``screen`` shows: the same answer as the words, counted under the screen's name."""
    return Reading("intent", intent=Intent(screen, screen, None, -1), jobs=_jobs_for(ctx, screen, "")[0])


def find_places(ctx: AppContext, text: str) -> tuple[tuple[Region, str | None], ...]:
    """A région, département, postal code or city typed alone (« Marseille », « PACA », « j'habite à Lyon »).

    Without « j'habite à », a word the catalogue knows (« centre ») stays a search."""
    matcher = ctx.catalogue.intents
    words, introduced = matcher.place_words(text) if matcher is not None else (fold(text), False)
    if not words or len(words.split()) > MAX_PLACE_WORDS:
        return ()
    regions = ctx.catalogue.regions
    found = regions.resolve(words)
    places = [found] if found else regions.city(words)
    if not places:
        return ()
    index = ctx.search
    if not introduced and any(word in index.postings for word in index.query_words(words)):
        return ()  # also a word of the catalogue (« centre »): a search
    return tuple({(region.code, dept): (region, dept) for region, dept in places}.values())


def _jobs_for(ctx: AppContext, screen: str, rest: str) -> tuple[list[Metier], str]:
    """The jobs an intent's answer lists: those of the other words typed (« salaire vendeuse »), else by screen;
    and those other words, kept only when they name jobs (« j'ai pas le bac » leaves « ai »: not a job)."""
    catalogue = ctx.catalogue
    hits = [h.job for h in ctx.search.search(rest)] if rest else []
    if screen == "alternance":
        keep = [j for j in hits if any(a.alternance for a in j.acces)]
    elif screen == "sans_diplome":
        keep = [j for j in hits if j.sans_diplome] or [j for j in catalogue.jobs.values() if j.sans_diplome]
    elif screen in ("salaire", "stage", "offres", "cv", "indecis"):
        keep = hits
    else:
        keep = []
    return keep[:MAX_JOBS], rest if hits else ""
