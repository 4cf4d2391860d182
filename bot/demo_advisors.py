"""The advisors' part of the console's demo data: roles of the personas and subscribed example people."""

from __future__ import annotations

from bot import roles
from bot.context import AppContext

DEMO_REGION = "32"
DEMO_ORGANISATION = "Mission Locale de Lille (exemple)"
#: Example young people (ids far from real Telegram ids of the console) with alerts on in region 32.
DEMO_YOUNG = [(190001, "Inès (exemple)"), (190002, "Lucas (exemple)"), (190003, "Yasmine (exemple)"), (190004, "Noah (exemple)")]


async def seed(ctx: AppContext) -> None:
    now = ctx.clock.timestamp()
    await ctx.db.executemany(
        "INSERT OR IGNORE INTO users(chat_id, first_name, region, departement, consent_at, alerts_enabled, alerts_asked,"
        " source, created_at, last_seen_at) VALUES (?, ?, ?, '59', ?, 1, 1, 'demo', ?, ?)",
        [(chat_id, name, DEMO_REGION, now, now, now) for chat_id, name in DEMO_YOUNG],
    )


async def prepare_persona(ctx: AppContext, chat_id: int, name: str, persona: str) -> None:
    role = await roles.current_role(ctx, chat_id)
    if persona == "conseiller" and (role is None or role.kind != "advisor"):
        await roles.grant(ctx, None, chat_id=chat_id, kind="advisor", region=DEMO_REGION, organisation=DEMO_ORGANISATION,
                          network="mission_locale", display_name=name)
    elif persona == "coordinateur" and (role is None or role.kind != "national"):
        await roles.grant(ctx, None, chat_id=chat_id, kind="national", region=None, display_name=name)
