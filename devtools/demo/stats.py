"""Demo data for the console's statistics: a few weeks of synthetic, clearly fake interactions."""

from __future__ import annotations

import random

from bot.context import AppContext
from bot.stats.rollups import IMPLIES
from storage import interactions as store

PEOPLE = 300
REGIONS = ["32", "32", "11", "84", "44", "76"]
CAMPAIGNS = ["affiche-ml-lille", "salon-orientation", "qr-flyer-cej"]
#: No event_register: registrations are the story's (devtools/demo/story.py), real rows that the events
#: screen adds up (« Inscriptions en cours », « Présence »), so the funnel's « Inscription » agrees with them.
STEPS = ["job_view", "job_view", "branch_view", "search", "search_unmet", "interest", "quiz_start", "quiz_finish",
         "event_suggested", "event_open", "menu", "unrecognised"]


async def seed(ctx: AppContext) -> None:
    """About 3,000 interactions of 300 fake people over the last 90 days (once per demo database)."""
    if await store.any_key_starting(ctx.db, "demo-"):
        return
    rnd = random.Random(2027)
    jobs = sorted(ctx.catalogue.jobs)
    branches = [b.id for b in ctx.catalogue.branches]
    now = ctx.clock.timestamp()
    rows = []
    for person in range(PEOPLE):
        user, region = f"demo-{person:04d}", rnd.choice(REGIONS)
        for _ in range(rnd.randint(1, 3)):
            at = now - rnd.randint(3600, 90 * 86400)
            way = rnd.choice(["", "", "src"])
            rows.append((at, user, "start", way, region, None))
            if way == "src":  # as handlers/start.py does: the campaign of the src_<campaign> link
                rows.append((at, user, "source", rnd.choice(CAMPAIGNS), region, None))
            done: set[str] = set()
            for chosen in rnd.choices(STEPS, k=rnd.randint(2, 8)):
                # a quiz is started before it is finished, an event proposed before its card is opened...
                for kind in [*(step for step in reversed(IMPLIES.get(chosen, ())) if step not in done), chosen]:
                    done.add(kind)
                    at += rnd.randint(10, 300)
                    key = {"job_view": rnd.choice(jobs), "interest": rnd.choice(jobs), "quiz_finish": rnd.choice(jobs),
                           "branch_view": rnd.choice(branches), "search": rnd.choice(["vendeur", "caisse", "opticien", "magasin"]),
                           "search_unmet": rnd.choice(["pilote", "infirmier"]), "unrecognised": "sticker"}.get(kind)
                    rows.append((at, user, kind, key, region, None))
    rows.sort(key=lambda r: r[0])
    await store.insert_many(ctx.db, rows)
