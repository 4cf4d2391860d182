"""The rollup of the interactions log into the statistics tables, set-based: one batch of the log (an
``id`` range) is read once into a scratch table with its Paris day, session and first-visit marks
(window functions), then every statistics table is fed by one ``INSERT … SELECT … GROUP BY``.

The same SQL runs on SQLite and PostgreSQL: the Paris day of a Unix time comes from ``stats_hours``
(one row per UTC hour, filled from Python's zoneinfo; Paris offsets are whole hours), not from a
date function of either engine. What the rows mean (sessions, implied steps...) is decided by the
caller's :class:`Rules` (bot/stats/rollups.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from storage.db import Database, read_one

WATERMARK = "interactions_id"
#: Bumped when rolled-up days before the newest one change (rows logged late, an erasure), on any
#: instance: the figures of closed days kept in a process (storage/stats.py) are then computed again.
GENERATION = "kept_generation"
BUMP = ("INSERT INTO stats_state(name, value) VALUES (?, 1)"
        " ON CONFLICT(name) DO UPDATE SET value = stats_state.value + 1")
#: The figures of closed days kept from a day on (storage/kept.py) go with the rows that change those days.
FORGET_KEPT = "DELETE FROM stats_kept WHERE last_day >= ?"
#: The index of migration 0010 (a person's days, for the live day of a range): a long catch-up (the first
#: full rollup) drops it and builds it again once at the end, which is cheaper than updating it row by row.
PERSON_INDEX = "stats_people_day_person"
ROLLED_UP = ("stats_daily", "stats_kinds", "stats_people_day", "stats_people", "stats_term_people")
PERSON_INDEX_SQL = f"CREATE INDEX IF NOT EXISTS {PERSON_INDEX} ON stats_people_day(kind, user_key, day)"
_NAME = re.compile(r"^[a-z_*]*$")


@dataclass(frozen=True)
class Rules:
    """What the rollup counts (the constants of bot/stats/rollups.py)."""

    session_gap: int                    # seconds of silence that start a new session
    bot_kinds: frozenset[str]           # logged by the bot about a person: never activity, a session or a visit
    steps: tuple[tuple[str, str], ...]  # (kind done, person-day kind it counts as): each counted kind and what it implies
    term_kinds: frozenset[str]          # distinct people per key
    announced: tuple[str, str]          # (kind, step): a broadcast that announced an event counts as this step
    anywhere: str = "*"                 # stats_people_day kind: active that day anywhere
    new: str = "_new"                   # stats_people_day kind: first day seen


def _names(values: Iterable[str]) -> str:
    """A literal SQL list of kind names (constants of the code, checked)."""
    names = sorted(values)
    assert names and all(_NAME.match(n) for n in names), names
    return ", ".join(f"'{n}'" for n in names)


SCRATCH = (
    "CREATE TEMP TABLE IF NOT EXISTS stats_batch (id INTEGER NOT NULL, at INTEGER NOT NULL, day TEXT NOT NULL,"
    " user_key TEXT NOT NULL, kind TEXT NOT NULL, key TEXT NOT NULL, region TEXT NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS stats_marks (id INTEGER PRIMARY KEY, upto_at INTEGER NOT NULL, day TEXT NOT NULL, region TEXT NOT NULL,"
    " user_key TEXT NOT NULL, new_session INTEGER NOT NULL, new_visit INTEGER NOT NULL, newcomer INTEGER NOT NULL,"
    " new_day INTEGER NOT NULL, new_place INTEGER NOT NULL, late INTEGER NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS stats_seq (n INTEGER PRIMARY KEY, id INTEGER NOT NULL, at INTEGER NOT NULL, day TEXT NOT NULL,"
    " region TEXT NOT NULL, user_key TEXT NOT NULL)",
    "CREATE TEMP TABLE IF NOT EXISTS stats_counts (kind TEXT NOT NULL, day TEXT NOT NULL, region TEXT NOT NULL, key TEXT NOT NULL, n INTEGER NOT NULL)",
)

# The batch with its Paris day: one read of the log.
BATCH = """
INSERT INTO stats_batch(id, at, day, user_key, kind, key, region)
SELECT i.id, i.at, h.day, i.user_key, i.kind, COALESCE(i.key, ''), COALESCE(i.region, '')
FROM interactions i JOIN stats_hours h ON h.hour = i.at / 3600
WHERE i.id > ? AND i.id <= ? AND i.user_key <> ''"""


# The person's own actions of the batch numbered in (person, log) order (rowid: SQLite only, see
# Dialect.neighbours_by_number), so that the previous and the next action of the same person are the rows
# numbered one less and one more.
def _sequence(rules: Rules) -> str:
    return f"""
