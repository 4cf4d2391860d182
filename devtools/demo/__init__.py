"""Demo data for the console: clearly labelled examples, only ever in the demo database."""

from __future__ import annotations

from bot.context import AppContext

#: The console's people, by ``--as`` persona: (Telegram id, first name).
PERSONAS = {
    "jeune": (100001, "Camille"),
    "conseiller": (100002, "Samir"),
    "coordinateur": (100003, "Nadia"),
}


async def seed(ctx: AppContext) -> None:
    """Fill the demo database with example data (idempotent). Each feature adds its part here."""
    from devtools.demo import advisors as demo_advisors
    from devtools.demo import events as demo_events
    from devtools.demo import stats as demo_stats
    from devtools.demo import story as demo_story

    await demo_events.seed(ctx)
    await demo_advisors.seed(ctx)
    await demo_stats.seed(ctx)
    await demo_story.seed(ctx)
    return None


async def prepare_persona(ctx: AppContext, persona: str) -> None:
    """Give the console's person the role of the persona (advisor, coordinator) in the demo data."""
    from devtools.demo import advisors as demo_advisors

    if persona in PERSONAS:
        await demo_advisors.prepare_persona(ctx, *PERSONAS[persona], persona)
    return None
