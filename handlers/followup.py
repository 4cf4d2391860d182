"""/mesannonces: an advisor's events, registrants and cancellation (« Modifier »: the form of bot/edit_form.py,
closing with results: bot/close_form.py; both driven by handlers/forms.py).

Every action goes through :mod:`bot.followup`, which checks role, region and ownership (a forged
``mye:<id>`` for another advisor's event is refused there)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, followup, roles
from bot.broadcast import service as broadcast_service
from bot.events.model import EventError
from bot.events.notify import tell_change
from bot.roles import PermissionDenied
from handlers.common import refuse, services, show, staff


async def _event_from(update: Update, context, kinds=roles.KINDS):
    """(role, event) for the pressed button, or None after telling why not."""
    role = await staff(update, context, kinds)
    if role is None:
        return None
    parsed = callbacks.parse(update.callback_query.data) if update.callback_query else None
    try:
        event = await followup.owned_event(services(context), role, parsed.int_arg(0) if parsed else None)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return None
    return role, event


async def my_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mesannonces: the person's actions (a regional coordinator: the region's)."""
    role = await staff(update, context)
    if role is None:
        return
    await show(update, context, "followup/list", role=role, events=await followup.my_events(services(context), role))


async def my_event(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One action: status, registrations, broadcasts, and what can be done with it."""
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    await show(update, context, "followup/event", event=event, now=ctx.clock.timestamp(),
               broadcasts=await broadcast_service.of_event(ctx, event.id))


async def my_registrants(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The registered and waiting people (names only for those who agreed)."""
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    _, people = await followup.registrations(services(context), role, event.id)
    await show(update, context, "followup/registrants", event=event, people=people)


async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Annuler l'action »: ask for confirmation."""
    found = await _event_from(update, context)
    if found is not None:
        await show(update, context, "followup/confirm_cancel", event=found[1])


async def do_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel the action and tell the registered people."""
    found = await _event_from(update, context)
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


def register(app: Application) -> None:
    app.add_handler(CommandHandler("mesannonces", my_list))
    app.add_handler(CallbackQueryHandler(my_list, pattern=callbacks.pattern("mya")))
    app.add_handler(CallbackQueryHandler(my_event, pattern=callbacks.pattern("mye")))
    app.add_handler(CallbackQueryHandler(my_registrants, pattern=callbacks.pattern("myr")))
    app.add_handler(CallbackQueryHandler(ask_cancel, pattern=callbacks.pattern("myc")))
    app.add_handler(CallbackQueryHandler(do_cancel, pattern=callbacks.pattern("mycy")))
