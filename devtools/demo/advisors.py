"""The advisors' part of the console's demo data: roles of the personas and subscribed example people."""

from __future__ import annotations

import datetime as dt

from bot import roles
from bot.clock import PARIS
from bot.context import AppContext
from bot.events.model import validate_event
from bot.events.registration import register_examples
from bot.events.service import upsert_events
from storage import users

DEMO_REGION = "32"
DEMO_ORGANISATION = "Mission Locale de Lille (exemple)"
#: Example young people (ids far from real Telegram ids of the console) with alerts on in region 32.
DEMO_YOUNG = [(190001, "Inès (exemple)"), (190002, "Lucas (exemple)"), (190003, "Yasmine (exemple)"), (190004, "Noah (exemple)")]


async def seed(ctx: AppContext) -> None:
    await users.insert_examples(ctx.db, DEMO_YOUNG, DEMO_REGION, "59", ctx.clock.timestamp())


async def seed_past_event(ctx: AppContext, role: roles.Role) -> None:
    """An action of the demo advisor that took place yesterday, with registrations: ready to be closed."""
    start = dt.datetime.combine(ctx.clock.now().date() - dt.timedelta(days=1), dt.time(14), tzinfo=PARIS)
    data = validate_event({
        "external_id": "demo-hier-lille", "type": "job_dating", "title": "Job dating d'hier à Lille (exemple)",
        "description": "Ceci est un exemple : une action passée, à clôturer avec ses résultats (/mesannonces).",
        "starts_at": start, "ends_at": start + dt.timedelta(hours=3), "scope": "regional", "is_example": True,
        "address": "Mission Locale", "city": "Lille", "departement": "59", "capacity": 10,
        "branches": ["grands-magasins"], "companies": ["Grand Magasin du Centre (exemple)", "Boutique Mode (exemple)"],
        "organisers": [("mission_locale", DEMO_ORGANISATION), ("opcommerce", "Opcommerce Hauts-de-France (exemple)")],
    }, ctx.catalogue)
    await upsert_events(ctx, [data], source="demo", actor=role.id)
    await register_examples(ctx, "demo-hier-lille", [chat_id for chat_id, _ in DEMO_YOUNG])


async def prepare_persona(ctx: AppContext, chat_id: int, name: str, persona: str) -> None:
    role = await roles.current_role(ctx, chat_id)
    if persona == "conseiller" and (role is None or role.kind != "advisor"):
        listed = ctx.catalogue.missions_locales.in_region(DEMO_REGION)  # attached like an invited advisor (/couverture, questions)
        mission_locale = next((ml.id for ml in listed if ml.nom == DEMO_ORGANISATION), None)
        role = await roles.grant(ctx, None, chat_id=chat_id, kind="advisor", region=DEMO_REGION, organisation=DEMO_ORGANISATION,
                                 network="mission_locale", display_name=name, mission_locale=mission_locale)
    if persona == "conseiller":
        await seed_past_event(ctx, role)
    elif persona == "coordinateur" and (role is None or role.kind != "national"):
        await roles.grant(ctx, None, chat_id=chat_id, kind="national", region=None, display_name=name)
