"""/mesannonces: an advisor's events, registrants, date change, cancellation and closing with results.

Every action goes through :mod:`bot.followup`, which checks role, region and ownership (a forged
``mye:<id>`` for another advisor's event is refused there)."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, ConversationHandler, MessageHandler, filters,
)
from telegram.warnings import PTBUserWarning

from bot import callbacks, followup, roles
from bot.events.model import EventError
from bot.events.notify import tell_change
from bot.roles import PermissionDenied
from handlers.common import show, services
from handlers.team import refuse, staff
from storage import broadcasts as bstore

END = ConversationHandler.END
KEY = "suivi"


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
    role = await staff(update, context)
    if role is None:
        return
    await show(update, context, "followup/list", role=role, events=await followup.my_events(services(context), role))


async def my_event(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    await show(update, context, "followup/event", event=event, now=ctx.clock.timestamp(),
               broadcasts=await bstore.of_event(ctx.db, event.id))


async def my_registrants(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    _, people = await followup.registrations(services(context), role, event.id)
    await show(update, context, "followup/registrants", event=event, people=people)


async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _event_from(update, context)
    if found is not None:
        await show(update, context, "followup/confirm_cancel", event=found[1])


async def do_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    try:
        change = await followup.cancel(ctx, role, event.id)
    except EventError as error:
        await show(update, context, "followup/ask", step=None, event=event, error=" ; ".join(error.messages))
        return
    told = await tell_change(context.bot, ctx, change)
    await show(update, context, "followup/done", what="cancelled", told=told)


# --- the small conversations: new date, results ---------------------------------------------------
async def start_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    found = await _event_from(update, context)
    if found is None:
        return END
    parsed = callbacks.parse(update.callback_query.data)
    step = "when" if parsed.kind == "myd" else "results"
    if step == "results" and found[1].starts_at > services(context).clock.timestamp():
        await show(update, context, "followup/ask", new=True, step=None, event=found[1], error="cette action n'a pas encore eu lieu")
        return END
    context.user_data[KEY] = {"event": found[1].id, "step": step}
    await show(update, context, "followup/ask", new=True, step=step, event=found[1], error=None)
    return step


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    from bot.frdate import WhenError, parse_when

    state = context.user_data.get(KEY)
    role = await staff(update, context)
    if role is None or state is None:
        context.user_data.pop(KEY, None)
        return END
    ctx = services(context)
    try:
        event = await followup.owned_event(ctx, role, state["event"])
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return END
    text = update.effective_message.text or ""
    if state["step"] == "when":
        try:
            when = parse_when(text, ctx.clock.now())
            if when <= ctx.clock.now():
                raise WhenError("past")
            change = await followup.update(ctx, role, event.id, {"starts_at": when, "ends_at": when + (event.end - event.start)})
        except (WhenError, EventError):
            await show(update, context, "followup/ask", step="when", event=event, error="when")
            return "when"
        context.user_data.pop(KEY, None)
        told = await tell_change(context.bot, ctx, change)
        await show(update, context, "followup/done", what="changed", told=told)
        return END
    if state["step"] == "results":
        results = followup.parse_results(text, [])
        if results is None:
            await show(update, context, "followup/ask", step="results", event=event, error="results")
            return "results"
        state.update(results=results, step="companies")
        await show(update, context, "followup/ask", step="companies", event=event, error=None)
        return "companies"
    names = [] if text.strip().casefold() in ("aucune", "aucun", "non") else [n.strip() for n in text.split(",") if n.strip()]
    return await _close(update, context, role, event, names[:30])


async def all_companies(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    found = await _event_from(update, context)
    state = context.user_data.get(KEY)
    if found is None or state is None or state.get("step") != "companies" or state["event"] != found[1].id:
        return END
    return await _close(update, context, found[0], found[1], list(found[1].companies))


async def _close(update, context, role, event, companies) -> object:
    state = context.user_data.pop(KEY)
    results = dict(state["results"], companies_present=companies)
    try:
        await followup.close(services(context), role, event.id, results)
    except EventError as error:
        await show(update, context, "followup/ask", new=True, step=None, event=event, error=" ; ".join(error.messages))
        return END
    await show(update, context, "followup/done", new=True, what="closed", told=None)
    return END


async def leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    context.user_data.pop(KEY, None)
    await show(update, context, "announce/ended", new=True, why="cancelled", hours=0)
    return END


def register(app: Application) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)
        app.add_handler(ConversationHandler(
            entry_points=[CallbackQueryHandler(start_edit, pattern=callbacks.pattern("myd", "mycl"))],
            states={
                "when": [MessageHandler(filters.TEXT & ~filters.COMMAND, on_text)],
                "results": [MessageHandler(filters.TEXT & ~filters.COMMAND, on_text)],
                "companies": [MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
                              CallbackQueryHandler(all_companies, pattern=callbacks.pattern("mycp"))],
            },
            fallbacks=[CommandHandler("annuler", leave)],
            name=KEY, persistent=app.persistence is not None, allow_reentry=True,
        ))
    app.add_handler(CommandHandler("mesannonces", my_list))
    app.add_handler(CallbackQueryHandler(my_list, pattern=callbacks.pattern("mya")))
    app.add_handler(CallbackQueryHandler(my_event, pattern=callbacks.pattern("mye")))
    app.add_handler(CallbackQueryHandler(my_registrants, pattern=callbacks.pattern("myr")))
    app.add_handler(CallbackQueryHandler(ask_cancel, pattern=callbacks.pattern("myc")))
    app.add_handler(CallbackQueryHandler(do_cancel, pattern=callbacks.pattern("mycy")))
