"""/mesannonces: the events service wrapped with role and region checks (the only door for advisors).

An advisor may act on the events they created, in their region; a regional coordinator on every
event of their region; a national coordinator on every event. Anything else: PermissionDenied.
"""

from __future__ import annotations

import re
from typing import Any

from bot.context import AppContext
from bot.events import service as events
from bot.events.model import Event, EventChange, RegistrationView
from bot.roles import KINDS, PermissionDenied, Role, audit, require


async def my_events(ctx: AppContext, role: Role) -> list[Event]:
    require(role, kinds=KINDS)
    if role.kind == "regional":
        return await events.events_created_by(ctx, None, region=role.region)
    return await events.events_created_by(ctx, role.id)


async def owned_event(ctx: AppContext, role: Role | None, event_id: int | None) -> Event:
    """The event if ``role`` may manage it; PermissionDenied (``unknown`` / ``not_owner``) otherwise."""
    role = require(role, kinds=KINDS)
    event = await events.get_event(ctx, event_id) if event_id is not None else None
    if event is None:
        raise PermissionDenied("unknown")
    if role.is_national:
        return event
    if event.region != role.region:
        raise PermissionDenied("not_owner")
    if role.kind == "advisor" and event.created_by != role.id:
        raise PermissionDenied("not_owner")
    return event


async def registrations(ctx: AppContext, role: Role, event_id: int) -> tuple[Event, list[RegistrationView]]:
    event = await owned_event(ctx, role, event_id)
    return event, await events.list_registrations(ctx, event.id)


async def update(ctx: AppContext, role: Role, event_id: int, changes: dict[str, Any]) -> EventChange:
    event = await owned_event(ctx, role, event_id)
    return await events.update_event(ctx, event.id, changes, actor=role.id)


async def cancel(ctx: AppContext, role: Role, event_id: int) -> EventChange:
    event = await owned_event(ctx, role, event_id)
    return await events.cancel_event(ctx, event.id, actor=role.id)


async def close(ctx: AppContext, role: Role, event_id: int, results: dict[str, Any]) -> Event:
    event = await owned_event(ctx, role, event_id)
    closed = await events.close_event(ctx, event.id, results, actor=role.id)
    await audit(ctx, role.id, "event_results", f"event:{event.id}", {k: v for k, v in results.items() if k != "companies_present"})
    return closed


def parse_results(text: str, companies: list[str]) -> dict[str, Any] | None:
    """« 25 3 2 1 4 » = attendance, apprenticeship/work-study, CEJ, job, training; None if unreadable."""
    numbers = re.findall(r"[0-9]{1,6}", text or "")
    if len(numbers) != 5 or re.search(r"[^0-9\s;,/-]", text.strip()):
        return None
    attendance, apprenticeship, cej, job, training = map(int, numbers)
    if apprenticeship + cej + job + training > attendance:
        return None
    return {"attendance": attendance, "integrated_apprenticeship": apprenticeship, "integrated_cej": cej,
            "integrated_job": job, "integrated_training": training, "companies_present": companies}
