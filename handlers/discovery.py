"""Discovering jobs: the branches, a branch's jobs, a job card; pagination and a way back."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, deeplinks, screens
from bot.catalogue.links import next_steps
from bot.journey import favourites, profile
from bot.paging import page_of
from handlers.common import person, services, show, show_cached

BRANCHES_PER_PAGE = 7
JOBS_PER_PAGE = 6


async def branches(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int = 0) -> None:
    """The list of branches, a page at a time."""
    await person(update, context)
    ctx = services(context)
    shown, page, pages = page_of(ctx.catalogue.branches, page, BRANCHES_PER_PAGE)
    await show_cached(update, context, "discovery/branches", (page,), branches=shown, page=page, pages=pages, total=len(ctx.catalogue.branches))


async def branches_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/metiers."""
    await branches(update, context)


async def branch(update: Update, context: ContextTypes.DEFAULT_TYPE, branch_id: str, page: int = 0) -> None:
    """The jobs of one branch."""
    row = await person(update, context)
    ctx = services(context)
    found = ctx.catalogue.branch(branch_id)
    if found is None:
        await show(update, context, "common/stale")
        return
    await ctx.log.record(update.effective_user.id, "branch_view", found.id, region=row["region"] if row else None, branch=found.id)
    shown, page, pages = page_of(ctx.catalogue.jobs_of[found.id], page, JOBS_PER_PAGE)
    await show_cached(update, context, "discovery/branch", (found.id, page), branch=found, jobs=shown, page=page, pages=pages)


async def job(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, *, new: bool = False, notice: str = "", full: bool = False,
              origin: str = "") -> None:
    """A job card: short first (``full``: everything), with next-step links for the person's département
    (``notice``: 'added' / 'removed' after the favourite button)."""
    row = await person(update, context)
    ctx = services(context)
    found = ctx.catalogue.job(job_id)
    if found is None:
        await show(update, context, "common/stale")
        return
    home = ctx.catalogue.branch_for_job(found.id)
    await ctx.log.record(update.effective_user.id, "job_view", found.id, region=row["region"] if row else None, branch=home.id)
    leads = [ctx.catalogue.job(j) for j in found.evolutions if ctx.catalogue.job(j)]
    favourite = row is not None and await favourites.has(ctx, row["chat_id"], found.id)
    departement = profile.departement_of(ctx, row)
    links = next_steps(ctx.catalogue.links, found, departement)
    place = ctx.catalogue.regions.departements[departement][0].nom if departement in ctx.catalogue.regions.departements else ""
    values = dict(job=found, branch=home, leads=leads, favourite=favourite, notice=notice, full=full, links=links, place=place, origin=origin)
    if new:
        await show(update, context, "discovery/job", new=True, **values)
    else:
        await show_cached(update, context, "discovery/job", (found.id, favourite, notice, full, departement, origin), **values)


async def branches_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``brl[:page]``: the branches."""
    data = callbacks.parse(update.callback_query.data)
    await branches(update, context, data.int_arg(0, 0) if data else 0)


async def branch_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``br:<branch>[:page]``: one branch's jobs."""
    data = callbacks.parse(update.callback_query.data)
    await branch(update, context, data.arg(0, "") if data else "", data.int_arg(1, 0) if data else 0)


async def job_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """``job:<id>[:q]``: a job card; ``jobf:<id>[:q]``: « En savoir plus », the whole card (``q``: opened from
    the quiz result, the back button goes back there)."""
    data = callbacks.parse(update.callback_query.data)
    await job(update, context, data.arg(0, "") if data else "", full=data is not None and data.kind == "jobf",
              origin="quiz" if data is not None and data.arg(1) == "q" else "")


async def favourite_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Ça m'intéresse » (``fav:<job>``) / « retirer » (``unf:<job>``) on a card: back to the card, with a notice."""
    data = callbacks.parse(update.callback_query.data)
    row = await person(update, context)
    ctx = services(context)
    job_id = data.arg(0, "") if data else ""
    if ctx.catalogue.job(job_id) is None:
        await show(update, context, "common/stale")
        return
    if data.kind == "fav":
        await favourites.add(ctx, row["chat_id"], job_id, row["region"])
    else:
        await favourites.remove(ctx, row["chat_id"], job_id, row["region"])
    await job(update, context, job_id, notice="added" if data.kind == "fav" else "removed", full=data.arg(1) == "f")


async def open_job_link(update: Update, context: ContextTypes.DEFAULT_TYPE, value: str) -> bool:
    """Deep link ``metier_<id>``."""
    if services(context).catalogue.job(value) is None:
        return False
    await job(update, context, value, new=True)
    return True


async def open_branch_link(update: Update, context: ContextTypes.DEFAULT_TYPE, value: str) -> bool:
    """Deep link ``branche_<idcc>``."""
    found = services(context).catalogue.branch_by_idcc.get(value)
    if found is None:
        return False
    await branch(update, context, found.id)
    return True


def register(app: Application) -> None:
    app.add_handler(CommandHandler("metiers", branches_command))
    app.add_handler(CallbackQueryHandler(branches_pressed, pattern=callbacks.pattern("brl")))
    app.add_handler(CallbackQueryHandler(branch_pressed, pattern=callbacks.pattern("br")))
    app.add_handler(CallbackQueryHandler(job_pressed, pattern=callbacks.pattern("job", "jobf")))
    app.add_handler(CallbackQueryHandler(favourite_pressed, pattern=callbacks.pattern("fav", "unf")))
    deeplinks.register("metier", open_job_link)
    deeplinks.register("branche", open_branch_link)
    screens.register("branche", branch)
