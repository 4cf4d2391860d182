"""Favourites (« Ça m'intéresse », /favoris) and sharing a job card."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, deeplinks
from bot.journey import favourites
from handlers import discovery
from handlers.common import person, services, show


async def favourites_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/favoris: each favourite one tap from its card, removable."""
    row = await person(update, context)
    jobs = await favourites.jobs(services(context), row["chat_id"])
    await show(update, context, "favourites/list", jobs=jobs)


async def add(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str) -> None:
    """« Ça m'intéresse »: add the job to the favourites, back to its card."""
    row = await person(update, context)
    await favourites.add(services(context), row["chat_id"], job_id, row["region"])
    await discovery.job(update, context, job_id, notice="added")


async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, back_to: str) -> None:
    """Remove a favourite; back to the card (``j``) or the list (``l``)."""
    row = await person(update, context)
    await favourites.remove(services(context), row["chat_id"], job_id, row["region"])
    if back_to == "j":
        await discovery.job(update, context, job_id, notice="removed")
    else:
        await favourites_list(update, context)


async def share(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str) -> None:
    """A deep link to the card, in a new message the person can forward."""
    row = await person(update, context)
    ctx = services(context)
    job = ctx.catalogue.job(job_id)
    await ctx.log.record(row["chat_id"], "share", job_id, region=row["region"])
    link = deeplinks.link(ctx.bot_username, "metier", job_id)
    await show(update, context, "favourites/share", job=job, link=link, new=True)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``fav:<job>``, ``unf:<job>:j|l``, ``favl``, ``shr:<job>``; unknown jobs get the stale screen."""
    data = callbacks.parse(update.callback_query.data)
    catalogue = services(context).catalogue
    if data is not None and data.kind == "favl":
        await favourites_list(update, context)
    elif data is None or catalogue.job(data.arg(0, "")) is None:
        await show(update, context, "common/stale")
    elif data.kind == "fav":
        await add(update, context, data.arg(0))
    elif data.kind == "unf":
        await remove(update, context, data.arg(0), data.arg(1, "l"))
    else:
        await share(update, context, data.arg(0))


def register(app: Application) -> None:
    app.add_handler(CommandHandler("favoris", favourites_list))
    app.add_handler(CallbackQueryHandler(on_button, pattern=callbacks.pattern("fav", "unf", "favl", "shr")))
