"""Which upcoming actions to show a young person, best first.

Candidates: upcoming, not cancelled events of the person's region, plus national and online ones.
Score: the person's region first, then a match with their chosen branches, favourite jobs and quiz
result, then nearness in time (an action next week beats one in three months).
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import AppContext
from storage import events as store

REGION_WEIGHT = 3.0
NATIONAL_WEIGHT = 0.6
ONLINE_WEIGHT = 0.4
ALL_BRANCHES_WEIGHT = 0.3
WEEK = 7 * 86400


@dataclass
class Interests:
    region: str | None
    branches: dict[str, float]  # branch id → weight

    @classmethod
    def of(cls, ctx: AppContext, profile: dict) -> "Interests":
        weights: dict[str, float] = {}
        sources = ((profile["branches"], 1.0), (profile["favourites"], 1.5), (profile["quiz_jobs"], 1.0))
        for index, (items, weight) in enumerate(sources):
            for item in items:
                branch = item if index == 0 else ctx.catalogue.branch_of_job.get(item)
                if branch:
                    weights[branch] = max(weights.get(branch, 0.0), weight) + (0.25 if branch in weights else 0.0)
        return cls(profile["region"], weights)


def score(row, interests: Interests, now: int) -> float:
    if row["region"] and row["region"] == interests.region and row["scope"] == "regional":
        value = REGION_WEIGHT
    elif row["scope"] == "online":
        value = ONLINE_WEIGHT
    else:
        value = NATIONAL_WEIGHT if row["scope"] == "national" else 0.0
    branches = row["branches"].split(",") if row["branches"] else []
    if branches:
        value += max((interests.branches.get(b, 0.0) for b in branches), default=0.0)
    else:
        value += ALL_BRANCHES_WEIGHT
    weeks = max(0, row["starts_at"] - now) / WEEK
    return value + 2.0 / (1.0 + weeks)


async def suggest(ctx: AppContext, chat_id: int, *, branch: str | None = None, job_id: str | None = None) -> list[int]:
    """Ids of the upcoming events for this person, best first (``branch``: only that branch's and
    all-branch events; ``job_id``: the events for that job's branch)."""
    now = ctx.clock.timestamp()
    profile = await store.profile(ctx.db, chat_id)
    if job_id is not None:
        branch = ctx.catalogue.branch_of_job.get(job_id)
    interests = Interests.of(ctx, profile)
    if branch:
        interests.branches[branch] = interests.branches.get(branch, 0.0) + 2.0
    rows = await store.candidates(ctx.db, now, profile["region"], branch)
    ranked = sorted(rows, key=lambda r: (-score(r, interests, now), r["starts_at"], r["id"]))
    return [r["id"] for r in ranked]