INSERT INTO stats_seq(n, id, at, day, region, user_key)
SELECT NULL, id, at, day, region, user_key FROM stats_batch WHERE kind NOT IN ({_names(rules.bot_kinds)})
ORDER BY user_key, id"""


def _marks(rules: Rules, in_order: bool, by_number: bool) -> str:
    """A person's own actions (not the bot's rows) that start something, with their marks: a new session
    (after ``session_gap`` seconds of silence or on another day than the latest earlier action), a new
    visit (a new session or another region than the previous action), a newcomer (first action ever);
    for the person-days, the first of the batch on its day (``new_day``: the previous action of the batch
    is on another day, or there is none) or on its day in its region (``new_place``): every (day, region,
    person) of the batch has such a row. The person's last action of the batch is kept too, with the
    latest time up to it (``upto_at``), for stats_people; the other actions (most of them: the same
    session, day and region as the previous one) are not written. The state before the batch (latest
    action, its region) comes from stats_people.

    ``in_order``: the latest earlier time is taken to be the previous action's (or, for the person's first
    action of the batch, stats_people's), which holds while the person's actions are logged in time
    order; an action logged before that time is written with ``late`` = 1, and the caller then marks the
    batch again without ``in_order``: the latest earlier time is then a running MAX over the person's
    earlier actions (exact, a costly window on SQLite). ``by_number``: the previous and next actions come
    from stats_seq (:func:`_sequence`, two lookups by number), else from window functions."""
    gap = int(rules.session_gap)
    late, first = ("CASE WHEN m.prev_at > m.at THEN 1 ELSE 0 END", " AND w.w_at IS NULL") if in_order else ("0", "")
    if in_order and by_number:
        actions = """SELECT s.id, s.at, s.day, s.region, s.user_key, q.region AS w_region, q.day AS w_day, r.id AS w_next, q.at AS w_at
      FROM stats_seq s LEFT JOIN stats_seq q ON q.n = s.n - 1 AND q.user_key = s.user_key
      LEFT JOIN stats_seq r ON r.n = s.n + 1 AND r.user_key = s.user_key"""
    else:
        latest, earlier = ("LAG(at) OVER mine", "") if in_order else (
            "MAX(at) OVER earlier", ",\n             earlier AS (PARTITION BY user_key ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)")
        actions = f"""SELECT id, at, day, region, user_key, LAG(region) OVER mine AS w_region, LAG(day) OVER mine AS w_day,
             LEAD(id) OVER mine AS w_next, {latest} AS w_at
      FROM stats_batch WHERE kind NOT IN ({_names(rules.bot_kinds)})
      WINDOW mine AS (PARTITION BY user_key ORDER BY id){earlier}"""
    return f"""
INSERT INTO stats_marks(id, upto_at, day, region, user_key, new_session, new_visit, newcomer, new_day, new_place, late)
SELECT id, upto_at, day, region, user_key, new_session, new_visit, newcomer, new_day, new_place, late FROM (
  SELECT m.id, m.day, m.region, m.user_key, m.w_next,
         CASE WHEN m.w_at IS NULL OR m.at > m.w_at THEN m.at ELSE m.w_at END AS upto_at,
         CASE WHEN m.prev_at IS NULL OR m.at - m.prev_at > {gap} OR hp.day <> m.day THEN 1 ELSE 0 END AS new_session,
         CASE WHEN m.prev_at IS NULL OR m.at - m.prev_at > {gap} OR hp.day <> m.day OR m.region <> m.prev_region THEN 1 ELSE 0 END AS new_visit,
         CASE WHEN m.prev_region IS NULL THEN 1 ELSE 0 END AS newcomer,
         CASE WHEN m.w_day IS NULL OR m.w_day <> m.day THEN 1 ELSE 0 END AS new_day,
         CASE WHEN m.w_day IS NULL OR m.w_day <> m.day OR m.w_region <> m.region THEN 1 ELSE 0 END AS new_place,
         {late} AS late
  FROM (
    SELECT w.id, w.at, w.day, w.region, w.user_key, w.w_day, w.w_region, w.w_at, w.w_next,
           CASE WHEN w.w_at IS NULL THEN p.last_at WHEN p.last_at IS NULL OR w.w_at > p.last_at THEN w.w_at ELSE p.last_at END AS prev_at,
           COALESCE(w.w_region, p.region) AS prev_region
    FROM (
      {actions}
    ) AS w LEFT JOIN stats_people p ON p.user_key = w.user_key{first}
  ) AS m LEFT JOIN stats_hours hp ON hp.hour = m.prev_at / 3600
) AS marked WHERE new_visit = 1 OR new_place = 1 OR w_next IS NULL OR late = 1"""


# Interactions per kind, day, region and key, with the sessions and visits.
COUNTS = """
INSERT INTO stats_counts(kind, day, region, key, n)
SELECT kind, day, region, key, COUNT(*) FROM stats_batch GROUP BY kind, day, region, key
UNION ALL SELECT '_session', day, region, '', COUNT(*) FROM stats_marks WHERE new_session = 1 GROUP BY day, region
UNION ALL SELECT '_visit', day, region, '', COUNT(*) FROM stats_marks WHERE new_visit = 1 GROUP BY day, region"""


def _people_days(rules: Rules) -> str:
    """Who was active (in the region, anywhere, for the first time) and who did each counted kind (or a
    kind that implies it), each day."""
    counted: dict[str, list[str]] = {}
    for done, step in rules.steps:
        counted.setdefault(step, []).append(done)
    kind, step = rules.announced
    assert _NAME.match(kind + step + rules.anywhere + rules.new)
    did = "".join(f"\n  UNION ALL SELECT '{s}', day, region, user_key FROM stats_batch WHERE kind IN ({_names(done)})"
                  for s, done in sorted(counted.items()) if done != [s])
    return f"""
