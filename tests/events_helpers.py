"""Helpers shared by the events tests: make events and people quickly."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS
from bot.events.service import create_event
from storage import users

OPCO = ("opcommerce", "Opcommerce Hauts-de-France")
ML = ("mission_locale", "Mission Locale de Lille")


def at(day: int, hour: int, minute: int = 0, month: int = 3) -> dt.datetime:
    return dt.datetime(2027, month, day, hour, minute, tzinfo=PARIS)


async def make_event(ctx, title="Job dating Lille", *, day=3, hour=14, hours=3, **fields) -> int:
    data = {
        "type": "job_dating", "title": title, "starts_at": at(day, hour), "ends_at": at(day, hour) + dt.timedelta(hours=hours),
        "city": "Lille", "departement": "59", "organisers": [OPCO, ML],
    }
    data.update(fields)
    return await create_event(ctx, data, created_by=None, source="test")


async def young(bot, user_id: int, name: str = "Lina", region: str | None = "32"):
    """A person already known to the bot, living in ``region``."""
    now = bot.ctx.clock.timestamp()
    await users.touch(bot.ctx.db, user_id, name, name.lower(), now)
    if region:
        await users.update(bot.ctx.db, user_id, region=region)
    return bot.person(user_id, name, name.lower())
