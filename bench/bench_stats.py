"""Statistics over one year of synthetic use: 1,000,000 interactions, 100,000 people, 2,000 events
(``SCALE=5M``: also 5,000,000 interactions and 500,000 people, and how each figure grows), on SQLite
and, for the 1 M figures, on a throwaway PostgreSQL cluster (``POSTGRES=0``: without).

Measures: the whole year ingested through the bot's own ``InteractionLog.record`` (batches of 200,
the running bot's setting; the clock follows the log), and unbatched for reference; the first full
rollup; the periodic job's figures of closed days computed ahead (``compute_ahead``), then ``/stats``
for a quarter (through the bot, national and regional; the rollup is refreshed before each query;
median of 5; also each view after 20 new interactions of today); a full ``/export`` of the year; one chart.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import sys
import time

from bench.common import Result, Timer, make_bench_bot, median
from bot.clock import PARIS, FrozenClock
from bot.interactions import InteractionLog
from bot.stats import rollups, service
from bot.stats.periods import parse_period

INTERACTIONS = 1_000_000
PEOPLE = 100_000
EVENTS = 2_000
LOG_BATCH = 200  # the running bot's InteractionLog batch (bot.app.build_context)
SCALES = {"1M": 1, "5M": 5}
END = dt.datetime(2027, 3, 1, 10, 0, tzinfo=PARIS)
REGIONS = ["84", "27", "53", "24", "94", "44", "32", "11", "28", "75", "76", "52", "93", "01", "02", "03", "04", "06"]
REGION_WEIGHTS = [12, 4, 5, 4, 1, 8, 9, 19, 5, 9, 9, 6, 8, 1, 1, 1, 2, 1]
# (kind, weight, key maker) for the steps after a session's first interaction
STEPS = [
    ("job_view", 34, "job"), ("branch_view", 14, "branch"), ("search", 7, "term"), ("search_unmet", 2, "unmet"),
    ("interest", 5, "job"), ("quiz_start", 2, None), ("quiz_finish", 1.5, "job"), ("event_suggested", 8, "event"),
    ("event_open", 4, "event"), ("event_register", 1, "event"), ("unrecognised", 3, "msg"), ("alerts_on", 1, None),
    ("alerts_off", 0.3, None), ("announce_sent", 5, "broadcast"), ("announce_blocked", 0.3, "broadcast"),
    ("share", 1, "job"), ("contact_view", 1, "region"), ("menu", 8, None), ("blocked", 0.2, None),
]


def synthetic_log(catalogue, seed: int = 6, interactions: int = INTERACTIONS, people: int = PEOPLE) -> list[tuple]:
    """One year of interactions, time-ordered, as (at, person number, kind, key, region, branch) rows."""
    rnd = random.Random(seed)
    jobs = sorted(catalogue.jobs)
    branches = [b.id for b in catalogue.branches]
    terms = [f"terme{i}" for i in range(2_000)]
    unmet = [f"introuvable{i}" for i in range(500)]
    keys = {
        "job": lambda: rnd.choice(jobs), "branch": lambda: rnd.choice(branches), "term": lambda: rnd.choice(terms),
        "unmet": lambda: rnd.choice(unmet), "event": lambda: str(rnd.randint(1, EVENTS)), "msg": lambda: "text",
        "broadcast": lambda: str(rnd.randint(1, 300)), "region": lambda: rnd.choice(REGIONS), None: lambda: None,
    }
    kinds = [k for k, _, _ in STEPS]
    makers = {k: keys[m] for k, _, m in STEPS}
    weights = [w for _, w, _ in STEPS]
    end = int(END.timestamp())
    start = end - 365 * 86400
    regions = rnd.choices(REGIONS, REGION_WEIGHTS, k=people)
    rows: list[tuple] = []
    person = 0
    while len(rows) < interactions:
        index = person % people
        user, region = 7_000_000 + index, regions[index]
        person += 1
        at = rnd.randint(start, end - 3600)
        sources = rnd.random()
        rows.append((at, user, "start", "src" if sources < 0.2 else "", region, None))
        if sources < 0.2:
            rows.append((at, user, "source", f"campagne{rnd.randint(1, 40)}", region, None))
        for kind in rnd.choices(kinds, weights, k=rnd.randint(2, 12)):
            at += rnd.randint(5, 240)
            rows.append((at, user, kind, makers[kind](), region, None))
    del rows[interactions:]
    rows.sort(key=lambda r: r[0])
    return rows


async def seed_partnership(db, rnd: random.Random) -> None:
    """2,000 events over the year (organisers, companies, results), announcements and innovations."""
    end = int(END.timestamp())
    role = await db.execute("INSERT INTO roles(chat_id, kind, granted_at) VALUES (1, 'national', ?)", (end,))
    events, organisers, companies = [], [], []
    for event_id in range(1, EVENTS + 1):
        start = end - rnd.randint(0, 365 * 86400)
        scope = rnd.choices(["regional", "national", "online"], [85, 5, 10])[0]
        closed = start < end - 86400 and rnd.random() < 0.7
        results = [rnd.randint(0, 4) for _ in range(4)] if closed else [None] * 4
        events.append((event_id, "atelier", f"Action {event_id}", start, start + 7200, rnd.choice(REGIONS) if scope == "regional" else None,
                       scope, "cloture" if closed else rnd.choice(["a_venir", "annule", "a_cloturer"]), "bench", end, end,
                       rnd.randint(5, 40) if closed else None, *results))
        for network in rnd.sample(["mission_locale", "arml", "opcommerce"], rnd.randint(1, 2)):
            organisers.append((event_id, network, f"{network} {event_id % 50}"))
        for n in rnd.sample(range(3_000), rnd.randint(0, 5)):
            companies.append((event_id, f"Entreprise {n}", 1 if closed else None))
    async with db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO events(id, type, title, starts_at, ends_at, region, scope, status, source, created_at, updated_at, attendance,"
            " integrated_apprenticeship, integrated_cej, integrated_job, integrated_training) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        await conn.executemany("INSERT INTO event_organisers(event_id, network, name) VALUES (?, ?, ?)", organisers)
        await conn.executemany("INSERT INTO event_companies(event_id, name, present) VALUES (?, ?, ?)", companies)
        await conn.executemany(
            "INSERT INTO broadcasts(kind, text, region, joint, created_by, created_at, status, started_at) VALUES ('message', 'x', ?, ?, ?, ?, 'done', ?)",
            [(rnd.choice(REGIONS + [None]), rnd.randint(0, 1), role, end, end - rnd.randint(0, 365 * 86400)) for _ in range(300)],
        )
        await conn.executemany(
            "INSERT INTO innovations(at, role_id, region, text) VALUES (?, ?, ?, ?)",
            [(end - rnd.randint(0, 365 * 86400), role, rnd.choice(REGIONS + [None]), f"Innovation {i}") for i in range(120)],
        )
        await conn.execute("INSERT INTO roles(chat_id, kind, region, granted_at) VALUES (2, 'regional', '32', ?)", (end,))


async def _record_rate(ctx, batch: int, count: int) -> float:
    log = InteractionLog(ctx.db, FrozenClock(END), ctx.pseudonymizer, batch=batch)
    with Timer() as timer:
        for i in range(count):
            await log.record(5_000_000 + i % 5_000, "job_view", "vendeur-bricolage", region="32")
        await log.close()
    return count / timer.seconds


async def _timed(action, runs: int = 5) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        await action()
        samples.append(time.perf_counter() - start)
    return median(samples) * 1000


class LogClock:
    """The time of the row being recorded (the log is replayed through the bot's own record path)."""

    at = 0

    def timestamp(self) -> int:
        return self.at


async def _ingest(ctx, rows: list[tuple]) -> float:
    """Record every row through InteractionLog.record, batches of LOG_BATCH; return interactions/s."""
    clock = LogClock()
    log = InteractionLog(ctx.db, clock, ctx.pseudonymizer, batch=LOG_BATCH)
    record = log.record
    with Timer() as timer:
        for at, user, kind, key, region, branch in rows:
            clock.at = at
            await record(user, kind, key, region=region, branch=branch)
        await log.close()
    return len(rows) / timer.seconds


async def measure(factor: int, database: str | None = None) -> dict[str, tuple[float, str]]:
    """Every figure at ``factor`` million interactions: name → (value, note); ``database``: a
    ``postgresql://`` address (a SQLite file in a temporary folder otherwise)."""
    chat, ctx = await make_bench_bot(database)
    db = ctx.db
    rnd = random.Random(6)
    interactions, people_count = INTERACTIONS * factor, PEOPLE * factor
    with Timer() as gen:
        rows = synthetic_log(ctx.catalogue, interactions=interactions, people=people_count)
    ingest = await _ingest(ctx, rows)
    del rows
    await seed_partnership(db, rnd)
    with Timer() as rollup:
        await rollups.refresh(db)
    single_log = await _record_rate(ctx, 1, 5_000)
    with Timer() as catch_up:
        await rollups.refresh(db)  # the 5,000 interactions just recorded
    people = await db.scalar("SELECT COUNT(*) FROM stats_people")

    national, regional = chat.person(1, "Nadia"), chat.person(2, "Rémi")
    quarter = parse_period("trimestre", END.date())

    async def stats_views() -> None:
        for view in ("aud", "met", "rech", "evt", "ann", "src"):
            await national.press_data(f"1:st:{view}:trimestre:fr")

    with Timer() as ahead:  # the periodic rollup job when a day starts: the closed days' figures of the default windows
        await service.compute_ahead(ctx)
    with Timer() as cold:  # the first view of the day, after that job
        await national.send("/stats trimestre")
    stats_ms = await _timed(lambda: national.send("/stats trimestre"))
    assert "Personnes actives" in national.last.plain, national.last.plain
    added = iter(range(6_000_000, 7_000_000))

    async def after_new_actions() -> None:  # 20 new interactions of today: rolled up, the live day read again
        for _ in range(20):
            await ctx.log.record(next(added), "job_view", "vendeur-bricolage", region="32")
        await national.send("/stats trimestre")

    fresh_ms = await _timed(after_new_actions)
    views_ms = await _timed(stats_views, 3) / 6
    stats_regional_ms = await _timed(lambda: regional.send("/stats trimestre"))
    indicators_ms = await _timed(lambda: national.send("/indicateurs trimestre"))
    export_ms = await _timed(lambda: national.send("/export annee"), 3)
    documents = [m for m in national.messages() if m.document][-3:]
    sizes = [len(chat.api.files[d.document["file_id"]]) for d in documents]
    from bot.stats import charts
    from bot.stats.metrics import Fmt
    from storage import stats as store

    async def one_chart() -> None:
        await service.fresh(ctx)
        weeks = await store.people_per_week(db, quarter.first, quarter.last, None)
        charts.weekly("Personnes actives par semaine", [(w[5:], n) for w, n in weeks], Fmt(False))

    chart_ms = await _timed(one_chart, 3)
    if database:
        size = await db.scalar("SELECT pg_database_size(current_database())")
    else:
        size = os.path.getsize(db.path) if os.path.exists(str(db.path)) else 0
    await ctx.log.close()
    await ctx.db.close()
    return {
        "gen": (gen.seconds, f"{interactions:,} interactions".replace(",", " ")),
        "ingest": (ingest, ""),
        "single": (single_log, ""),
        "rollup": (rollup.seconds, f"{people:,} personnes".replace(",", " ")),
        "catch_up": (catch_up.seconds * 1000, ""),
        "stats": (stats_ms, ""),
        "cold": (cold.seconds * 1000, ""),
        "ahead": (ahead.seconds, ""),
        "fresh": (fresh_ms, ""),
        "views": (views_ms, ""),
        "regional": (stats_regional_ms, ""),
        "indicators": (indicators_ms, ""),
        "export": (export_ms, f"{sum(sizes) // 1024} Kio"),
        "chart": (chart_ms, ""),
        "size": (size / 1e6, ""),
    }


def _results(m: dict[str, tuple[float, str]], label: str, factor: int) -> list[Result]:
    rollup_target = 10 if factor == 1 else 45
    stats_target = 100 if factor == 1 else 150
    return [
        Result(f"génération du journal synthétique ({label})", m["gen"][0], "s", note=m["gen"][1]),
        Result(f"ingestion par InteractionLog.record, lots de {LOG_BATCH} ({label})", m["ingest"][0], "interactions/s", "≥ 10 000",
               m["ingest"][0] >= 10_000, note="tout le journal, par le chemin du bot"),
        Result(f"ingestion sans lot, 1 écriture ({label})", m["single"][0], "interactions/s", note="référence : une transaction par interaction"),
        Result(f"premier agrégat complet ({label})", m["rollup"][0], "s", f"< {rollup_target} s", m["rollup"][0] < rollup_target, note=m["rollup"][1]),
        Result(f"agrégat incrémental de 5 000 nouvelles ({label})", m["catch_up"][0], "ms"),
        Result(f"/stats trimestre, national, audience ({label})", m["stats"][0], "ms", f"< {stats_target} ms", m["stats"][0] < stats_target,
               note="médiane de 5, jours clos déjà calculés"),
        Result(f"/stats trimestre, national, 1re vue du jour ({label})", m["cold"][0], "ms",
               note="après le calcul d'avance du travail périodique"),
        Result(f"calcul d'avance des jours clos, 30 j et trimestre, France et régions ({label})", m["ahead"][0], "s",
               note="travail périodique, quand un jour commence ; gardé pour toutes les instances"),
        Result(f"/stats trimestre, national, après 20 nouvelles interactions ({label})", m["fresh"][0], "ms", f"< {stats_target} ms",
               m["fresh"][0] < stats_target, note="médiane de 5 : agrégat des nouvelles + jour vivant relu"),
        Result(f"/stats trimestre, moyenne des 6 vues ({label})", m["views"][0], "ms", "< 200 ms", m["views"][0] < 200),
        Result(f"/stats trimestre, coordinateur régional ({label})", m["regional"][0], "ms", "< 200 ms", m["regional"][0] < 200),
        Result(f"/indicateurs trimestre ({label})", m["indicators"][0], "ms", "< 200 ms", m["indicators"][0] < 200),
        Result(f"/export année complet, 3 CSV ({label})", m["export"][0], "ms", "< 1000 ms", m["export"][0] < 1000, note=m["export"][1]),
        Result(f"un graphique, requête + PNG ({label})", m["chart"][0], "ms", "< 1000 ms", m["chart"][0] < 1000),
        Result(f"taille de la base ({label})", m["size"][0], "Mo", note="journal + agrégats + index"),
    ]


#: The PostgreSQL column: the 1 M figures that matter in service (issue 12), beside SQLite's.
POSTGRES_KEYS = (("ingest", "ingestion par record, lots de 200"), ("rollup", "premier agrégat complet"),
                 ("stats", "/stats trimestre national"), ("cold", "/stats trimestre, 1re vue du jour"),
                 ("fresh", "/stats trimestre après 20 nouvelles"), ("ahead", "calcul d'avance"),
                 ("regional", "/stats trimestre régional"), ("export", "/export année"), ("chart", "un graphique"))


async def _postgres(one: dict[str, tuple[float, str]]) -> list[Result]:
    """The 1 M figures on a throwaway PostgreSQL cluster (started as tests/pgcluster.py does, as the
    ``postgres`` user when run as root), with PostgreSQL ÷ SQLite for each; skipped with one line
    when the server binaries are missing."""
    from tests import pgcluster

    if not pgcluster.binaries_found():
        print(f"PostgreSQL sauté : {pgcluster.INSTALL_HINT}", file=sys.stderr)
        return [Result("PostgreSQL : sauté (serveur introuvable)", 0, "", note=pgcluster.INSTALL_HINT)]
    cluster = pgcluster.Cluster().start()
    try:
        await cluster.sql("CREATE DATABASE bench")
        pg = await measure(1, cluster.url("bench"))
    finally:
        cluster.stop()
    results = _results(pg, "1 M, PostgreSQL", 1)
    for key, name in POSTGRES_KEYS:
        ratio = pg[key][0] / one[key][0]
        results.append(Result(f"PostgreSQL ÷ SQLite : {name} (1 M)", ratio, "×", note=f"{one[key][0]:.1f} → {pg[key][0]:.1f}"))
    return results


async def run() -> list[Result]:
    scale = os.environ.get("SCALE", "1M").upper()
    if scale not in SCALES:
        raise SystemExit(f"SCALE={scale} : 1M ou 5M")
    one = await measure(1)
    results = _results(one, "1 M", 1)
    if os.environ.get("POSTGRES", "1") != "0":
        results += await _postgres(one)
    if scale == "5M":
        five = await measure(5)
        results += _results(five, "5 M", 5)
        for key, name in (("stats", "/stats trimestre national"), ("cold", "/stats trimestre national, 1re vue"),
                          ("fresh", "/stats trimestre après 20 nouvelles"), ("ahead", "calcul d'avance"),
                          ("regional", "/stats trimestre régional"),
                          ("export", "/export année"), ("rollup", "premier agrégat"), ("size", "taille de la base")):
            growth = five[key][0] / one[key][0]
            flat = key in ("stats", "regional")
            results.append(Result(f"croissance 1 M → 5 M : {name}", growth, "×", "< 1.5 (plat)" if flat else "",
                                  growth < 1.5 if flat else None, note=f"{one[key][0]:.1f} → {five[key][0]:.1f}"))
    return results
