"""The error handler: log the failure, tell the person in French, never show internals."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TimedOut
from telegram.ext import Application, ContextTypes

from bot.context import app_ctx
from bot.retry import never_written
from handlers.common import answer_chat_id

log = logging.getLogger(__name__)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the exception and apologise to the person, if there is one."""
    log.error("erreur pendant le traitement d'une mise à jour", exc_info=context.error)
    chat_id = answer_chat_id(update) if isinstance(update, Update) else None
    if chat_id is None:
        return
    if isinstance(context.error, TimedOut) and not never_written(context.error):
        return  # the answer left and most likely arrived, only Telegram's reply was lost: no apology
    try:
        text = app_ctx(context).renderer.render("common/error").text
        await context.bot.send_message(chat_id, text)
    except Exception:  # the apology itself failed: nothing more to do than log
        log.exception("impossible de prévenir la personne de l'erreur")


def register(app: Application) -> None:
    app.add_error_handler(on_error)
