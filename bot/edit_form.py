"""Changing a published action (/mesannonces → « Modifier »), declared as a form (bot/forms.py).

It starts prefilled from the event, on the « Modifier » menu (``mym:<event>``) or on one question (the
older buttons ``myf:<event>:<step>`` and ``myd:<event>``: the date). The questions are the steps of
/annonce (bot/announce_form.py), with the same parsers and checks; they are only asked when chosen
(« jump to a step, then back »), and there is no preview: the answer is saved at once, the people
registered or waiting are told, and the advisor sees what changed and how many were told."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from bot import announce, announce_form, followup
from bot.announce_form import LIMITS
from bot.context import AppContext
from bot.events import details
from bot.events import service as events
from bot.events.model import Event, EventError
from bot.events.notify import tell_change
from bot.forms import MENU, Finished, Form, FormError, Step
from bot.roles import Role

#: The steps of /annonce that are not offered once the action is published.
FIXED = frozenset({"kind", "region", "type", "organisers"})


def _never(data: dict[str, Any]) -> bool:
    return False


#: The /annonce steps, asked only when chosen from the menu (or by the previous one: « en ligne » → the link).
STEPS = tuple(dataclasses.replace(step, asked=_never) for step in announce_form.EVENT_STEPS if step.name not in FIXED)
MENU_STEPS = frozenset(step.name for step in STEPS) - {"link"}


def steps(data: dict[str, Any]) -> tuple[Step, ...]:
    return STEPS


def editable(role: Role | None, data: dict[str, Any]) -> set[str]:
    return set(MENU_STEPS)


def still_editable(event: Event, now: int) -> bool:
    return event.status == "a_venir" and event.starts_at > now


async def start(ctx: AppContext, role: Role, args: list[str]) -> tuple[dict[str, Any], str]:
    """``mym:<id>`` (the menu), ``myf:<id>:<step>`` or ``myd:<id>`` (one question): the action must be the role's."""
    kind = args[0] if args else ""
    event_id = int(args[1]) if len(args) > 1 and re.fullmatch(r"[0-9]{1,12}", args[1]) else None
    event = await followup.owned_event(ctx, role, event_id)
    step = MENU if kind == "mym" else "when" if kind == "myd" else (args[2] if len(args) > 2 else "")
    if step != MENU and step not in MENU_STEPS:
        raise FormError("stale")
    if not still_editable(event, ctx.clock.timestamp()):
        raise FormError("not_editable", title=event.title)
    draft = followup.as_draft(event)
    return {**draft, "event": event.id, "registered": event.registered, "before": draft}, step


async def values(ctx: AppContext, role: Role, data: dict[str, Any], step: str) -> dict[str, Any]:
    """The action as it is now (« Actuellement : … »), the end buttons, the limits."""
    event = await events.get_event(ctx, data["event"])
    return {"event": event, "limits": LIMITS, "event_details": details.BY_NAME, "ends": announce.end_options(data) if step == "end" else []}


async def save(ctx: AppContext, role: Role, data: dict[str, Any], chat_id: int, bot: Any) -> Finished:
    """Write what the answer changed; tell the people registered or waiting; say what changed and to how many."""
    try:
        change = await followup.edit(ctx, role, data["event"], data["before"], data)
    except EventError as error:
        raise FormError("event", messages=error.messages) from None
    told = await tell_change(bot, ctx, change)
    return Finished([("followup/done", {"what": "changed", "told": told, "event": change.after, "fields": change.changed,
                                        "promoted": len(change.promoted), "notes": data.get("_notes", [])})])


FORM = Form(
    name="modif", kind="edt", template="followup/ask", steps=steps, start=start, finish=save,
    ended_template="followup/edit_ended", menu_template="followup/edit", values=values, editable=editable,
    buttons=("mym", "myf", "myd"), leaves=("mya", "mye", "mesannonces"), expires_hours=24,
)
