"""Every SQL statement of the statistics: rollups of the interactions log, the indicators' sources,
innovations and the weekly digest's bookkeeping. Days are Europe/Paris 'YYYY-MM-DD' strings;
``region`` None means every region (national), '' the people whose region is not known yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import aiosqlite

from storage.db import Database, PerDatabase, read_one
from storage.rollup import BUMP, GENERATION, WATERMARK

RULES = "rollup_rules"  # the version of the rollup rules the tables were built with
SEARCH_KINDS = ("search", "search_unmet")
#: Every table holding rows keyed by a person's pseudonym (``user_key``): /oubli deletes them all.
#: A new per-person table must be added here (tests/test_security_erasure.py scans every table).
PERSON_KEYED = ("interactions", "stats_people_day", "stats_people", "stats_term_people")
#: The mark left at the newest id of the log when an erasure deleted it (no person, never rolled up).
ERASED_KEY, ERASED_KIND = "", "erased"


def _region(region: str | None, column: str = "region") -> tuple[str, tuple]:
    """An extra ``AND`` clause restricting to one region, or nothing for the whole country."""
    return ("", ()) if region is None else (f" AND {column} = ?", (region,))


# ---------------------------------------------------------------- rollup (incremental)

async def watermark(db: Database) -> int:
    return int(await db.scalar("SELECT value FROM stats_state WHERE name = ?", (WATERMARK,)) or 0)


def forget_kept_from(db: Database, earliest: str) -> None:
    """The kept figures of closed days from ``earliest`` on are out of date (a rollup added to them:
    rows logged late, tests)."""
    memo = _CLOSED.of(db)
    for key in [k for k in memo if k[3] >= earliest]:
        del memo[key]


ROLLUP_TABLES = ("stats_daily", "stats_kinds", "stats_people_day", "stats_people", "stats_term_people", "stats_state")


async def reset_rollups(db: Database, rules: int | None = None) -> None:
    """Forget every rollup (the next refresh rebuilds them from the whole log); ``rules``: the
    version of the rollup rules the rebuild will follow (bot.stats.rollups.RULES)."""
    _CLOSED.of(db).clear()
    async with db.transaction() as conn:
        for table in ROLLUP_TABLES:
            await conn.execute(f"DELETE FROM {table}")
        if rules is not None:
            await conn.execute("INSERT INTO stats_state(name, value) VALUES (?, ?)", (RULES, rules))


async def state(db: Database, name: str) -> int | None:
    return await db.scalar("SELECT value FROM stats_state WHERE name = ?", (name,))


async def forget_person(db: Database, user_key: str) -> None:
    """Delete every row keyed by this pseudonym (log and per-person rollups); the aggregate counts
    (stats_daily, stats_kinds), which name nobody, keep what the person did."""
    _CLOSED.of(db).clear()  # the kept figures of closed days counted the person (other instances: GENERATION)
    async with db.transaction() as conn:
        newest = await read_one(conn, "SELECT id, at FROM interactions ORDER BY id DESC LIMIT 1")
        for table in PERSON_KEYED:
            await conn.execute(f"DELETE FROM {table} WHERE user_key = ?", (user_key,))
        left = (await read_one(conn, "SELECT MAX(id) FROM interactions"))[0]
        if newest is not None and (left is None or left < newest[0]):
            # SQLite numbers the next row after the largest id left: without this mark naming nobody, the
            # next actions would reuse ids at or below the rollup's watermark and never be counted
            await conn.execute("INSERT INTO interactions(id, at, user_key, kind) VALUES (?, ?, ?, ?)",
                               (newest[0], newest[1], ERASED_KEY, ERASED_KIND))
        await conn.execute(BUMP, (GENERATION,))


async def search_keys(db: Database) -> list[str]:
    """The distinct keys stored for searches (met or not) in the log."""
    rows = await db.fetchall(
        f"SELECT DISTINCT key FROM interactions WHERE kind IN {SEARCH_KINDS!r} AND key IS NOT NULL"
    )
    return [r[0] for r in rows]


async def rekey_searches(db: Database, new_keys: dict[str, str]) -> None:
    """Replace stored search keys of the log (old → new), in one transaction."""
    async with db.transaction() as conn:
        await conn.executemany(
            f"UPDATE interactions SET key = ? WHERE kind IN {SEARCH_KINDS!r} AND key = ?",
            [(new, old) for old, new in new_keys.items()],
        )


# ---------------------------------------------------------------- engagement metrics

def _active(region: str | None) -> tuple[str, str, tuple]:
    """The stats_people_day kind and clause for "active people": '*' nationally, '' in a region."""
    return ("*", "", ()) if region is None else ("", " AND region = ?", (region,))


# Distinct people over days cannot be summed from daily counts, and reading every person-day of a
# quarter grows with the log. So a range [first, last] is read as its closed days [first, last - 1],
# computed once and kept (a day before the last one no longer changes once rolled up), plus the last
# day, read live: its people not seen in the closed days (one index lookup each, stats_people_day_person).
_CLOSED = PerDatabase()
_SEEN = PerDatabase()  # the GENERATION the kept figures were computed at


async def _kept(db: Database, key: tuple, compute: Callable[[], Awaitable[Any]]) -> Any:
    """The figure of closed days ``key``, computed once (again when another instance changed closed days)."""
    memo = _CLOSED.of(db)
    generation = await state(db, GENERATION)
    seen = _SEEN.of(db)
    if seen.get(GENERATION) != generation:
        memo.clear()
        seen[GENERATION] = generation
    if key not in memo:
        if len(memo) >= 5_000:
            memo.clear()
        memo[key] = await compute()
    return memo[key]


def _day_before(day: str) -> str:
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


async def _distinct_split(db: Database, kind: str, first: str, last: str, clause: str, params: tuple) -> int:
    """Distinct people of ``kind`` over [first, last] (``clause`` on ``region``): closed days kept, last day live."""
    before = _day_before(last)

    async def closed() -> int:
        return int(await db.scalar(
            f"SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ?{clause}",
            (kind, first, before, *params)) or 0)

    kept = await _kept(db, ("distinct", kind, first, before, clause, params), closed) if first <= before else 0
    same_region = " AND c.region = t.region" if clause else ""
    fresh = await db.scalar(
        f"SELECT COUNT(DISTINCT t.user_key) FROM stats_people_day t WHERE t.kind = ? AND t.day = ?{clause.replace('region', 't.region')}"
        " AND NOT EXISTS (SELECT 1 FROM stats_people_day c WHERE c.kind = t.kind AND c.user_key = t.user_key"
        f" AND c.day BETWEEN ? AND ?{same_region})",
        (kind, last, *params, first, before),
    )
    return kept + int(fresh or 0)


async def _count_split(db: Database, kind: str, first: str, last: str, clause: str, params: tuple) -> int:
    """Rows of ``kind`` over [first, last]: closed days kept, last day live."""
    before = _day_before(last)

    async def closed() -> int:
        return int(await db.scalar(
            f"SELECT COUNT(*) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ?{clause}", (kind, first, before, *params)) or 0)

    kept = await _kept(db, ("count", kind, first, before, clause, params), closed) if first <= before else 0
    live = await db.scalar(f"SELECT COUNT(*) FROM stats_people_day WHERE kind = ? AND day = ?{clause}", (kind, last, *params))
    return kept + int(live or 0)


async def activity(db: Database, first: str, last: str, region: str | None) -> tuple[int, int, int]:
    """(active people, of whom seen for the first time in these days, person-days). In a region: the
    people active there whose very first day (anywhere: they chose the region after arriving) falls
    in these days."""
    kind, clause, params = _active(region)
    active = await _distinct_split(db, kind, first, last, clause, params)
    person_days = await _count_split(db, kind, first, last, clause, params)
    if region is None:
        new = await _count_split(db, "_new", first, last, clause, params)
    else:
        new = int(await db.scalar(
            "SELECT COUNT(DISTINCT d.user_key) FROM stats_people_day d JOIN stats_people p ON p.user_key = d.user_key"
            " WHERE d.kind = '' AND d.region = ? AND d.day BETWEEN ? AND ? AND p.first_day BETWEEN ? AND ?",
            (region, first, last, first, last),
        ) or 0)
    return active, min(new, active), person_days


async def active_people(db: Database, first: str, last: str, region: str | None) -> int:
    kind, clause, params = _active(region)
    return await _distinct_split(db, kind, first, last, clause, params)


async def distinct_people_by_kind(db: Database, kinds: Sequence[str], first: str, last: str, region: str | None) -> dict[str, int]:
    clause, params = _region(region)
    return {k: await _distinct_split(db, k, first, last, clause, params) for k in kinds}


async def distinct_people_any(db: Database, kinds: Sequence[str], first: str, last: str, region: str | None) -> int:
    """People who did at least one of ``kinds`` in these days (each person once)."""
    clause, params = _region(region)
    return int(await db.scalar(
        f"SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind IN ({','.join('?' * len(kinds))})"
        f" AND day BETWEEN ? AND ?{clause}",
        (*kinds, first, last, *params),
    ) or 0)


async def people_by_region(db: Database, kind: str, first: str, last: str) -> dict[str, int]:
    rows = await db.fetchall(
        "SELECT region, COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ? GROUP BY region",
        (kind, first, last),
    )
    return {r[0]: int(r[1]) for r in rows}


async def people_per_week(db: Database, first: str, last: str, region: str | None) -> list[tuple[str, int]]:
    """(Monday of the week, distinct active people that week), for the weeks that touch the days."""
    kind, clause, params = _active(region)
    rows = await db.fetchall(
        f"SELECT {db.dialect.monday('day')} AS monday, COUNT(DISTINCT user_key) FROM stats_people_day"
        f" WHERE kind = ? AND day BETWEEN ? AND ?{clause} GROUP BY 1 ORDER BY 1",
        (kind, first, last, *params),
    )
    return [(r[0], int(r[1])) for r in rows]


async def people_total(db: Database, last: str, region: str | None) -> int:
    """People first seen on or before ``last`` (in a region: active there on or before ``last``)."""
    if region is None:
        return await _count_split(db, "_new", "", last, "", ())
    return int(await db.scalar(
        "SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = '' AND region = ? AND day <= ?", (region, last)
    ) or 0)


async def counts_by_kind(db: Database, first: str, last: str, region: str | None) -> dict[str, int]:
    clause, params = _region(region)
    rows = await db.fetchall(
        f"SELECT kind, SUM(n) FROM stats_kinds WHERE day BETWEEN ? AND ?{clause} GROUP BY kind", (first, last, *params)
    )
    return {r[0]: int(r[1]) for r in rows}


async def top_keys(db: Database, kind: str, first: str, last: str, region: str | None, limit: int = 10) -> list[tuple[str, int]]:
    clause, params = _region(region)
    rows = await db.fetchall(
        f"SELECT key, SUM(n) AS total FROM stats_daily WHERE kind = ? AND day BETWEEN ? AND ?{clause}"
        " GROUP BY key ORDER BY total DESC, key LIMIT ?",
        (kind, first, last, *params, limit),
    )
    return [(r[0], int(r[1])) for r in rows]


async def term_people(db: Database, kind: str, first: str, last: str, region: str | None) -> dict[str, int]:
    """Distinct people per key of ``kind`` (stats_term_people) over the days."""
    clause, params = _region(region)
    rows = await db.fetchall(
        f"SELECT key, COUNT(DISTINCT user_key) FROM stats_term_people WHERE kind = ? AND day BETWEEN ? AND ?{clause} GROUP BY key",
        (kind, first, last, *params),
    )
    return {r[0]: int(r[1]) for r in rows}


async def daily_counts(db: Database, first: str, last: str, region: str | None) -> list[aiosqlite.Row]:
    """(day, region, kind, interactions) for the export."""
    clause, params = _region(region)
    return await db.fetchall(
        f"SELECT day, region, kind, n FROM stats_kinds WHERE day BETWEEN ? AND ?{clause} ORDER BY day, region, kind",
        (first, last, *params),
    )


async def daily_active(db: Database, first: str, last: str, region: str | None) -> list[aiosqlite.Row]:
    """(day, region, distinct active people) for the export."""
    clause, params = _region(region)
    return await db.fetchall(
        f"SELECT day, region, COUNT(*) FROM stats_people_day WHERE kind = '' AND day BETWEEN ? AND ?{clause}"
        " GROUP BY day, region ORDER BY day, region",
        (first, last, *params),
    )


def as_dicts(rows: Iterable[aiosqlite.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]
