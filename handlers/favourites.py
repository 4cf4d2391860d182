"""Favourites: /favoris (the list, ❌ to remove) and sharing a job card (« Ça m'intéresse » is on the card: handlers/discovery.py)."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import deeplinks, screens
from bot.journey import favourites
from handlers.common import button, command, person, services, show


@command("favoris")
@button("favl")
async def favourites_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/favoris: each favourite one tap from its card, removable."""
    row = await person(update, context)
    jobs = await favourites.jobs(services(context), row["chat_id"])
    await show(update, context, "favourites/list", jobs=jobs)


@button("unfl", args=(str,))
async def remove_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str) -> None:
    """``unfl:<job>`` (❌ in the list): remove the favourite, back to the list."""
    row = await person(update, context)
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


@button("shr", args=(str,))
async def share_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str) -> None:
    """``shr:<job>``: the shareable link of a job card."""
    if services(context).catalogue.job(job_id) is None:
        await show(update, context, "common/stale")
        return
    await share(update, context, job_id)


def register(app: Application) -> None:
    screens.register("favoris", favourites_list)  # « mes favoris » typed
