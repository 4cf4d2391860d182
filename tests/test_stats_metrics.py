"""Engagement metrics on a seeded log with known content: exact numbers, rollups, periods, the <5 rule."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.stats import metrics, rollups
from bot.stats.metrics import Fmt
from bot.stats.periods import PeriodError, last_week, midnight, month, parse_period, week_of
from storage import interactions
from storage import stats as store
from stats_data import J1, J2, J3, seed_log, ts

FEB = month(2027, 2)


@pytest.fixture
async def seeded(bot):
    await seed_log(bot.ctx.db)
    await rollups.refresh(bot.ctx.db)
    return bot.ctx


async def test_audience_february_exact(seeded):
    db = seeded.db
    national = await metrics.audience(db, FEB, None)
    assert national == {
        "active": 10, "new": 9, "returning": 1, "daily": 0.4, "sessions": 11, "interactions": 22,
        "unrecognised": 1, "blocked": 1, "alerts_on": 0, "alerts_off": 0,
    }
    hdf = await metrics.audience(db, FEB, "32")
    assert (hdf["active"], hdf["new"], hdf["returning"], hdf["sessions"], hdf["interactions"]) == (6, 5, 1, 7, 17)
    idf = await metrics.audience(db, FEB, "11")
    assert (idf["active"], idf["new"], idf["returning"], idf["sessions"], idf["blocked"]) == (3, 3, 0, 3, 1)
    assert (await metrics.audience(db, FEB, ""))["active"] == 1  # w1, region not chosen yet
    january = await metrics.audience(db, FEB.previous(), None)
    assert (january["active"], january["new"]) == (2, 2)
    extra = await metrics.audience_extra(db, FEB, None)
    assert extra == {"total": 11, "week": 1, "month": None}
    assert (await metrics.audience_extra(db, FEB, "32"))["total"] == 7


async def test_other_views_exact(seeded):
    db, catalogue = seeded.db, seeded.catalogue
    assert await metrics.jobs(db, FEB, None) == {
        "job_views": 6, "branch_views": 0, "interests": 0, "interested": 0, "quiz_start": 1, "quiz_finish": 1,
    }
    assert await metrics.top(db, catalogue, "job_view", FEB, None) == [
        (t, n) for t, n in ((catalogue.job(J1), 3), (catalogue.job(J2), 2), (catalogue.job(J3), 1))
        for t in [__import__("bot.textfmt", fromlist=["job_title"]).job_title(t)]
    ]
    assert [n for _, n in await metrics.top(db, catalogue, "job_view", FEB, "32")] == [3, 1]
    assert await metrics.search(db, FEB, None) == {"searches": 2, "met": 1, "unmet": 1, "searchers": 1, "met_people": 1, "unmet_people": 1}
    assert await metrics.top(db, catalogue, "search_unmet", FEB, None) == [("astronaute", 1)]
    assert await metrics.sources(db, FEB, None) == {"starts": 3, "campaign_arrivals": 1}
    assert await metrics.top(db, catalogue, "start", FEB, None) == [("direct", 2), ("src", 1)]
    assert await metrics.top(db, catalogue, "source", FEB, None) == [("salon", 1)]
    funnel = await metrics.events(db, FEB, "32")
    assert (funnel["suggested"], funnel["opened"], funnel["registered"]) == (2, 2, 1)


async def test_events_and_announcements_views(seeded):
    from stats_data import seed_partnership

    await seed_partnership(seeded.db)
    national = await metrics.events(seeded.db, FEB, None)
    assert (national["events"], national["closed"], national["attended"]) == (5, 3, 45)
    hdf = await metrics.events(seeded.db, FEB, "32")
    assert (hdf["events"], hdf["closed"], hdf["attended"]) == (2, 1, 12)
    ann = await metrics.announcements(seeded.db, FEB, "32")
    assert (ann["broadcasts"], ann["national"]) == (3, 1)  # B1 (national), B2, B3


async def test_rollup_is_incremental_and_exact(seeded):
    db = seeded.db
    assert await rollups.refresh(db) == 0
    before = await metrics.audience(db, FEB, None)
    # new interactions: a returning person (u1) in a new session, and a new person
    await interactions.insert_many(db, [(ts(2027, 2, 27, 9), "u1", "job_view", J1, "32", None), (ts(2027, 2, 27, 9, 5), "n1", "menu", None, "32", None)])
    assert await rollups.refresh(db) == 2
    after = await metrics.audience(db, FEB, None)
    assert after["active"] == before["active"] + 1
    assert after["sessions"] == before["sessions"] + 2
    assert after["interactions"] == before["interactions"] + 2
    # the rollup equals a from-scratch rollup (small batches, same result)
    await store.reset_rollups(db)
    assert await rollups.refresh(db, batch=4) == 27
    assert await metrics.audience(db, FEB, None) == after


async def test_paris_midnight_boundaries(seeded):
    rows = await store.daily_counts(seeded.db, "2027-01-31", "2027-03-01", None)
    where = {(r[0], r[1], r[2]) for r in rows}
    assert ("2027-01-31", "32", "menu") in where      # x1 at 23:59 on 31 January stays in January
    assert ("2027-02-28", "11", "job_view") in where  # v3 at 23:30 (22:30 UTC) is still 28 February
    assert ("2027-03-01", "11", "menu") in where      # v3 at 00:10 on 1 March (23:10 UTC on the 28th)
    assert FEB.start_ts == ts(2027, 2, 1, 0, 0) and FEB.end_ts == ts(2027, 3, 1, 0, 0)


async def test_daylight_saving_week(bot):
    """The week of Sunday 28 March 2027 (clocks go forward) lasts 167 hours; days follow Paris time."""
    db = bot.ctx.db
    week = week_of(dt.date(2027, 3, 28))
    assert (week.start, week.end, week.code) == (dt.date(2027, 3, 22), dt.date(2027, 3, 28), "s2027-03-22")
    assert week.end_ts - week.start_ts == 167 * 3600
    october = week_of(dt.date(2027, 10, 31))
    assert october.end_ts - october.start_ts == 169 * 3600
    await interactions.insert_many(db, [
        (ts(2027, 3, 21, 23, 59), "a", "menu", None, "32", None),   # Sunday before: outside
        (ts(2027, 3, 22, 0, 0), "b", "menu", None, "32", None),     # Monday 00:00 (CET): inside
        (ts(2027, 3, 28, 23, 30), "c", "menu", None, "32", None),   # Sunday 23:30 (CEST, 21:30 UTC): inside
        (ts(2027, 3, 29, 0, 10), "d", "menu", None, "32", None),    # Monday 00:10 CEST = 22:10 UTC Sunday: outside
    ])
    await rollups.refresh(db)
    assert (await metrics.audience(db, week, None))["active"] == 2
    assert await store.people_per_week(db, "2027-03-15", "2027-04-04", None) == [("2027-03-15", 1), ("2027-03-22", 2), ("2027-03-29", 1)]


def test_parse_periods():
    today = dt.date(2027, 3, 1)
    seven = parse_period("7j", today)
    assert (seven.start, seven.end, seven.days) == (dt.date(2027, 2, 23), today, 7)
    assert seven.previous().end == dt.date(2027, 2, 22) and seven.previous().days == 7
    assert parse_period(None, today).days == 30
    assert parse_period("trimestre", today).days == 90
    assert parse_period("année", today).days == 365 == parse_period("annee", today).days
    march = parse_period("2027-03", today)
    assert (march.start, march.end, march.label) == (dt.date(2027, 3, 1), dt.date(2027, 3, 31), "mars 2027")
    assert march.previous().code == "2027-02" and march.previous().end == dt.date(2027, 2, 28)
    q1 = parse_period("2027-T1", today)
    assert (q1.start, q1.end, q1.previous().code) == (dt.date(2027, 1, 1), dt.date(2027, 3, 31), "2026-T4")
    assert parse_period("2026", today).previous().code == "2025"
    assert last_week(today).code == "s2027-02-22"
    assert last_week(dt.date(2027, 3, 7)).code == "s2027-02-22"  # a Sunday: its own week is not over
    assert midnight(dt.date(2027, 3, 28)) == ts(2027, 3, 28, 0, 0)
    for bad in ("8j", "2027-13", "demain", "2027-T5"):
        with pytest.raises(PeriodError):
            parse_period(bad, today)


def test_small_counts_rule():
    regional, national = Fmt(regional=True), Fmt(regional=False)
    assert [regional.n(v) for v in (0, 1, 4, 5, 1234)] == ["0", "<5", "<5", "5", "1\u202f234"]
    assert [national.n(v) for v in (1, 4)] == ["1", "4"]
    assert regional.cell(3) == "<5" and regional.cell(7) == "7" and regional.cell(None) == ""
    assert regional.delta(10, 5) == "(+100 %)" and regional.delta(5, 10) == "(−50 %)"
    assert regional.delta(10, 3) == "" and regional.delta(3, 10) == ""  # never hint at a hidden count
    assert national.delta(3, 0) == "(nouveau)" and national.delta(4, 4) == "(=)"
    assert regional.share(2, 100) == "<5" and national.share(1, 8) == "12,5 %"
