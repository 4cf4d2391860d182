"""The young person's journey: the long-lived helpers (search index, quiz) kept in ``ctx.extras``, and the quiz result."""

from __future__ import annotations

from bot.catalogue.quiz import Match, Quiz
from bot.catalogue.search import SearchIndex
from bot.context import AppContext
from storage import quiz as quiz_store


def search_index(ctx: AppContext) -> SearchIndex:
    """The search index of the loaded catalogue (built on first use, then kept)."""
    index = ctx.extras.get("search")
    if index is None or index.catalogue is not ctx.catalogue:
        index = ctx.extras["search"] = SearchIndex(ctx.catalogue)
    return index


def quiz(ctx: AppContext) -> Quiz:
    """The quiz over the catalogue's jobs (questions read once)."""
    found = ctx.extras.get("quiz")
    if found is None:
        found = ctx.extras["quiz"] = Quiz(list(ctx.catalogue.jobs.values()))
    return found


async def finish_quiz(ctx: AppContext, chat_id: int, picked: list[int], region: str | None) -> list[Match]:
    """Score a finished quiz, keep it as the person's latest result (logged), return the best jobs."""
    found = quiz(ctx)
    best = found.result(picked)
    await quiz_store.save(ctx.db, chat_id, picked, [m.job.id for m in best], found.tag_scores(picked), ctx.clock.timestamp())
    await ctx.log.record(chat_id, "quiz_finish", best[0].job.id if best else None, region=region)
    return best
