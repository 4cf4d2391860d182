"""Text messages that answer a question the bot asked (postal code, a question to an advisor, an answer).

What the chat is writing lives in the database (``question_drafts``), so that every instance of the
bot agrees; a chat seen without one is not read again for a minute (``service.current_step``). Features register a function per step with ``common.register_step``;
it runs before the search.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot import callbacks
from bot.missions_locales import service
from handlers.common import KEEP_KINDS, STEPS, services, show

GROUP = -3
#: Steps where a message goes to another person: no photos nor documents (privacy of minors).
WRITING = ("write", "preview", "reply", "answer")
MEDIA = (filters.PHOTO | filters.Document.ALL | filters.VIDEO | filters.VOICE | filters.AUDIO | filters.VIDEO_NOTE | filters.ANIMATION
         | filters.Sticker.ALL | filters.LOCATION | filters.CONTACT)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Route a text message to the step the chat is in; commands abandon a pending question."""
    user = update.effective_user
    message = update.effective_message
    if user is None or message is None or message.text is None:
        return
    ctx = services(context)
    if message.text.startswith("/"):
        await service.abandon_step(ctx, user.id)  # the person moved on (the thread itself stays open)
        return
    draft = await service.current_step(ctx, user.id)
    if draft is None:
        return
    handler = STEPS.get(draft["step"])
    if handler is None:
        return
    if await handler(update, context, draft) is not False:
        raise ApplicationHandlerStop


async def on_media(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A photo, document or voice message while writing to an advisor or to a young person: refused politely."""
    user = update.effective_user
    if user is None:
        return
    draft = await service.current_step(services(context), user.id)
    if draft is None or draft["step"] not in WRITING:
        return
    await show(update, context, "questions/no_media", staff=draft["step"] == "answer")
    raise ApplicationHandlerStop


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another feature's button abandons what the chat was writing."""
    data = callbacks.parse(update.callback_query.data)
    if data is not None and data.kind in KEEP_KINDS:
        return
    await service.abandon_step(services(context), update.effective_user.id)


def register(app: Application) -> None:
    app.add_handler(MessageHandler(filters.TEXT, on_text), group=GROUP)
    app.add_handler(MessageHandler(MEDIA, on_media), group=GROUP)
    app.add_handler(CallbackQueryHandler(on_button), group=GROUP)
