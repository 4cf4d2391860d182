"""The young person's journey: what a search logs, the quiz result (the search index and the quiz are ``ctx.search`` / ``ctx.quiz``)."""

from __future__ import annotations

from bot.catalogue.quiz import Match
from bot.catalogue.search_terms import stats_key
from bot.context import AppContext
from storage import quiz as quiz_store


async def log_search(ctx: AppContext, chat_id: int, region: str | None, query: str, *, found: bool) -> None:
    """Count a search (``search``, or ``search_unmet`` when nothing was found) under the catalogue
    terms it contains, never as typed (bot.catalogue.search_terms)."""
    key = stats_key(ctx.search, query)
    await ctx.log.record(chat_id, "search" if found else "search_unmet", key, region=region)


async def last_quiz_result(ctx: AppContext, chat_id: int) -> tuple[list[int], list[Match]] | None:
    """The person's latest quiz answers and their best jobs (None: no quiz done, or the questions changed)."""
    saved = await quiz_store.get(ctx.db, chat_id)
    picked = ctx.quiz.parse("".join(map(str, saved["answers"]))) if saved else None
    if not picked or len(picked) != len(ctx.quiz.questions):
        return None
    return picked, ctx.quiz.result(picked)


async def finish_quiz(ctx: AppContext, chat_id: int, picked: list[int], region: str | None) -> list[Match]:
    """Score a finished quiz, keep it as the person's latest result (logged), return the best jobs."""
    found = ctx.quiz
    best = found.result(picked)
    await quiz_store.save(ctx.db, chat_id, picked, [m.job.id for m in best], found.tag_scores(picked), ctx.clock.timestamp())
    await ctx.log.record(chat_id, "quiz_finish", best[0].job.id if best else None, region=region)
    return best
