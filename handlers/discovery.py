"""Discovering jobs: the branches, a branch's jobs, a job card; pagination and a way back."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes

from bot import callbacks, deeplinks
from bot.journey import favourites
from handlers.common import person, services, show

BRANCHES_PER_PAGE = 7
JOBS_PER_PAGE = 6


def _page(items: list, page: int, size: int) -> tuple[list, int, int]:
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    return items[page * size:(page + 1) * size], page, pages


async def branches(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int = 0) -> None:
    """The list of branches, a page at a time."""
    await person(update, context)
    ctx = services(context)
    shown, page, pages = _page(ctx.catalogue.branches, page, BRANCHES_PER_PAGE)
    await show(update, context, "discovery/branches", branches=shown, page=page, pages=pages, total=len(ctx.catalogue.branches))


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
    shown, page, pages = _page(ctx.catalogue.jobs_of[found.id], page, JOBS_PER_PAGE)
    await show(update, context, "discovery/branch", branch=found, jobs=shown, page=page, pages=pages)


async def job(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, *, new: bool = False, notice: str = "") -> None:
    """A job card (``notice``: 'added' / 'removed' after the favourite button)."""
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
    await show(update, context, "discovery/job", job=found, branch=home, leads=leads, favourite=favourite, notice=notice, new=new)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every discovery button: ``brl[:page]``, ``br:<branch>[:page]``, ``job:<id>``."""
    data = callbacks.parse(update.callback_query.data)
    if data is None:
        await show(update, context, "common/stale")
    elif data.kind == "brl":
        await branches(update, context, data.int_arg(0, 0))
    elif data.kind == "br":
        await branch(update, context, data.arg(0, ""), data.int_arg(1, 0))
    else:
        await job(update, context, data.arg(0, ""))


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
    app.add_handler(CallbackQueryHandler(on_button, pattern=callbacks.pattern("brl", "br", "job")))
    deeplinks.register("metier", open_job_link)
    deeplinks.register("branche", open_branch_link)
