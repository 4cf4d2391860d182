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
        sessions, other = ("_session", "_visit") if region is None else ("_visit", "_session")  # the scope's sessions
        for day, code, kind, count in await store.daily_counts(db, FEB.first, FEB.last, region):
            if kind != other:
                rows.append([day, code, "sessions" if kind == sessions else kind, count])
        rows.sort(key=lambda r: (r[0], r[1], r[2] != "personnes_actives", r[2]))
        from bot import messages

        expected = exports.to_csv(messages.table("stats.daily_header"), _daily_reference(rows, catalogue, fmt))
        assert made.data == expected
        assert made.rows > 0 or region == ""
    await db.close()


async def _direct(db, kind, first, last, clause="", params=()):
    row = await db.fetchone(
        f"SELECT COUNT(DISTINCT user_key), COUNT(*) FROM stats_people_day WHERE kind = ? AND day BETWEEN ? AND ?{clause}",
        (kind, first, last, *params))
    return int(row[0]), int(row[1])


async def test_closed_days_kept_plus_the_last_day_live_equal_reading_every_day(tmp_path):
    """Distinct people over a range = the kept figure of its closed days + the last day's newcomers."""
    db = await _seeded(tmp_path)
    days = [r[0] for r in await db.fetchall("SELECT DISTINCT day FROM stats_people_day ORDER BY day")]
    ranges = [(a, b) for i, a in enumerate(days) for b in days[i:]]
    assert len(ranges) > 10
    for _ in range(2):  # the second time from the kept figures
        for first, last in ranges:
            for region in (None, "32", "11"):
                active, new, person_days = await store.activity(db, first, last, region)
                kind, clause, params = ("*", "", ()) if region is None else ("", " AND region = ?", (region,))
                assert (active, person_days) == await _direct(db, kind, first, last, clause, params), (first, last, region)
                assert new == min(active, (await _direct(db, "_new", first, last, clause, params))[1])
                by_kind = await store.distinct_people_by_kind(db, ("job_view", "search"), first, last, region)
                for k, n in by_kind.items():
                    clause, params = ("", ()) if region is None else (" AND region = ?", (region,))
                    assert n == (await _direct(db, k, first, last, clause, params))[0], (k, first, last, region)
    await db.close()


async def test_rows_logged_late_for_a_closed_day_update_the_kept_figures(tmp_path):
    from storage import interactions
    from stats_data import ts

    db = await _seeded(tmp_path)
    before = await store.active_people(db, FEB.first, FEB.last, None)
    await interactions.insert_many(db, [(ts(2027, 2, 3, 9), "late-person", "menu", None, "32", None)])
    await rollups.refresh(db)
    assert await store.active_people(db, FEB.first, FEB.last, None) == before + 1
    await db.close()
