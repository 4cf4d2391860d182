"""Discovering jobs: the branches, a branch's jobs, a job card; pagination and a way back."""

from __future__ import annotations

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import deeplinks, screens
from bot.catalogue.links import next_steps
from bot.journey import favourites, profile
from bot.paging import page_of
from handlers.common import button, choice, command, number, person, services, show, show_cached

BRANCHES_PER_PAGE = 7
JOBS_PER_PAGE = 6


@command("metiers")
@button("brl", args=(number,), optional=1)
async def branches(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int = 0) -> None:
    """/metiers, ``brl[:page]``: the list of branches, a page at a time."""
    await person(update, context)
    ctx = services(context)
    shown, page, pages = page_of(ctx.catalogue.branches, page, BRANCHES_PER_PAGE)
    await show_cached(update, context, "discovery/branches", (page,), branches=shown, page=page, pages=pages, total=len(ctx.catalogue.branches))


@button("br", args=(str, number), optional=1)
async def branch(update: Update, context: ContextTypes.DEFAULT_TYPE, branch_id: str, page: int = 0) -> None:
    """``br:<branch>[:page]``: the jobs of one branch."""
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
    """A job card: short first (``full``: everything), with next-step links for the person's département, else
    their region (then « 📮 Donner mon code postal »), else the whole of France (``notice``: 'added' / 'removed'
    after the favourite button; ``origin``: where it was opened, see :func:`came_from`)."""
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
    departement, region = profile.place_of(ctx, row)
    links = next_steps(ctx.catalogue.links, found, departement, region)
    place = ctx.catalogue.regions.departements[departement][0].nom if departement in ctx.catalogue.regions.departements else ""
    values = dict(job=found, branch=home, leads=leads, favourite=favourite, notice=notice, full=full, links=links, place=place, origin=origin,
                  region_name=ctx.catalogue.regions.name(region))
    if new:
        await show(update, context, "discovery/job", new=True, **values)
    else:
        await show_cached(update, context, "discovery/job", (found.id, favourite, notice, full, departement, region, origin), **values)


def came_from(text: str) -> str:
    """Where a job card was opened, after its id (its « ⬅️ » goes back there): ``q`` the quiz result, ``v`` the
    list of favourites (/favoris), ``s<page>`` that page of the latest search's results, a page number (``1``:
    the second page) that page of its branch's jobs."""
    if text not in ("q", "v") and not (text.isdigit() and len(text) <= 3) and not (len(text) == 2 and text[0] == "s" and text[1].isdigit()):
        raise ValueError(text)
    return text


#: ``f`` after a favourite button: pressed on the whole card (« En savoir plus »); ``-``: on the short one.
WHOLE = choice("f", "-")


@button("job", args=(str, came_from), optional=1)
async def job_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, origin: str = "") -> None:
    """``job:<id>[:<q|v|s<page>|page>]``: a job card."""
    await job(update, context, job_id, origin=origin)


@button("jobf", args=(str, came_from), optional=1)
async def whole_job_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, origin: str = "") -> None:
    """``jobf:<id>[:<q|v|s<page>|page>]``: « En savoir plus », the whole card."""
    await job(update, context, job_id, full=True, origin=origin)


@button("fav", args=(str, WHOLE, came_from), optional=2)
async def favourite_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, whole: str = "-", origin: str = "") -> None:
    """« Ça m'intéresse » (``fav:<job>[:<f|->[:<q|v|s<page>|page>]]``) on a card: back to the card, with a notice."""
    await _favourite(update, context, job_id, True, whole == "f", origin)


@button("unf", args=(str, WHOLE, came_from), optional=2)
async def unfavourite_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, whole: str = "-", origin: str = "") -> None:
    """« Retirer de mes favoris » (``unf:<job>[:<f|->[:<q|v|s<page>|page>]]``) on a card: back to the card, with a notice."""
    await _favourite(update, context, job_id, False, whole == "f", origin)


async def _favourite(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, add: bool, full: bool, origin: str) -> None:
    row = await person(update, context)
    ctx = services(context)
    if ctx.catalogue.job(job_id) is None:
        await show(update, context, "common/stale")
        return
    if add:
        await favourites.add(ctx, row["chat_id"], job_id, row["region"])
    else:
        await favourites.remove(ctx, row["chat_id"], job_id, row["region"])
    await job(update, context, job_id, notice="added" if add else "removed", full=full, origin=origin)


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
    deeplinks.register("metier", open_job_link)
    deeplinks.register("branche", open_branch_link)
    screens.register("branche", branch)
    screens.register("metier", lambda update, context, job_id: job(update, context, job_id, new=True))
