"""/mesannonces: the events service wrapped with role and region checks (the only door for advisors).

An advisor may act on the events they created, in their region; a regional coordinator on every
event of their region; a national coordinator on every event. Anything else: PermissionDenied.

Editing a published event (the form of :mod:`bot.edit_form`) reads the advisor's answers with the same
rules as /annonce, on a draft made from the event (:func:`as_draft`); :func:`edit` then writes only the
fields that changed; the registered and waiting people are told what changed (``CARD_FIELDS``).
"""

from __future__ import annotations

import re
from typing import Any

from bot import announce
from bot.announce import DraftError
from bot.context import AppContext
from bot.events import service as events
from bot.events.details import DETAILS
from bot.events.model import Event
from bot.events.outcomes import EventChange, RegistrationView
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
    """Change some fields of an event the role manages; everyone registered or waiting is told of any
    change on the card. A capacity below the seats already taken: DraftError ``capacity_below``."""
    event = await owned_event(ctx, role, event_id)
    capacity = changes.get("capacity", event.capacity)
    if capacity is not None and capacity < event.registered:
        raise DraftError("capacity_below", capacity=capacity, registered=event.registered, step="capacity")
    return await events.update_event(ctx, event.id, changes, actor=role.id, tell=events.CARD_FIELDS)


def as_draft(event: Event) -> dict[str, Any]:
    """The event as an /annonce draft (so that an answer is read with the same rules)."""
    online = event.scope == "online" or bool(event.online_url and not event.city)
    return {
        "kind": "event", "region": event.region, "region_set": True, "type": event.type, "title": event.title,
        "starts_at": event.starts_at, "ends_at": event.ends_at, "online": online, "online_url": event.online_url,
        "address": event.address, "city": event.city, "departement": event.departement,
        "latitude": event.latitude, "longitude": event.longitude, "branches": list(event.branches),
        "capacity": event.capacity, "deadline": event.registration_deadline, "description": event.description,
        "companies": list(event.companies), "organisers": [list(o) for o in event.organisers],
        **{d.name: d.from_column(getattr(event, d.name)) for d in DETAILS},
    }


def _fields(ctx: AppContext, draft: dict[str, Any]) -> dict[str, Any]:
    return announce.event_input(ctx, draft, check_past=False).model_dump()


async def edit(ctx: AppContext, role: Role, event_id: int, before: dict[str, Any], draft: dict[str, Any]) -> EventChange:
    """Save what changed between ``before`` (the event as a draft when the edit began, :func:`as_draft`)
    and ``draft`` (after the advisor's answers, read by the /annonce parsers): only those fields are
    written, so a change made meanwhile by someone else to another field is kept. Raises EventError."""
    old, new = _fields(ctx, before), _fields(ctx, draft)
    return await update(ctx, role, event_id, {name: value for name, value in new.items() if value != old[name]})


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


def parse_companies_present(text: str) -> list[str]:
    """The companies present at a closed event, typed « A, B »; « aucune » (or « non »): none. At most 30."""
    if text.strip().casefold() in ("aucune", "aucun", "non"):
        return []
    return [n.strip() for n in text.split(",") if n.strip()][:30]
