"""The router of every declared command and button (handlers/common.py), then whatever nothing else
understood: unknown commands, other message types (stale or forged buttons: the router answers them)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from bot.journey import profile
from handlers.common import add_routes, person, services, show


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
    await show(update, context, "common/not_understood", kind=kind, region_question=bool(context.user_data.get(profile.AWAITING_REGION)))


def register(app: Application) -> None:
    add_routes(app)  # every feature module is imported (bot.app.handler_modules): all are declared
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & ~filters.StatusUpdate.ALL, not_understood))
