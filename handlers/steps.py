"""Text messages that answer a question the bot asked (postal code, a question to an advisor, an answer).

What the chat is writing lives in the database (``question_drafts``), read at each message, so that
every instance of the bot agrees. Features register a function per step with ``common.register_step``;
it runs before the search.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import callbacks
from bot.missions_locales import service
from handlers.common import KEEP_KINDS, STEPS, services

GROUP = -3


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a text message to the step the chat is in; commands abandon a pending question."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or message.text is None:
        return
    ctx = services(context)
    draft = await service.current_step(ctx, user.id)
    if draft is None:
        return
    if message.text.startswith("/"):
        await service.forget_step(ctx, user.id)  # the person moved on (the thread itself stays open)
        return
    handler = STEPS.get(draft["step"])
    if handler is None:
        return
    if await handler(update, context, draft) is not False:
        raise ApplicationHandlerStop


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another feature's button abandons what the chat was writing."""
    data = callbacks.parse(update.callback_query.data)
    if data is not None and data.kind in KEEP_KINDS:
        return
    ctx = services(context)
    if await service.current_step(ctx, update.effective_user.id) is not None:
        await service.forget_step(ctx, update.effective_user.id)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.TEXT, on_text), group=GROUP)
    app.add_handler(CallbackQueryHandler(on_button), group=GROUP)
