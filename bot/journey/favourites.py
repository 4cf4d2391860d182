"""A young person's favourite jobs (« Ça m'intéresse », /favoris): add, remove, list, logged."""

from __future__ import annotations

from bot.catalogue.models import Metier
from bot.context import AppContext
from bot.journey import profile
from storage import favourites as store


async def jobs(ctx: AppContext, chat_id: int) -> list[Metier]:
    """The person's favourite jobs still in the catalogue, oldest first."""
    found = [ctx.catalogue.job(job_id) for job_id, _ in await store.of(ctx.db, chat_id)]
    return [job for job in found if job is not None]


async def has(ctx: AppContext, chat_id: int, job_id: str) -> bool:
    """Whether the job is a favourite (the person's favourites are kept a moment: profile.PersonCache)."""
    cache, now = ctx.people, ctx.clock.timestamp()
    job_ids = cache.get_favourites(chat_id, now)
    if job_ids is None:
        job_ids = frozenset(job for job, _ in await store.of(ctx.db, chat_id))
        cache.keep_favourites(chat_id, job_ids, now)
    return job_id in job_ids


async def add(ctx: AppContext, chat_id: int, job_id: str, region: str | None) -> bool:
    """Add a favourite (logged as ``interest`` with its branch); False when it was already there."""
    profile.forget_person(ctx, chat_id)
    if not await store.add(ctx.db, chat_id, job_id, ctx.clock.timestamp()):
        return False
    home = ctx.catalogue.branch_for_job(job_id)
    await ctx.log.record(chat_id, "interest", job_id, region=region, branch=home.id if home else None)
    return True


async def remove(ctx: AppContext, chat_id: int, job_id: str, region: str | None) -> bool:
    """Remove a favourite (logged as ``interest_removed``); False when it was not there."""
    profile.forget_person(ctx, chat_id)
    if not await store.has(ctx.db, chat_id, job_id):
        return False
    await store.remove(ctx.db, chat_id, job_id)
    await ctx.log.record(chat_id, "interest_removed", job_id, region=region)
    return True
