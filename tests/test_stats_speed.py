"""Statistics that stay fast as the log grows (issue 11): every query of the views and exports reads
through an index (EXPLAIN QUERY PLAN), and the exports stay byte-identical while formatting less."""

from __future__ import annotations

import datetime as dt

from bot.stats import exports, metrics, rollups
from bot.stats.metrics import Fmt
from bot.stats.periods import fr_date, month, parse_period
from stats_data import seed_log, seed_partnership
from storage import stats as store
from storage.db import Database

FEB = month(2027, 2)
BIG_TABLES = ("interactions", "stats_daily", "stats_kinds", "stats_people_day", "stats_people")


async def _seeded(tmp_path) -> Database:
    db = await Database.open(tmp_path / "stats.db")
    await seed_log(db)
    await seed_partnership(db)
    await rollups.refresh(db)
    return db


async def test_every_statistics_query_reads_through_an_index(tmp_path, catalogue):
    db = await _seeded(tmp_path)
    seen: list[str] = []
    await db.conn.set_trace_callback(seen.append)
    try:
        for period in (FEB, parse_period("trimestre", dt.date(2027, 3, 1))):
            for region in (None, "32"):
                for view in metrics.VIEWS:
                    await metrics.report(db, catalogue, period, region, view)
                await exports.full_export(db, catalogue, period, region, 5)
                await store.people_per_week(db, period.first, period.last, region)
    finally:
        await db.conn.set_trace_callback(None)
    queries = sorted({q for q in seen if q.lstrip().upper().startswith("SELECT")})
    assert len(queries) > 20
    full_scans = []
    for sql in queries:
        plan = [row[3] for row in await db.fetchall("EXPLAIN QUERY PLAN " + sql)]
        full_scans += [(step, sql) for step in plan if step.startswith("SCAN") and step.split()[1] in BIG_TABLES]
    await db.close()
    assert not full_scans, full_scans


def _daily_reference(rows, catalogue, fmt: Fmt) -> list[list[object]]:
    """The daily file's lines as they were computed before (every name and date formatted per line)."""
    names: dict[str, str] = {}
    return [[fr_date(dt.date.fromisoformat(day)), code, names.setdefault(code, exports._region_name(catalogue, code)), kind,
             fmt.cell(count)] for day, code, kind, count in rows]


async def test_the_daily_export_is_byte_identical_to_the_per_line_formatting(tmp_path, catalogue):
    db = await _seeded(tmp_path)
    for region in (None, "32", ""):
        fmt = Fmt(regional=True, threshold=5)
        made = await exports.daily(db, catalogue, FEB, region, fmt)
        rows: list[list[object]] = []
        for day, code, people in await store.daily_active(db, FEB.first, FEB.last, region):
            rows.append([day, code, "personnes_actives", people])
        for day, code, kind, count in await store.daily_counts(db, FEB.first, FEB.last, region):
            rows.append([day, code, "sessions" if kind == "_session" else kind, count])
        rows.sort(key=lambda r: (r[0], r[1], r[2] != "personnes_actives", r[2]))
        from bot import messages

        expected = exports.to_csv(messages.table("stats.daily_header"), _daily_reference(rows, catalogue, fmt))
        assert made.data == expected
        assert made.rows > 0 or region == ""
    await db.close()
