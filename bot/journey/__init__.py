"""The young person's journey: the long-lived helpers (search index, quiz) kept in ``ctx.extras``."""

from __future__ import annotations

from bot.catalogue.quiz import Quiz
from bot.catalogue.search import SearchIndex
from bot.context import AppContext


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
