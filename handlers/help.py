"""/aide: what the bot does."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks

from handlers.common import person, show


async def aide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot offers and its commands."""
    await person(update, context)
    await show(update, context, "start/help")


def register(app: Application) -> None:
    app.add_handler(CommandHandler(["aide", "help"], aide))
    app.add_handler(CallbackQueryHandler(aide, pattern=callbacks.pattern("help")))
