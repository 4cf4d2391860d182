"""Every SQL statement of the statistics: rollups of the interactions log, the indicators' sources,
innovations and the weekly digest's bookkeeping. Days are Europe/Paris 'YYYY-MM-DD' strings;
``region`` None means every region (national), '' the people whose region is not known yet.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from storage.db import Database, placeholders, read_one, region_clause
from storage.kept import CLOSED, LIVE, fresh, kept, live, now_of, split
from storage.rollup import BUMP, FORGET_KEPT, GENERATION, WATERMARK

RULES = "rollup_rules"  # the version of the rollup rules the tables were built with
SEARCH_KINDS = ("search", "search_unmet")
#: Every table holding rows keyed by a person's pseudonym (``user_key``): /oubli deletes them all.
#: A new per-person table must be added here (tests/test_security_erasure.py scans every table).
PERSON_KEYED = ("interactions", "stats_people_day", "stats_people", "stats_term_people")
#: The mark left at the newest id of the log when an erasure deleted it (no person, never rolled up).
ERASED_KEY, ERASED_KIND = "", "erased"


# ---------------------------------------------------------------- rollup (incremental)

async def watermark(db: Database) -> int:
    return int(await db.scalar("SELECT value FROM stats_state WHERE name = ?", (WATERMARK,)) or 0)


def forget_kept_from(db: Database, earliest: str) -> None:
    """The kept figures of closed days from ``earliest`` on are out of date in this process (a rollup
    added to them; stats_kept lost them in the same transaction, storage/kept.py)."""
    memo = CLOSED.of(db)
    for key in [k for k in memo if k != "stamp" and k[2] >= earliest]:
        del memo[key]
    LIVE.of(db).clear()


ROLLUP_TABLES = ("stats_daily", "stats_kinds", "stats_people_day", "stats_people", "stats_term_people", "stats_kept", "stats_state")


async def reset_rollups(db: Database, rules: int | None = None) -> None:
    """Forget every rollup (the next refresh rebuilds them from the whole log); ``rules``: the
    version of the rollup rules the rebuild will follow (bot.stats.rollups.RULES)."""
    CLOSED.of(db).clear()
    LIVE.of(db).clear()
    async with db.transaction() as conn:
        generation = (await read_one(conn, "SELECT value FROM stats_state WHERE name = ?", (GENERATION,)) or (0,))[0]
        for table in ROLLUP_TABLES:
            await conn.execute(f"DELETE FROM {table}")
        # the counter goes on (another instance's kept figures were of the old rollups)
        await conn.execute("INSERT INTO stats_state(name, value) VALUES (?, ?)", (GENERATION, generation + 1))
        if rules is not None:
            await conn.execute("INSERT INTO stats_state(name, value) VALUES (?, ?)", (RULES, rules))


async def state(db: Database, name: str) -> int | None:
    return await db.scalar("SELECT value FROM stats_state WHERE name = ?", (name,))


#: A person's first day in stats_people_day, one index lookup per kind (every row shares its day with a row
#: of a kind logged that day, in stats_kinds, or is '' / '*'): a scan of the table by user_key would read it all.
FIRST_PERSON_DAY = (
    "SELECT MIN(m) FROM (SELECT (SELECT MIN(d.day) FROM stats_people_day d WHERE d.kind = k.kind AND d.user_key = ?) AS m"
    " FROM (SELECT DISTINCT kind FROM stats_kinds UNION SELECT '' UNION SELECT '*') AS k) AS f")


async def forget_person(db: Database, user_key: str) -> None:
    """Delete every row keyed by this pseudonym (log and per-person rollups); the aggregate counts
    (stats_daily, stats_kinds), which name nobody, keep what the person did."""
    CLOSED.of(db).clear()  # the kept figures of closed days counted the person (other instances: GENERATION)
    LIVE.of(db).clear()
    async with db.transaction() as conn:
        newest = await read_one(conn, "SELECT id, at FROM interactions ORDER BY id DESC LIMIT 1")
        since = await read_one(conn, FIRST_PERSON_DAY, (user_key,))
        await conn.execute(FORGET_KEPT, (since[0] or "",))  # the kept figures that may have counted them
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
# quarter grows with the log. So a range [first, last] is read as its closed days (those before the
# newest day rolled up, which no longer change: rows logged late and erasures delete their kept figures,
# storage/kept.py), computed once and kept in stats_kept for every instance (and in each process), plus
# the live days after them, read through a histogram of their people by the previous day each was seen
# (one index lookup per person, stats_people_day_person), kept in the process until the log moves.
async def kept_stamp(db: Database) -> tuple[str | None, int]:
    """(newest day rolled up, generation): the figures of closed days stay the same while it does."""
    now = await now_of(db)
    return now.newest, now.generation


def _scope(region: str | None) -> str:
    return "all" if region is None else f"@{region}"


async def _people(db: Database, kinds: tuple[str, ...], first: str, last: str, region: str | None, newcomers: bool = False) -> int:
    """Distinct people of ``kinds`` over [first, last] (``region``: that region's days); ``newcomers``:
    only those first seen (anywhere) in [first, last]."""
    now = await now_of(db)
    until, live_first = split(now, first, last)
    clause, params = region_clause(region)
    total = 0
    if until is not None:
        if newcomers:
            sql = ("SELECT COUNT(DISTINCT d.user_key) FROM stats_people_day d JOIN stats_people p ON p.user_key = d.user_key"
                   f" WHERE d.kind IN ({placeholders(kinds)}) AND d.day BETWEEN ? AND ?{clause.replace('region', 'd.region')}"
                   " AND p.first_day BETWEEN ? AND ?")
            args: tuple = (*kinds, first, until, *params, first, last)
        else:
            sql = f"SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind IN ({placeholders(kinds)}) AND day BETWEEN ? AND ?{clause}"
            args = (*kinds, first, until, *params)
        name = f"{'new<=' + last if newcomers else 'people'}|{'+'.join(kinds)}|{_scope(region)}"
        total = await kept(db, now, name, first, until, lambda: _count(db, sql, args))
    if live_first is not None:
        rows = await live(db, now, kinds, live_first, last, region)
        total += sum(fresh(rows, first, last if newcomers else None).values())
    return total


async def _count(db: Database, sql: str, args: tuple) -> int:
    return int(await db.scalar(sql, args) or 0)


async def _person_days(db: Database, kind: str, first: str, last: str, region: str | None) -> int:
    """Rows of ``kind`` over [first, last]: closed days kept, live days counted."""
    now = await now_of(db)
    until, live_first = split(now, first, last)
    clause, params = region_clause(region)
    sql = f"SELECT COUNT(*) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ?{clause}"
    total = 0
    if until is not None:
        total = await kept(db, now, f"rows|{kind}|{_scope(region)}", first, until, lambda: _count(db, sql, (kind, first, until, *params)))
    if live_first is not None:
        total += await _count(db, sql, (kind, live_first, last, *params))
    return total


async def activity(db: Database, first: str, last: str, region: str | None) -> tuple[int, int, int]:
    """(active people, of whom seen for the first time in these days, person-days). In a region: the
    people active there whose very first day (anywhere: they chose the region after arriving) falls
    in these days."""
    kind = _active(region)[0]
    active = await _people(db, (kind,), first, last, region)
    person_days = await _person_days(db, kind, first, last, region)
    if region is None:
        new = await _person_days(db, "_new", first, last, None)
    else:
        new = await _people(db, ("",), first, last, region, newcomers=True)
    return active, min(new, active), person_days


async def active_people(db: Database, first: str, last: str, region: str | None) -> int:
    return await _people(db, (_active(region)[0],), first, last, region)


async def distinct_people_by_kind(db: Database, kinds: Sequence[str], first: str, last: str, region: str | None) -> dict[str, int]:
    return {k: await _people(db, (k,), first, last, region) for k in kinds}


async def distinct_people_any(db: Database, kinds: Sequence[str], first: str, last: str, region: str | None) -> int:
    """People who did at least one of ``kinds`` in these days (each person once)."""
    return await _people(db, tuple(kinds), first, last, region)


async def people_by_region(db: Database, kind: str, first: str, last: str) -> dict[str, int]:
    """Distinct people of ``kind`` per region over the days (regions with someone, by code)."""
    now = await now_of(db)
    until, live_first = split(now, first, last)
    found: dict[str, int] = {}
    if until is not None:
        async def closed() -> dict[str, int]:
            rows = await db.fetchall(
                "SELECT region, COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ? GROUP BY region",
                (kind, first, until))
            return {r[0]: int(r[1]) for r in rows}

        found = dict(await kept(db, now, f"regions|{kind}", first, until, closed))
    if live_first is not None:
        for code, n in fresh(await live(db, now, (kind,), live_first, last, True), first).items():
            found[code] = found.get(code, 0) + n
    return {code: n for code, n in sorted(found.items()) if n}


async def people_per_week(db: Database, first: str, last: str, region: str | None) -> list[tuple[str, int]]:
    """(Monday of the week, distinct active people that week), for the weeks that touch the days and
    have someone (each closed week kept)."""
    kind = _active(region)[0]
    start, end = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    monday = start - dt.timedelta(days=start.weekday())
    weeks = []
    while monday <= end:
        sunday = monday + dt.timedelta(days=6)
        n = await _people(db, (kind,), max(start, monday).isoformat(), min(end, sunday).isoformat(), region)
        if n:
            weeks.append((monday.isoformat(), n))
        monday += dt.timedelta(days=7)
    return weeks


async def people_total(db: Database, last: str, region: str | None) -> int:
    """People first seen on or before ``last`` (in a region: active there on or before ``last``)."""
    if region is None:
        return await _person_days(db, "_new", "", last, None)
    return await _people(db, ("",), "", last, region)


async def _sums(db: Database, name: str, sql: str, params: tuple, first: str, last: str) -> dict[str, int]:
    """The sums per key of ``sql`` (the days its first two parameters, then ``params``) over [first, last]:
    closed days kept (as ``name``), live days summed."""
    now = await now_of(db)
    until, live_first = split(now, first, last)

    async def read(a: str, b: str) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in await db.fetchall(sql, (a, b, *params))}

    found: dict[str, int] = {}
    if until is not None:
        found = dict(await kept(db, now, name, first, until, lambda: read(first, until)))
    if live_first is not None:
        for key, n in (await read(live_first, last)).items():
            found[key] = found.get(key, 0) + n
    return found


async def counts_by_kind(db: Database, first: str, last: str, region: str | None) -> dict[str, int]:
    """Interactions per kind over the days."""
    clause, params = region_clause(region)
    return await _sums(db, f"kinds|{_scope(region)}", f"SELECT kind, SUM(n) FROM stats_kinds WHERE day BETWEEN ? AND ?{clause} GROUP BY kind",
                       params, first, last)


async def top_keys(db: Database, kind: str, first: str, last: str, region: str | None, limit: int = 10) -> list[tuple[str, int]]:
    """The ``limit`` most frequent keys of ``kind`` over the days (ties by key), from every key's sum."""
    clause, params = region_clause(region)
    sums = await _sums(db, f"keys|{kind}|{_scope(region)}",
                       f"SELECT key, SUM(n) FROM stats_daily WHERE day BETWEEN ? AND ? AND kind = ?{clause} GROUP BY key",
                       (kind, *params), first, last)
    return sorted(sums.items(), key=lambda item: (-item[1], item[0]))[:limit]


async def term_people(db: Database, kind: str, first: str, last: str, region: str | None) -> dict[str, int]:
    """Distinct people per key of ``kind`` (stats_term_people) over the days: closed days kept, plus the
    people of the live days not seen with the same key (and region) in the closed days."""
    now = await now_of(db)
    until, live_first = split(now, first, last)
    clause, params = region_clause(region)
    sql = f"SELECT key, COUNT(DISTINCT user_key) FROM stats_term_people WHERE kind = ? AND day BETWEEN ? AND ?{clause} GROUP BY key"
    if until is None:
        return {r[0]: int(r[1]) for r in await db.fetchall(sql, (kind, first, last, *params))}

    async def closed() -> dict[str, int]:
        return {r[0]: int(r[1]) for r in await db.fetchall(sql, (kind, first, until, *params))}

    found = dict(await kept(db, now, f"terms|{kind}|{_scope(region)}", first, until, closed))
    if live_first is not None:
        same_region = " AND c.region = t.region" if region is not None else ""
        live = (live_first, last)
        # the keys of the live days come from stats_daily (kind, day first): stats_term_people is keyed by
        # (kind, key, day), so a range of days alone would read every row of the kind
        rows = await db.fetchall(
            "SELECT t.key, COUNT(DISTINCT t.user_key) FROM stats_term_people t WHERE t.kind = ?"
            " AND t.key IN (SELECT key FROM stats_daily WHERE kind = ? AND day BETWEEN ? AND ?) AND t.day BETWEEN ? AND ?"
            f"{clause.replace('region', 't.region')} AND NOT EXISTS (SELECT 1 FROM stats_term_people c WHERE c.kind = t.kind"
            f" AND c.key = t.key AND c.day BETWEEN ? AND ? AND c.user_key = t.user_key{same_region}) GROUP BY t.key",
            (kind, kind, *live, *live, *params, first, until))
        for key, n in rows:
            found[key] = found.get(key, 0) + int(n)
    return found


async def daily_counts(db: Database, first: str, last: str, region: str | None) -> list[aiosqlite.Row]:
    """(day, region, kind, interactions) for the export."""
    clause, params = region_clause(region)
    return await db.fetchall(
        f"SELECT day, region, kind, n FROM stats_kinds WHERE day BETWEEN ? AND ?{clause} ORDER BY day, region, kind",
        (first, last, *params),
    )


async def daily_active(db: Database, first: str, last: str, region: str | None) -> list[aiosqlite.Row]:
    """(day, region, distinct active people) for the export."""
    clause, params = region_clause(region)
    return await db.fetchall(
        f"SELECT day, region, COUNT(*) FROM stats_people_day WHERE kind = '' AND day BETWEEN ? AND ?{clause}"
        " GROUP BY day, region ORDER BY day, region",
        (first, last, *params),
    )


def as_dicts(rows: Iterable[aiosqlite.Row]) -> list[dict[str, Any]]:
    return [dict(r) for r in rows]
