"""/start (with its deep links) and the main menu."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, deeplinks
from handlers.common import person, services, show


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Greet the person, or open what the deep link points to."""
    row = await person(update, context)
    ctx = services(context)
    payload = context.args[0] if context.args else ""
    parsed = deeplinks.split(payload)
    kind = parsed[0] if parsed else ("invalid" if payload else "")
    await ctx.log.record(update.effective_user.id, "start", kind, region=row["region"] if row else None)
    if parsed:
        handler = deeplinks.handler_for(parsed[0])
        if handler is not None and await handler(update, context, parsed[1]):
            return
    await show(update, context, "start/welcome", first_name=update.effective_user.first_name, row=row)


async def menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The main menu, one tap away from every answer."""
    row = await person(update, context)
    await services(context).log.record(update.effective_user.id, "menu", region=row["region"] if row else None)
    await show(update, context, "start/menu")


def register(app: Application) -> None:
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("menu", menu))
    app.add_handler(CallbackQueryHandler(menu, pattern=callbacks.pattern("menu")))
