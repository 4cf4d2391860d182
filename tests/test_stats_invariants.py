"""Issue 9 §5: the figures agree with each other, on random interaction logs (hypothesis).

The invariants (written down in bot/stats/metrics.py and the README), for any period and scope:
new ≤ active; returning = active − new; sessions ≥ active people; people since the start ≥ active;
quizzes finished ≤ quizzes started; each step of the events funnel ≤ the step before (proposed ≥
card opened ≥ registered); « people who search » ≥ those whose searches found something and ≥ those
whose searches found nothing; interaction counts by kind of the regions (unknown region included)
add up to the national ones, and so do sessions; the figures do not depend on how the log was cut
into rollup batches. The same figures come out of /stats, /export and ``passerelle stats``
(tests/test_stats_agree.py).
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings, strategies as st

from bot.clock import PARIS
from bot.stats import metrics, rollups
from bot.stats.periods import parse_period
from storage import interactions as log_store
from storage import stats as store
from storage.db import Database

START = int(dt.datetime(2027, 2, 1, 0, 0, tzinfo=PARIS).timestamp())
TODAY = dt.date(2027, 3, 1)
REGIONS = ["", "32", "11"]
KINDS = ["start", "menu", "job_view", "search", "search_unmet", "quiz_start", "quiz_finish", "event_suggested", "event_open",
         "event_register", "region_set", "announce_sent", "reminder_sent", "blocked", "alerts_on"]

step = st.tuples(
    st.integers(0, 5),                                              # person
    st.sampled_from([5, 60, 20 * 60, 45 * 60, 5 * 3600, 26 * 3600, 4 * 86400]),  # seconds since the previous interaction
    st.sampled_from(KINDS),
    st.sampled_from(REGIONS),
)


def _rows(steps) -> list[tuple]:
    at, rows = START, []
    for person, gap, kind, region in steps:
        at += gap
        key = {"search": "vendeur", "search_unmet": "pilote", "job_view": "vendeur-sport"}.get(kind)
        rows.append((at, f"p{person}", kind, key, region or None, None))
    return rows


async def _figures(db, period, region):
    return {view: await compute(db, period, region) for view, compute in metrics.COMPUTE.items() if view != "evt"} | {
        "evt": {k: v for k, v in (await metrics.events(db, period, region)).items()},
        "extra": await metrics.audience_extra(db, period, region),
    }


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=60), batch=st.integers(1, 7), period_code=st.sampled_from(["7j", "30j", "2027-02", "2027-03"]))
async def test_invariants_on_random_logs(steps, batch, period_code):
    db = await Database.open(":memory:")
    try:
        await log_store.insert_many(db, _rows(steps))
        await rollups.refresh(db, batch=batch)
        period = parse_period(period_code, TODAY)
        national = await _figures(db, period, None)
        by_region = {r: await _figures(db, period, r) for r in REGIONS}
        for scope, f in [(None, national), *by_region.items()]:
            aud, jobs, search, evt = f["aud"], f["met"], f["rech"], f["evt"]
            assert 0 <= aud["new"] <= aud["active"], scope
            assert aud["returning"] == aud["active"] - aud["new"], scope
            assert aud["sessions"] >= aud["active"], scope
            assert f["extra"]["total"] >= aud["active"], scope
            assert jobs["quiz_finish"] <= jobs["quiz_start"], scope
            assert evt["suggested"] >= evt["opened"] >= evt["registered"], scope
            assert search["searchers"] >= max(search["met_people"], search["unmet_people"]), scope
        national_counts = await store.counts_by_kind(db, period.first, period.last, None)
        regional_counts = [await store.counts_by_kind(db, period.first, period.last, r) for r in REGIONS]
        for kind in set(national_counts) - {"_visit"}:
            assert sum(c.get(kind, 0) for c in regional_counts) == national_counts[kind], kind
        for key in ("interactions", "unrecognised"):
            assert sum(by_region[r]["aud"][key] for r in REGIONS) == national["aud"][key], key
        # the rollup does not depend on how the log was cut into batches
        await store.reset_rollups(db)
        await rollups.refresh(db)
        assert await _figures(db, period, None) == national
    finally:
        await db.close()
