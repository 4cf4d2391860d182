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


async def _reference(db, first, last, region):
    """The figures as every view read them before they were kept: one query over every day of the range."""
    clause, params = ("", ()) if region is None else (" AND region = ?", (region,))
    kinds = await db.fetchall(f"SELECT kind, SUM(n) FROM stats_kinds WHERE day BETWEEN ? AND ?{clause} GROUP BY kind",
                              (first, last, *params))
    searchers = await db.scalar(f"SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind IN ('search', 'search_unmet')"
                                f" AND day BETWEEN ? AND ?{clause}", (first, last, *params))
    kind = "*" if region is None else ""
    weeks = await db.fetchall(
        f"SELECT {db.dialect.monday('day')} AS monday, COUNT(DISTINCT user_key) FROM stats_people_day"
        f" WHERE kind = ? AND day BETWEEN ? AND ?{clause} GROUP BY 1 ORDER BY 1", (kind, first, last, *params))
    regions = await db.fetchall("SELECT region, COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = '' AND day BETWEEN ? AND ?"
                                " GROUP BY region ORDER BY region", (first, last))
    if region is None:
        total = await db.scalar("SELECT COUNT(*) FROM stats_people_day WHERE kind = '_new' AND day <= ?", (last,))
    else:
        total = await db.scalar("SELECT COUNT(DISTINCT user_key) FROM stats_people_day WHERE kind = '' AND region = ? AND day <= ?",
                                (region, last))
    new = await db.scalar(
        "SELECT COUNT(DISTINCT d.user_key) FROM stats_people_day d JOIN stats_people p ON p.user_key = d.user_key"
        " WHERE d.kind = '' AND d.region = ? AND d.day BETWEEN ? AND ? AND p.first_day BETWEEN ? AND ?",
        (region, first, last, first, last)) if region is not None else None
    return ({r[0]: int(r[1]) for r in kinds}, int(searchers or 0), [(r[0], int(r[1])) for r in weeks],
            {r[0]: int(r[1]) for r in regions}, int(total or 0), new)


async def _views(db, first, last, region):
    new = (await store.activity(db, first, last, region))[1] if region is not None else None
    if new is not None:  # activity caps « new » at the active people: compare the uncapped count
        new = await store._people(db, ("",), first, last, region, newcomers=True)
    return (await store.counts_by_kind(db, first, last, region),
            await store.distinct_people_any(db, ("search", "search_unmet"), first, last, region),
            await store.people_per_week(db, first, last, region), await store.people_by_region(db, "", first, last),
            await store.people_total(db, last, region), new)


async def test_every_kept_figure_equals_reading_every_day_on_both_engines(database_url):
    """Interactions per kind, people who search, people per week and per region, people since the start,
    newcomers of a region: the kept figures of closed days plus the live days give the figures of one
    query over the whole range, for ranges ending on the newest day, before it and after it."""
    from stats_data import seed_log

    db = await Database.open(database_url)
    try:
        await seed_log(db)
        await rollups.refresh(db)
        days = [r[0] for r in await db.fetchall("SELECT DISTINCT day FROM stats_people_day ORDER BY day")]
        ranges = [(a, b) for i, a in enumerate(days) for b in days[i:]] + [(days[0], "2027-03-05"), ("2027-02-26", "2027-03-03")]
        for _ in range(2):  # the second time from the kept figures
            for first, last in ranges:
                for region in (None, "32", "11", ""):
                    assert await _views(db, first, last, region) == await _reference(db, first, last, region), (first, last, region)
        assert await db.scalar("SELECT COUNT(*) FROM stats_kept") > 0
    finally:
        await db.close()


async def test_a_figure_kept_by_one_instance_is_read_by_another_and_an_erasure_removes_it(tmp_path):
    """The first view of the day computes the figures of closed days once for every instance (stats_kept);
    an erasure deletes those that counted the person, so a new process cannot read them back."""
    from stats_data import seed_log

    first = await Database.open(tmp_path / "stats.db")
    try:
        await seed_log(first)
        await rollups.refresh(first)
        february = (FEB.first, FEB.last)
        before = await store.active_people(first, *february, None)
        kept = await first.fetchall("SELECT name, first_day, last_day, value FROM stats_kept")
        assert ("people|*|all", *february, str(before)) in [tuple(r) for r in kept]
        second = await Database.open(tmp_path / "stats.db")
        seen: list[str] = []
        await second.conn.set_trace_callback(seen.append)
        assert await store.active_people(second, *february, None) == before
        assert not [q for q in seen if "COUNT(DISTINCT" in q]  # read back, not computed
        await second.close()
        await rollups.forget(first, "u1")
        assert await first.scalar("SELECT COUNT(*) FROM stats_kept WHERE last_day >= '2027-02-01'") == 0
        third = await Database.open(tmp_path / "stats.db")
        assert await store.active_people(third, *february, None) == before - 1
        await third.close()
    finally:
        await first.close()


