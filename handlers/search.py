"""Search: /recherche <mots>, the « Chercher » button, and any free text that is not a command.

Registered just before the fallback: conversations of other features (typed answers) come first.
A typed answer to the region question is recognised by the journey service before searching.
"""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot import callbacks
from bot.catalogue.regions import fold
from bot.catalogue.search import looks_foreign, small_talk
from bot.journey import profile
from handlers.common import person, services, show, show_region

#: Longer than this, a message is not a search (a pasted text, a story...).
MAX_SEARCH_CHARS = 300


async def run_search(update: Update, context: ContextTypes.DEFAULT_TYPE, row, query: str) -> None:
    """Search the catalogue and show at most 5 jobs; nothing found is recorded as a content gap."""
    ctx = services(context)
    index = ctx.search
    hits = index.search(query)
    region = row["region"] if row else None
    key = index.key(query)
    if hits:
        await ctx.log.record(row["chat_id"], "search", key, region=region)
        await show(update, context, "search/results", query=query.strip(), hits=hits)
    else:
        await ctx.log.record(row["chat_id"], "search_unmet", key, region=region)
        await show(update, context, "search/none", query=query.strip())


async def recherche(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/recherche <mots>; without words, the prompt."""
    row = await person(update, context)
    words = " ".join(context.args or [])
    if not fold(words):
        await show(update, context, "search/prompt")
        return
    await on_words(update, context, row, words)


async def prompt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Chercher un métier »: how to search."""
    await person(update, context)
    await show(update, context, "search/prompt")


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Free text: a region answer, a search, or a kind answer to what is not one."""
    row = await person(update, context)
    if row is None:
        return
    text = update.effective_message.text or ""
    answer = await profile.region_answer(services(context), row, text, bool(context.user_data.get(profile.AWAITING_REGION)))
    if answer is not None:
        await show_region(update, context, answer)
        return
    await on_words(update, context, row, text)


async def on_words(update: Update, context: ContextTypes.DEFAULT_TYPE, row, text: str) -> None:
    """Search the words, unless they are clearly not a search (too long, emoji only, small talk, another language)."""
    ctx = services(context)
    problem = None
    if len(text) > MAX_SEARCH_CHARS:
        problem = "too_long"
    elif not fold(text):
        problem = "emoji" if text.strip() else "empty"
    elif small_talk(text):
        problem = small_talk(text)
    elif looks_foreign(text):
        problem = "foreign"
    if problem is not None:
        await ctx.log.record(row["chat_id"], "unrecognised", problem, region=row["region"])
        await show(update, context, "search/not_a_search", problem=problem)
        return
    await run_search(update, context, row, text)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("recherche", recherche))
    app.add_handler(CallbackQueryHandler(prompt, pattern=callbacks.pattern("srch")))
    app.add_handler(MessageHandler(filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND, on_text))
