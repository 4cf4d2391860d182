"""Whatever nothing else understood: unknown commands, other message types, stale or forged buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from handlers.common import person, services, show


def _message_type(update: Update) -> str:
    message = update.effective_message
    for kind in ("sticker", "photo", "voice", "video", "video_note", "audio", "document", "location", "contact", "animation", "poll", "dice"):
        if message is not None and getattr(message, kind, None):
            return kind
    return "text" if message is not None and message.text else "other"


async def not_understood(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A short, helpful answer and the menu."""
    row = await person(update, context)
    kind = _message_type(update)
    await services(context).log.record(update.effective_user.id, "unrecognised", kind, region=row["region"] if row else None)
    await show(update, context, "common/not_understood", kind=kind)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old message, another version, or forged data."""
    await person(update, context)
    await show(update, context, "common/stale")


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, not_understood))
    app.add_handler(CallbackQueryHandler(stale_button))