async def test_the_live_day_follows_new_actions(tmp_path):
    """The live days' people are kept in the process only until the log moves: a newcomer of the newest
    day is counted at the next view, in the quarter, the week and the region."""
    from storage import interactions
    from stats_data import ts

    db = await _seeded(tmp_path)
    quarter = ("2026-12-02", "2027-03-01")
    figures = [await store.active_people(db, *quarter, region) for region in (None, "11")]
    await interactions.insert_many(db, [(ts(2027, 3, 1, 9), "newcomer", "menu", None, "11", None)])
    await rollups.refresh(db)
    assert [await store.active_people(db, *quarter, region) for region in (None, "11")] == [n + 1 for n in figures]
    await db.close()


async def test_the_live_days_the_kept_figures_and_the_erasure_read_through_their_indexes(tmp_path):
    """EXPLAIN QUERY PLAN: the people of the live days find their previous day through the person index
    (one lookup each, never a scan of their days), a kept figure is one primary-key lookup, the live
    days' people per search term are read key by key (not every row of the kind), and an erasure finds
    the person's first day through the person index, kind by kind."""
    db = await _seeded(tmp_path)
    seen: list[str] = []
    await db.conn.set_trace_callback(seen.append)
    try:
        for region in (None, "32"):
            await store.activity(db, "2026-12-02", "2027-03-01", region)
        await store.people_by_region(db, "", "2026-12-02", "2027-03-01")
        await store.term_people(db, "search", "2026-12-02", "2027-03-01", "32")
    finally:
        await db.conn.set_trace_callback(None)

    async def plan(sql: str, params: tuple = ()) -> list[str]:
        return [row[3] for row in await db.fetchall("EXPLAIN QUERY PLAN " + sql, params)]

    live = [await plan(q) for q in set(seen) if "AS prev" in q]
    kept = [await plan(q) for q in set(seen) if q.startswith("SELECT value FROM stats_kept")]
    assert len(live) == 3 and len(kept) >= 5
    for steps in live:
        lookups = [s for s in steps if " c " in f" {s} "]
        assert len(lookups) == 1 and "stats_people_day_person (kind=? AND user_key=? AND day<?)" in lookups[0], steps
    for steps in kept:
        assert steps == [steps[0]] and steps[0].startswith("SEARCH stats_kept USING") and "(name=? AND first_day=? AND last_day=?)" in steps[0]
    terms = [await plan(q) for q in set(seen) if "stats_term_people t" in q]
    assert len(terms) == 1 and terms[0][0].startswith("SEARCH t USING") and "(kind=? AND key=? AND day>? AND day<?)" in terms[0][0], terms
    erasure = await plan(store.FIRST_PERSON_DAY, ("u1",))
    assert any("stats_people_day_person (kind=? AND user_key=?)" in s for s in erasure), erasure
    assert not [s for s in erasure if s.startswith("SCAN") and "stats_people_day" in s], erasure
    await db.close()


async def test_the_rollup_reads_the_times_of_its_batch_through_the_ids(tmp_path):
    """A /stats view after new actions rolls them up first: the hours to cover come from the batch's ids
    (primary key), not from a scan of the whole log (it was most of such a view: 50 ms at 1 M interactions)."""
    from storage import rollup

    db = await _seeded(tmp_path)
    plan = [row[3] for row in await db.fetchall("EXPLAIN QUERY PLAN " + rollup.BATCH_TIMES, (0, 10))]
    await db.close()
    assert len(plan) == 1 and plan[0].startswith("SEARCH interactions USING INTEGER PRIMARY KEY"), plan


async def test_the_people_per_search_term_kept_for_closed_days_equal_reading_every_day(database_url):
    """The « named when enough people typed it » rule reads the people per term: closed days kept plus
    the live days' people not seen with that term before give one query's figures."""
    from stats_data import seed_log

    from storage import interactions
    from stats_data import ts

    db = await Database.open(database_url)
    try:
        await seed_log(db)
        await interactions.insert_many(db, [  # the newest day: one term seen before, one new person, another region
            (ts(2027, 3, 1, 9), "u3", "search", "vendeur", "32", None), (ts(2027, 3, 1, 9), "n1", "search", "vendeur", "32", None),
            (ts(2027, 3, 1, 9), "u3", "search", "vendeur", "11", None), (ts(2027, 3, 1, 9), "n2", "search_unmet", "astronaute", "11", None)])
        await rollups.refresh(db)
        days = [r[0] for r in await db.fetchall("SELECT DISTINCT day FROM stats_term_people ORDER BY day")]
        assert days[-1] == "2027-03-01"
        ranges = [(a, b) for i, a in enumerate(days) for b in days[i:]] + [(days[0], "2027-03-01"), ("2026-12-02", "2027-03-05")]
        for _ in range(2):
            for first, last in ranges:
                for region in (None, "32", "11"):
                    clause, params = ("", ()) if region is None else (" AND region = ?", (region,))
                    for kind in ("search", "search_unmet", "source"):
                        rows = await db.fetchall(f"SELECT key, COUNT(DISTINCT user_key) FROM stats_term_people WHERE kind = ?"
                                                 f" AND day BETWEEN ? AND ?{clause} GROUP BY key", (kind, first, last, *params))
                        assert await store.term_people(db, kind, first, last, region) == {r[0]: int(r[1]) for r in rows}
    finally:
        await db.close()
