"""The bot is private-chat only: updates from groups, supergroups and channels stop here; so do edits.

Registered first (group -10), before anything reads or stores the person. A command in a group
gets, once per group and run, a short French « écris-moi en privé » with a link to the private
chat; a button pressed in a group gets the same as a toast; everything else there is ignored.
Nothing about a group, or about someone writing in it, is stored, and no broadcast can reach it
(broadcasts only go to the ``users`` table, which group updates never reach).

An edited message (``edited_message``) stops here too, wherever it comes from: the bot already answered
the message when it was sent, and answering the edit would repeat that answer, count it twice, or take
the new words as the reply to whatever question waits now (a region, a question to an advisor, a
form's step), long after the person wrote them. The person sees their edit and nothing else; to ask
again, they send a new message. In service Telegram is not even asked for edits (``ALLOWED_UPDATES``,
bot/webhook.py), but edits queued before that setting, or from any other way in, end here.
"""

from __future__ import annotations

from telegram import Update
from telegram.constants import ChatType
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot.context import app_ctx

GROUP = -10


async def guard(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Stop every update that does not come from a private chat (a command there gets one hint)."""
    if update.edited_message is not None:
        raise ApplicationHandlerStop  # already answered when it was sent: nothing new to say
    chat = update.effective_chat
    if chat is None or chat.type == ChatType.PRIVATE:
        return  # private chats, and updates without a chat (inline queries, polls...): the usual handlers
    ctx = app_ctx(context)
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(ctx.renderer.text("common/private_only_toast"))
        elif chat.type in (ChatType.GROUP, ChatType.SUPERGROUP) and update.message is not None and _is_command(update):
            if chat.id not in ctx.groups_told:
                ctx.groups_told.add(chat.id)
                screen = ctx.renderer.render("common/private_only", bot_username=ctx.bot_username)
                await context.bot.send_message(chat.id, screen.text, reply_markup=screen.markup)
    except TelegramError:
        pass  # removed from the group meanwhile, query too old: nothing else to do there
    raise ApplicationHandlerStop


def _is_command(update: Update) -> bool:
    text = update.message.text or ""
    return text.startswith("/")


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, guard), group=GROUP)
