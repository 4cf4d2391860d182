"""The figures of closed days kept in the database (table ``stats_kept``, migration 0019), shared by every
instance, and the people of the live days after them.

Distinct people over days cannot be summed from daily counts, and reading every person-day of a quarter
grows with the log. So storage/stats.py reads a range [first, last] as its closed days (those before the
newest day rolled up, which no longer change), computed once by whoever asks first and kept in
stats_kept (and in each process), plus the live days after them, read through a histogram of their
people by the previous day each was seen (one index lookup per person, stats_people_day_person), kept in
the process until the log moves.

A kept figure covers ``[first_day, last_day]`` with ``last_day`` before the newest day rolled up; it is
deleted, in the same transaction, by whatever changes one of its days: a rollup that adds rows for a day
before the newest one (rows logged late, storage/rollup.py ``FORGET_KEPT``) and an erasure (/oubli: from
the person's first day on). Both also bump ``kept_generation``, which empties the copies of each process.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from storage.db import Database, PerDatabase, placeholders, region_clause
from storage.rollup import GENERATION, WATERMARK

CLOSED = PerDatabase()  # (name, first day, last day) → value, for one GENERATION
LIVE = PerDatabase()    # the live days' histograms, for one (watermark, GENERATION)
KEPT_LIMIT = 5_000


@dataclass(frozen=True)
class Now:
    """What decides whether a kept figure still holds: the erasure / late rows counter, the watermark of
    the rollup and the newest day rolled up (the days before it are closed)."""

    generation: int
    watermark: int
    newest: str | None

    def closed_until(self, last: str) -> str | None:
        """The last closed day of a range ending on ``last`` (None: nothing rolled up yet)."""
        return None if self.newest is None else min(last, day_before(self.newest))


_SNAPSHOT: ContextVar[tuple[Database, Now] | None] = ContextVar("stats_snapshot", default=None)


async def now_of(db: Database) -> Now:
    """What holds now (inside :func:`snapshot`: when it began)."""
    held = _SNAPSHOT.get()
    if held is not None and held[0] is db:
        return held[1]
    row = await db.fetchone(
        "SELECT (SELECT value FROM stats_state WHERE name = ?), (SELECT value FROM stats_state WHERE name = ?),"
        " (SELECT MAX(day) FROM stats_kinds)", (GENERATION, WATERMARK))
    return Now(int(row[0] or 0), int(row[1] or 0), row[2])


@asynccontextmanager
async def snapshot(db: Database) -> AsyncIterator[None]:
    """Inside, every figure reads the days as they were rolled up when it began: one read of the state for
    a whole view instead of one per figure (a round trip each with PostgreSQL)."""
    token = _SNAPSHOT.set((db, await now_of(db)))
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def _memo(store: PerDatabase, db: Database, stamp: tuple) -> dict:
    """The process's memo of ``store``, emptied when ``stamp`` changed (or when it grew too big)."""
    memo = store.of(db)
    if memo.get("stamp") != stamp or len(memo) > KEPT_LIMIT:
        memo.clear()
        memo["stamp"] = stamp
    return memo


KEEP = ("INSERT INTO stats_kept(name, first_day, last_day, value, kept_on)"
        " SELECT CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT), CAST(? AS TEXT)"
        " WHERE COALESCE((SELECT value FROM stats_state WHERE name = ?), 0) = ? ON CONFLICT DO NOTHING")
#: Days after which a kept figure is deleted by :func:`prune` (computed again if still asked for).
KEPT_DAYS = 7


async def prune(db: Database) -> int:
    """Delete the figures kept more than :data:`KEPT_DAYS` days before the newest day rolled up (mostly the
    rolling windows of past days, never asked for again); how many went."""
    now = await now_of(db)
    if now.newest is None:
        return 0
    oldest = (dt.date.fromisoformat(now.newest) - dt.timedelta(days=KEPT_DAYS)).isoformat()
    async with db.transaction() as conn:
        return (await conn.execute("DELETE FROM stats_kept WHERE kept_on < ?", (oldest,))).rowcount


async def kept(db: Database, now: Now, name: str, first: str, last: str, compute: Callable[[], Awaitable[Any]]) -> Any:
    """The figure ``name`` of the closed days [first, last]: from this process, else from stats_kept, else
    computed and kept (unless a rollup or an erasure changed closed days meanwhile)."""
    memo = _memo(CLOSED, db, (now.generation,))
    key = (name, first, last)
    if key not in memo:
        row = await db.fetchone("SELECT value FROM stats_kept WHERE name = ? AND first_day = ? AND last_day = ?", key)
        if row is not None:
            memo[key] = json.loads(row[0])
        else:
            memo[key] = await compute()
            await db.execute(KEEP, (*key, json.dumps(memo[key]), now.newest or "", GENERATION, now.generation))
    return memo[key]


def day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def day_after(day: str) -> str:
    return (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()


async def live(db: Database, now: Now, kinds: tuple[str, ...], first: str, last: str, region: str | None | bool) -> list[tuple]:
    """(region, the person's latest day of ``kinds`` before ``first`` (None: none), first day seen, people)
    for the people of ``kinds`` in the days [first, last]; ``region``: None nationally (a person once,
    days in any region), a code (that region's days), True (each region apart)."""
    memo = _memo(LIVE, db, (now.watermark, now.generation))
    key = (kinds, first, last, region)
    if key in memo:
        return memo[key]
    marks = placeholders(kinds)
    regional = region is not None
    only, params = region_clause(region if isinstance(region, str) else None)
    same_region, who = (" AND c.region = t.region", "region") if regional else ("", "'' AS region")
    # MATERIALIZED (SQLite ≥ 3.35, PostgreSQL ≥ 12): flattened into the GROUP BY, SQLite looked each
    # person's previous day up twice (0.6 × the time with it)
    memo[key] = [tuple(r) for r in await db.fetchall(
        "WITH x AS MATERIALIZED ("
        f" SELECT t.region AS region, (SELECT MAX(c.day) FROM stats_people_day c WHERE c.kind IN ({marks})"
        f" AND c.user_key = t.user_key AND c.day < ?{same_region}) AS prev, p.first_day AS first_day"
        f" FROM (SELECT DISTINCT {who}, user_key FROM stats_people_day WHERE kind IN ({marks}) AND day BETWEEN ? AND ?{only}) AS t"
        " LEFT JOIN stats_people p ON p.user_key = t.user_key) SELECT region, prev, first_day, COUNT(*) FROM x GROUP BY region, prev, first_day",
        (*kinds, first, *kinds, first, last, *params))]
    return memo[key]


def fresh(rows: Iterable[tuple], first: str, last: str | None = None) -> dict[str, int]:
    """Per region, the people of a histogram (:func:`live`) not seen from ``first`` on before it; with
    ``last``: only those first seen in [first, last]."""
    found: dict[str, int] = {}
    for region, prev, first_day, n in rows:
        if (prev is None or prev < first) and (last is None or (first_day is not None and first <= first_day <= last)):
            found[region] = found.get(region, 0) + int(n)
    return found


def split(now: Now, first: str, last: str) -> tuple[str | None, str | None]:
    """[first, last] as (its last closed day, None when no day of it is closed; its first live day, None
    when every day of it is closed)."""
    until = now.closed_until(last)
    if until is None or until < first:
        return None, first
    return until, (day_after(until) if until < last else None)