INSERT INTO stats_people_day(kind, day, region, user_key)
SELECT kind, day, region, user_key FROM (
  SELECT '' AS kind, day, region, user_key FROM stats_marks WHERE new_place = 1
  UNION ALL SELECT '{rules.anywhere}', day, '', user_key FROM stats_marks WHERE new_day = 1
  UNION ALL SELECT '{rules.new}', day, region, user_key FROM stats_marks WHERE newcomer = 1
  UNION ALL SELECT kind, day, region, user_key FROM stats_batch WHERE kind IN ({_names(s for s, done in counted.items() if s in done)}){did}
  UNION ALL SELECT '{step}', day, region, user_key FROM stats_batch
            WHERE kind = '{kind}' AND key IN (SELECT CAST(id AS TEXT) FROM broadcasts WHERE event_id IS NOT NULL)
) AS done WHERE 1 = 1 GROUP BY kind, day, region, user_key
ON CONFLICT DO NOTHING"""


def _paris_days(first_hour: int, last_hour: int) -> list[tuple[int, str]]:
    paris = ZoneInfo("Europe/Paris")
    return [(h, dt.datetime.fromtimestamp(h * 3600, paris).date().isoformat()) for h in range(first_hour, last_hour + 1)]


#: The first and last time of a batch of the log, read through its ids' range: MIN / MAX(at) of the whole
#: log was a scan of it on SQLite, most of a /stats view after new actions (50 ms at 1 M interactions,
#: 270 at 5 M); ``at + 0`` keeps PostgreSQL from reading MIN(at) along the index on ``at`` while
#: filtering the ids (most of the log: 90 ms at 1 M).
BATCH_TIMES = "SELECT MIN(at + 0), MAX(at + 0) FROM interactions WHERE id > ? AND id <= ?"


async def _cover_hours(conn, mark: int, hi: int) -> None:
    """stats_hours holds every hour of the rolled-up log (a contiguous range: each rolled-up ``at`` is in it)."""
    log = await read_one(conn, BATCH_TIMES, (mark, hi))
    have = await read_one(conn, "SELECT MIN(hour), MAX(hour) FROM stats_hours")
    if log is None or log[0] is None:
        return
    first, last = log[0] // 3600, log[1] // 3600
    if have[0] is not None:
        missing = [(first, have[0] - 1), (have[1] + 1, last)]
    else:
        missing = [(first, last)]
    rows = [row for a, b in missing if a <= b for row in _paris_days(a, b)]
    if rows:
        await conn.executemany("INSERT INTO stats_hours(hour, day) VALUES (?, ?) ON CONFLICT DO NOTHING", rows)


async def roll_batch(db: Database, rules: Rules, batch: int) -> tuple[int, bool, str | None]:
    """Roll up the next ``batch`` ids of the log and move the watermark, in one write transaction.
    Returns (interactions added, True when the log is all rolled up, the earliest day touched)."""
    async with db.transaction() as conn:
        row = await read_one(conn, "SELECT value FROM stats_state WHERE name = ?", (WATERMARK,))
        mark = row[0] if row else 0
        top = (await read_one(conn, "SELECT MAX(id) FROM interactions"))[0]
        if top is None or top <= mark:
            return 0, True, None
        hi = min(mark + batch, top)
        await _cover_hours(conn, mark, hi)
        for table in SCRATCH:
            await conn.execute(db.dialect.ddl(table))
        newest = (await read_one(conn, "SELECT MAX(day) FROM stats_kinds"))[0] or ""
        added = (await conn.execute(BATCH, (mark, hi))).rowcount
        earliest = None
        if added:
            earliest, latest = await read_one(conn, "SELECT MIN(day), MAX(day) FROM stats_batch")
            if earliest < max(newest, latest):
                await conn.execute(BUMP, (GENERATION,))
                await conn.execute(FORGET_KEPT, (earliest,))
            by_number = db.dialect.neighbours_by_number
            if by_number:
                await conn.execute(_sequence(rules))
            await conn.execute(_marks(rules, in_order=True, by_number=by_number))
            if await read_one(conn, "SELECT 1 FROM stats_marks WHERE late = 1"):  # rows logged out of time order
                await conn.execute("DELETE FROM stats_marks")
                await conn.execute(_marks(rules, in_order=False, by_number=by_number))
            await conn.execute(COUNTS)
            await conn.execute(
                "INSERT INTO stats_daily(kind, day, region, key, n) SELECT kind, day, region, key, n FROM stats_counts WHERE 1 = 1"
                " ON CONFLICT(kind, day, region, key) DO UPDATE SET n = stats_daily.n + excluded.n")
            await conn.execute(
                "INSERT INTO stats_kinds(day, region, kind, n) SELECT day, region, kind, SUM(n) FROM stats_counts GROUP BY day, region, kind"
                " ON CONFLICT(day, region, kind) DO UPDATE SET n = stats_kinds.n + excluded.n")
            await conn.execute(_people_days(rules))
            await conn.execute(
                "INSERT INTO stats_term_people(kind, key, day, region, user_key) SELECT kind, key, day, region, user_key FROM stats_batch"
                f" WHERE kind IN ({_names(rules.term_kinds - rules.bot_kinds)}) GROUP BY kind, key, day, region, user_key ON CONFLICT DO NOTHING")
            await conn.execute(  # first day (kept), latest action, region of the last action
                "INSERT INTO stats_people(user_key, first_day, last_at, region)"
                " SELECT g.user_key, f.day, g.last_at, l.region FROM (SELECT user_key, MIN(id) AS first_id, MAX(id) AS last_id,"
                " MAX(upto_at) AS last_at FROM stats_marks GROUP BY user_key) AS g"
                " JOIN stats_marks f ON f.id = g.first_id JOIN stats_marks l ON l.id = g.last_id WHERE 1 = 1"
                " ON CONFLICT(user_key) DO UPDATE SET region = excluded.region,"
                " last_at = CASE WHEN excluded.last_at > stats_people.last_at THEN excluded.last_at ELSE stats_people.last_at END")
            for table in ("stats_batch", "stats_seq", "stats_marks", "stats_counts"):
                await conn.execute(db.dialect.empty(table))
        await conn.execute(
            "INSERT INTO stats_state(name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = excluded.value", (WATERMARK, hi))
    return added, hi == top, earliest


async def pending(db: Database) -> int:
    """How many ids of the log are not rolled up yet."""
    mark = await db.scalar("SELECT value FROM stats_state WHERE name = ?", (WATERMARK,)) or 0
    top = await db.scalar("SELECT MAX(id) FROM interactions") or 0
    return max(0, top - mark)


@asynccontextmanager
async def bulk(db: Database, drop_index: bool) -> AsyncIterator[None]:
    """With ``drop_index``: without the person index while inside, built again on the way out (even after
    an error; and by the next rollup if the process died meanwhile)."""
    if drop_index:
        async with db.transaction() as conn:
            await conn.execute(f"DROP INDEX IF EXISTS {PERSON_INDEX}")
    try:
        yield
    finally:
        async with db.transaction() as conn:
            await conn.execute(PERSON_INDEX_SQL)


async def analyze(db: Database) -> None:
    """Fresh planner statistics of the rollup tables after many rows were added (PostgreSQL: until
    autovacuum's next pass, a table filled in bulk is planned as if empty, and the range queries of
    the views took seconds instead of milliseconds; SQLite plans without statistics)."""
    for table in ROLLED_UP:
        if statement := db.dialect.analyze(table):
            await db.execute(statement)
