"""/aide: what the bot does."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import button, command, person, show


@command("aide", "help")
@button("help")
async def aide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot offers and its commands."""
    await person(update, context)
    await show(update, context, "start/help")
