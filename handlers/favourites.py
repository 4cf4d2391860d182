"""Favourites: /favoris (the list, ❌ to remove) and sharing a job card (« Ça m'intéresse » is on the card: handlers/discovery.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, deeplinks
from bot.journey import favourites
from handlers.common import person, services, show


async def favourites_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/favoris: each favourite one tap from its card, removable."""
    row = await person(update, context)
    jobs = await favourites.jobs(services(context), row["chat_id"])
    await show(update, context, "favourites/list", jobs=jobs)


async def remove_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``unfl:<job>`` (❌ in the list): remove the favourite, back to the list."""
    data = callbacks.parse(update.callback_query.data)
    row = await person(update, context)
    job_id = data.arg(0, "") if data else ""
    if services(context).catalogue.job(job_id) is None:
        await show(update, context, "common/stale")
        return
    await favourites.remove(services(context), row["chat_id"], job_id, row["region"])
    await favourites_list(update, context)


async def share(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str) -> None:
    """A deep link to the card, in a new message the person can forward."""
    row = await person(update, context)
    ctx = services(context)
    job = ctx.catalogue.job(job_id)
    await ctx.log.record(row["chat_id"], "share", job_id, region=row["region"])
    link = deeplinks.link(ctx.bot_username, "metier", job_id)
    await show(update, context, "favourites/share", job=job, link=link, new=True)


async def share_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``shr:<job>``: the shareable link of a job card."""
    data = callbacks.parse(update.callback_query.data)
    job_id = data.arg(0, "") if data else ""
    if services(context).catalogue.job(job_id) is None:
        await show(update, context, "common/stale")
        return
    await share(update, context, job_id)


def register(app: Application) -> None:
    app.add_handler(CommandHandler("favoris", favourites_list))
    app.add_handler(CallbackQueryHandler(favourites_list, pattern=callbacks.pattern("favl")))
    app.add_handler(CallbackQueryHandler(remove_pressed, pattern=callbacks.pattern("unfl")))
    app.add_handler(CallbackQueryHandler(share_pressed, pattern=callbacks.pattern("shr")))
