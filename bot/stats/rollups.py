"""The incremental rollup of the interactions log (watermark on ``interactions.id``): the rules; the
set-based SQL that applies them, one batch of ids at a time, is storage/rollup.py.

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
import weakref

from storage import rollup as rollup_store
from storage import stats as store
from storage.db import Database

#: The rules of this module: rollups made under other rules are rebuilt from the log at the next refresh.
#: 2: sessions cut at midnight, visits per region, funnel steps implied, announced events proposed.
#: 3: the people of each campaign key (``source``) are counted, so a key typed by hand is not named.
RULES = 3
SESSION_GAP = 30 * 60
BATCH = 100_000
ANALYZE_AFTER = 10_000  # interactions rolled up at once after which the planner statistics are refreshed
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


STORE_RULES = rollup_store.Rules(
    session_gap=SESSION_GAP,
    bot_kinds=BOT_KINDS,
    steps=tuple((kind, step) for kind in sorted(PEOPLE_KINDS) for step in (kind, *IMPLIES.get(kind, ()))),
    term_kinds=TERM_KINDS,
    announced=("announce_sent", "event_suggested"),
    anywhere=ANYWHERE,
    new=NEW,
)


async def _refresh(db: Database, batch: int) -> int:
    """Roll up the log batch after batch (``batch`` ids each: one write transaction per batch)."""
    added = 0
    if await store.state(db, store.RULES) != RULES:
        await store.reset_rollups(db, rules=RULES)
    async with rollup_store.bulk(db, drop_index=await rollup_store.pending(db) > batch):
        while True:
            count, done, earliest = await rollup_store.roll_batch(db, STORE_RULES, batch)
            added += count
            if earliest is not None:
                store.forget_kept_from(db, earliest)
            if done:
                break
    if added >= ANALYZE_AFTER:
        await rollup_store.analyze(db)
    return added
