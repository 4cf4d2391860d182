"""Inline mode: ``@bot vendeuse`` in any conversation lists matching jobs; the shared card links back to the bot."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle, InputTextMessageContent, Update
from telegram.constants import ParseMode
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes, InlineQueryHandler

from bot import deeplinks
from handlers.common import services

#: Jobs offered for one inline query.
MAX_INLINE = 10
#: Cached by Telegram for this many seconds (the catalogue rarely changes).
CACHE_SECONDS = 300


async def inline_jobs(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Matching jobs as shareable cards (empty query: a few jobs of the biggest branches); nothing is recorded."""
    ctx = services(context)
    query = (update.inline_query.query or "").strip()
    jobs = [h.job for h in ctx.search.search(query, limit=MAX_INLINE)] if query else [
        ctx.catalogue.jobs_of[b.id][0] for b in ctx.catalogue.branches[:MAX_INLINE]]
    results = []
    for job in jobs:
        link = deeplinks.link(ctx.bot_username, "metier", job.id)
        screen = ctx.renderer.render("discovery/inline_card", job=job, branch=ctx.catalogue.branch_for_job(job.id), link=link)
        label = ctx.renderer.text("discovery/inline_button").strip()
        results.append(InlineQueryResultArticle(
            id=job.id[:64], title=ctx.renderer.text("discovery/inline_title", job=job).strip(), description=job.accroche[:120],
            input_message_content=InputTextMessageContent(screen.text, parse_mode=ParseMode.HTML),
            reply_markup=InlineKeyboardMarkup([[InlineKeyboardButton(label, url=link)]]),
        ))
    try:
        await update.inline_query.answer(results, cache_time=CACHE_SECONDS, is_personal=False)
    except TelegramError:
        pass  # the person typed on: the query is too old


def register(app: Application) -> None:
    app.add_handler(InlineQueryHandler(inline_jobs))
