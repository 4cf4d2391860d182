"""/mesannonces: the events service wrapped with role and region checks (the only door for advisors).

An advisor may act on the events they created, in their region; a regional coordinator on every
event of their region; a national coordinator on every event. Anything else: PermissionDenied.

Editing a published event (:func:`edit`) reads the advisor's answer with the same rules as the
/annonce conversation (:mod:`bot.announce`), on a draft made from the event, then changes only the
fields of that answer; the registered and waiting people are told what changed (``CARD_FIELDS``).
"""

from __future__ import annotations

import re
from typing import Any

from bot import announce
from bot.announce import DraftError
from bot.context import AppContext
from bot.events import service as events
from bot.events.model import Event
from bot.events.outcomes import EventChange, RegistrationView
from bot.roles import KINDS, PermissionDenied, Role, audit, require

#: What an advisor may change after publication (the questions of followup/ask.html), in menu order.
FIELDS = ("title", "when", "end", "place", "capacity", "deadline", "description", "companies", "branches")
PLACE = ("address", "city", "departement", "latitude", "longitude", "online_url", "scope")
#: The event columns each answer may change.
COLUMNS = {
    "title": ("title",), "when": ("starts_at", "ends_at", "registration_deadline"), "end": ("ends_at",),
    "place": PLACE, "link": PLACE,
    "capacity": ("capacity",), "deadline": ("registration_deadline",), "description": ("description",),
    "companies": ("companies",), "branches": ("branches",),
}


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
        raise DraftError("capacity_below", capacity=capacity, registered=event.registered)
    return await events.update_event(ctx, event.id, changes, actor=role.id, tell=events.CARD_FIELDS)


def as_draft(event: Event) -> dict[str, Any]:
    """The event as an /annonce draft (so that an answer is read with the same rules)."""
    online = event.scope == "online" or bool(event.online_url and not event.city)
    return {
        "kind": "event", "region": event.region, "region_set": True, "type": event.type, "title": event.title,
        "starts_at": event.starts_at, "ends_at": event.ends_at, "online": online, "online_url": event.online_url,
        "address": event.address, "city": event.city, "departement": event.departement, "branches": list(event.branches),
        "capacity": event.capacity, "deadline": event.registration_deadline, "description": event.description,
        "companies": list(event.companies), "organisers": [list(o) for o in event.organisers],
    }


def read_answer(ctx: AppContext, event: Event, draft: dict[str, Any], step: str, text: str | None, *, preset: str | None = None) -> str | None:
    """Apply one answer (``text`` None: « none », e.g. no limit) to ``draft`` with the /annonce rules;
    return the next question (``link`` after « en ligne »), or None when the answer is complete.
    Raises :class:`DraftError`."""
    if step == "title":
        announce.set_title(draft, text or "")
    elif step == "when":
        announce.set_when(ctx, draft, text or "")
    elif step == "end":
        announce.set_end(draft, text, preset=preset)
    elif step == "place":
        if announce.set_place(ctx, draft, text or ""):
            return "link"
    elif step == "link":
        announce.set_place(ctx, draft, "en ligne")
        announce.set_link(draft, text or "")
    elif step == "capacity":
        announce.set_capacity(draft, text, registered=event.registered)
    elif step == "deadline":
        announce.set_deadline(ctx, draft, text)
    elif step == "description":
        announce.set_description(draft, text)
    elif step == "companies":
        announce.set_companies(draft, text)
    elif step != "branches":
        raise DraftError("stale")
    return None


def changes_of(ctx: AppContext, draft: dict[str, Any], step: str) -> dict[str, Any]:
    """The ``{column: value}`` changes of an answered ``step`` (for :func:`update`)."""
    full = announce.event_input(ctx, draft, check_past=False).model_dump()
    full["scope"] = "online" if draft.get("online") else ("regional" if draft.get("region") else "national")
    return {name: full[name] for name in COLUMNS[step]}


async def edit(ctx: AppContext, role: Role, event_id: int, step: str, draft: dict[str, Any]) -> EventChange:
    """Save the answered ``step`` of ``draft`` (see :func:`read_answer`) over the event."""
    return await update(ctx, role, event_id, changes_of(ctx, draft, step))


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
