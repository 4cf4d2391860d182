"""The suggestion query (« Actions près de chez moi ») with 5,000 events and 100,000 users (target p99 < 20 ms)."""

from __future__ import annotations

import json
import random
import time

from bench.common import Result, make_bench_bot, median, percentile

EVENTS = 5_000
USERS = 100_000
SAMPLES = 1_000


async def _fill(ctx) -> list[int]:
    rng = random.Random(4)
    regions = [r.code for r in ctx.catalogue.regions.all]
    branches = [b.id for b in ctx.catalogue.branches]
    jobs = list(ctx.catalogue.jobs)
    now = ctx.clock.timestamp()
    events, links = [], []
    for i in range(1, EVENTS + 1):
        start = now + rng.randint(-60, 180) * 86400 + rng.randint(8, 18) * 3600  # a third already past
        scope = rng.choices(["regional", "national", "online"], [90, 5, 5])[0]
        status = "annule" if rng.random() < 0.03 else ("a_venir" if start > now else "a_cloturer")
        events.append((i, "atelier", f"Action {i}", start, start + 3 * 3600, "Ville", rng.choice(regions) if scope == "regional" else None,
                       scope, rng.choice([None, 10, 30]), status, "bench", now, now))
        links += [(i, b) for b in rng.sample(branches, rng.choice([0, 1, 1, 2, 3]))]
    users = [(c, "P", None, rng.choice(regions), now, now) for c in range(1, USERS + 1)]
    interests = [(c, "interest", b) for c in range(1, USERS + 1, 2) for b in rng.sample(branches, 2)]
    favourites = [(c, j, now) for c in range(1, USERS + 1, 3) for j in rng.sample(jobs, 2)]
    quiz = [(c, "{}", json.dumps(rng.sample(jobs, 3)), "{}", now) for c in range(1, USERS + 1, 4)]
    async with ctx.db.transaction() as conn:
        await conn.executemany(
            "INSERT INTO events(id, type, title, starts_at, ends_at, city, region, scope, capacity, status, source, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", events)
        await conn.executemany("INSERT INTO event_branches(event_id, branch_id) VALUES (?, ?)", links)
        await conn.executemany("INSERT INTO users(chat_id, first_name, username, region, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, ?)", users)
        await conn.executemany("INSERT INTO user_branches(chat_id, kind, branch_id) VALUES (?, ?, ?)", interests)
        await conn.executemany("INSERT INTO favourites(chat_id, job_id, created_at) VALUES (?, ?, ?)", favourites)
        await conn.executemany("INSERT INTO quiz_results(chat_id, answers, top_jobs, tags, finished_at) VALUES (?, ?, ?, ?, ?)", quiz)
    await ctx.db.execute("ANALYZE")
    return [rng.randint(1, USERS) for _ in range(SAMPLES)]


async def run() -> list[Result]:
    from bot.events.service import get_events
    from bot.events.suggest import suggest

    chat, ctx = await make_bench_bot()
    people = await _fill(ctx)
    for chat_id in people[:50]:  # warm-up
        await suggest(ctx, chat_id)
    query, page = [], []
    found = 0
    for chat_id in people:
        started = time.perf_counter()
        ids = await suggest(ctx, chat_id)
        middle = time.perf_counter()
        await get_events(ctx, ids[:5])
        page.append((time.perf_counter() - started) * 1000)
        query.append((middle - started) * 1000)
        found += len(ids)
    await ctx.db.close()
    p99 = percentile(page, 99)
    return [
        Result("suggestions : médiane", median(query), "ms", note=f"{EVENTS} événements, {USERS} personnes, {found / len(people):.0f} candidats en moyenne"),
        Result("suggestions : p99", percentile(query, 99), "ms", "< 20 ms", percentile(query, 99) < 20),
        Result("suggestions + 5 cartes : p99", p99, "ms", "< 20 ms", p99 < 20, "classement puis chargement de la page affichée"),
    ]
