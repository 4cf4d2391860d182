"""The incremental rollup of the interactions log (watermark on ``interactions.id``).

Each new interaction adds to:
- ``stats_daily`` / ``stats_kinds``: interactions per Paris day, region, kind (and key); ``_session``
  counts sessions (a session starts after 30 minutes of silence, and at Paris midnight: every day a
  person is active holds at least one session), ``_visit`` the sessions of a region (once per session
  and region: a session that starts before the region is chosen also counts in the region chosen);
- ``stats_people_day``: the person as active that day in that region (kind ''), anywhere (kind '*'),
  seen for the first time (kind '_new'), and as having done one of :data:`PEOPLE_KINDS` (distinct
  people over any period stay exact); a step implies the steps before it (:data:`IMPLIES`: a finished
  quiz was started, a registration went through an opened card, an opened card was proposed), and an
  event announced to the person by a broadcast counts as proposed;
- ``stats_people``: first day seen, last interaction and the region of that interaction;
- ``stats_term_people``: the people who typed each counted term of :data:`TERM_KINDS` (a term or a
  campaign key is named to staff only when enough people typed it).

:func:`forget` erases a person's pseudonymous rows (/oubli) after counting what they did.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import weakref

from bot.clock import PARIS
from storage import stats as store
from storage.db import Database

#: The rules of this module: rollups made under other rules are rebuilt from the log at the next refresh.
#: 2: sessions cut at midnight, visits per region, funnel steps implied, announced events proposed.
#: 3: the people of each campaign key (``source``) are counted, so a key typed by hand is not named.
RULES = 3
SESSION_GAP = 30 * 60
BATCH = 50_000
#: Kinds whose distinct people are counted over periods (kind '' = any activity).
PEOPLE_KINDS = frozenset(
    """quiz_start quiz_finish event_suggested event_open event_register event_waitlist alerts_on alerts_off
    blocked unblocked search search_unmet interest announce_sent announce_blocked""".split()
)
#: Kinds the bot logs about a person without them doing anything (a broadcast, a reminder): counted per
#: kind (and their distinct people for :data:`PEOPLE_KINDS`), never as activity, a session or a first visit.
BOT_KINDS = frozenset("announce_sent announce_blocked announce_failed reminder_sent followup_sent".split())
#: A step of a funnel implies the steps before it, the same day in the same region (a card opened
#: from a shared link was proposed; a quiz finished the day after was also started that day...).
IMPLIES = {
    "quiz_finish": ("quiz_start",),
    "event_open": ("event_suggested",),
    "event_register": ("event_open", "event_suggested"),
    "event_waitlist": ("event_open", "event_suggested"),
}
#: Kinds whose keys are what people typed (search: reduced to catalogue terms; source: the campaign of a
#: ``src_`` link, which anybody can type): distinct people per key, a key is named when enough people share it.
TERM_KINDS = frozenset({"search", "search_unmet", "source"})
ANYWHERE, NEW = "*", "_new"  # stats_people_day kinds: active anywhere that day; first day seen
_locks: "weakref.WeakKeyDictionary[Database, asyncio.Lock]" = weakref.WeakKeyDictionary()


class _DayOf:
    """Paris day of a Unix time, cached per UTC hour (Paris offsets are whole hours)."""

    def __init__(self) -> None:
        self.cache: dict[int, str] = {}

    def __call__(self, at: int) -> str:
        hour = at // 3600
        day = self.cache.get(hour)
        if day is None:
            day = self.cache[hour] = dt.datetime.fromtimestamp(hour * 3600, PARIS).date().isoformat()
        return day


async def refresh(db: Database, batch: int = BATCH) -> int:
    """Roll up every interaction logged since the last call; return how many were added."""
    async with _locks.setdefault(db, asyncio.Lock()):
        return await _refresh(db, batch)


async def forget(db: Database, user_key: str) -> None:
    """/oubli: roll up what the person did (the aggregate counts keep it, naming nobody), then
    delete every row keyed by their pseudonym (log, per-person rollups)."""
    async with _locks.setdefault(db, asyncio.Lock()):
        await _refresh(db, BATCH)
        await store.forget_person(db, user_key)


async def _refresh(db: Database, batch: int) -> int:
    added = 0
    day_of = _DayOf()
    if await store.state(db, store.RULES) != RULES:
        await store.reset_rollups(db, rules=RULES)
    while True:
        mark = await store.watermark(db)
        rows = await store.interactions_after(db, mark, batch)
        if not rows:
            return added
        keys = list({r[2] for r in rows})
        people = await store.known_people(db, keys)
        announced = await store.event_broadcasts(db, {r[4] for r in rows if r[3] == "announce_sent"})
        changed: dict[str, tuple[str, int, str]] = {}
        daily: dict[tuple[str, str, str, str], int] = {}
        people_days: set[tuple[str, str, str, str]] = set()
        term_people: set[tuple[str, str, str, str, str]] = set()

        def count(*counted: str) -> None:
            daily[counted] = daily.get(counted, 0) + 1

        def did(kind: str, day: str, region: str, user_key: str) -> None:
            for step in (kind, *IMPLIES.get(kind, ())):
                people_days.add((step, day, region, user_key))

        for _id, at, user_key, kind, key, region in rows:
            day = day_of(at)
            if kind in BOT_KINDS:
                count(day, region, kind, key)
                if kind in PEOPLE_KINDS:
                    did(kind, day, region, user_key)
                if kind == "announce_sent" and key in announced:
                    did("event_suggested", day, region, user_key)  # an event sent in an announcement is proposed
                continue
            known = changed.get(user_key) or people.get(user_key)
            new_session = known is None or at - known[1] > SESSION_GAP or day_of(known[1]) != day
            if new_session:
                count(day, region, "_session", "")
            if new_session or region != known[2]:
                count(day, region, "_visit", "")
            if known is None:
                changed[user_key] = (day, at, region)
                people_days.add((NEW, day, region, user_key))
            else:
                changed[user_key] = (known[0], max(at, known[1]), region)
            count(day, region, kind, key)
            people_days.add(("", day, region, user_key))
            people_days.add((ANYWHERE, day, "", user_key))
            if kind in PEOPLE_KINDS:
                did(kind, day, region, user_key)
            if kind in TERM_KINDS:
                term_people.add((kind, key, day, region, user_key))
        if not await store.apply_rollup(db, mark, rows[-1][0], daily, people_days, changed, term_people):
            continue  # another process rolled this batch up first: read again from its watermark
        added += len(rows)
        if len(rows) < batch:
            return added
