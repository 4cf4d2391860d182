"""/mesannonces: an advisor's events, registrants and cancellation (« Modifier »: the form of bot/edit_form.py,
closing with results: bot/close_form.py; both driven by handlers/forms.py).

Every action goes through :mod:`bot.followup`, which checks role, region and ownership (a forged
``mye:<id>`` for another advisor's event is refused there)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import followup, roles
from bot.broadcast import service as broadcast_service
from bot.events.model import EventError
from bot.events.notify import tell_change
from bot.roles import PermissionDenied
from handlers.common import button, command, number, refuse, services, show, staff


async def _event_from(update: Update, context, event_id: int, kinds=roles.KINDS):
    """(role, event) for the pressed button, or None after telling why not."""
    role = await staff(update, context, kinds)
    if role is None:
        return None
    try:
        event = await followup.owned_event(services(context), role, event_id)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return None
    return role, event


@command("mesannonces")
@button("mya")
async def my_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mesannonces: the person's actions (a regional coordinator: the region's)."""
    role = await staff(update, context)
    if role is None:
        return
    await show(update, context, "followup/list", role=role, events=await followup.my_events(services(context), role))


@button("mye", args=(number,))
async def my_event(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """One action: status, registrations, broadcasts, and what can be done with it."""
    found = await _event_from(update, context, event_id)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    await show(update, context, "followup/event", event=event, now=ctx.clock.timestamp(),
               broadcasts=await broadcast_service.of_event(ctx, event.id))


@button("myr", args=(number,))
async def my_registrants(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """The registered and waiting people (names only for those who agreed)."""
    found = await _event_from(update, context, event_id)
    if found is None:
        return
    role, event = found
    _, people = await followup.registrations(services(context), role, event.id)
    await show(update, context, "followup/registrants", event=event, people=people)


@button("myc", args=(number,))
async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """« Annuler l'action »: ask for confirmation."""
    found = await _event_from(update, context, event_id)
    if found is not None:
        await show(update, context, "followup/confirm_cancel", event=found[1])


@button("mycy", args=(number,))
async def do_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """Cancel the action and tell the registered people."""
    found = await _event_from(update, context, event_id)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    try:
        change = await followup.cancel(ctx, role, event.id)
    except EventError as error:
        await show(update, context, "followup/ask", step=None, event=event, error="event", details={"messages": error.messages})
        return
    told = await tell_change(context.bot, ctx, change)
    await show(update, context, "followup/done", what="cancelled", told=told)

