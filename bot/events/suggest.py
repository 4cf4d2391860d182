"""Which upcoming actions to show a young person, best first, and why.

Candidates: upcoming, not cancelled events of the person's region, plus national and online ones.
Three orders, from what the person's profile actually matches among the candidates:
- ``relevance``: some event matches a favourite job, a chosen branch or the quiz result. Score: the
  person's region first, then that match, then nearness in time (next week beats in three months);
- ``region``: no such match, but some events are in the person's region: those first, each by date;
- ``date``: nothing personal matches: by date only.
Each event's reasons (``REASONS`` codes) say which parts of the profile it matched; the list
template shows them in the relevance order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.context import AppContext
from storage import events as store

REGION_WEIGHT = 3.0
NATIONAL_WEIGHT = 0.6
ONLINE_WEIGHT = 0.4
ALL_BRANCHES_WEIGHT = 0.3
WEEK = 7 * 86400
REASONS = ("favourite", "branch", "quiz", "region", "online")  # shown in this order


@dataclass
class Interests:
    region: str | None
    branches: dict[str, float]  # branch id → weight
    sources: dict[str, set[str]] = field(default_factory=dict)  # branch id → "branch" / "favourite" / "quiz"

    @classmethod
    def of(cls, ctx: AppContext, profile: dict) -> "Interests":
        weights: dict[str, float] = {}
        sources: dict[str, set[str]] = {}
        kinds = ((profile["branches"], 1.0, "branch"), (profile["favourites"], 1.5, "favourite"), (profile["quiz_jobs"], 1.0, "quiz"))
        for items, weight, kind in kinds:
            for item in items:
                branch = item if kind == "branch" else ctx.catalogue.branch_of_job.get(item)
                if branch:
                    weights[branch] = max(weights.get(branch, 0.0), weight) + (0.25 if branch in weights else 0.0)
                    sources.setdefault(branch, set()).add(kind)
        return cls(profile["region"], weights, sources)


def _branches(row) -> list[str]:
    return row["branches"].split(",") if row["branches"] else []


def _near(row, region: str | None) -> bool:
    return bool(row["region"]) and row["region"] == region and row["scope"] == "regional"


def score(row, interests: Interests, now: int) -> float:
    if _near(row, interests.region):
        value = REGION_WEIGHT
    elif row["scope"] == "online":
        value = ONLINE_WEIGHT
    else:
        value = NATIONAL_WEIGHT if row["scope"] == "national" else 0.0
    branches = _branches(row)
    if branches:
        value += max((interests.branches.get(b, 0.0) for b in branches), default=0.0)
    else:
        value += ALL_BRANCHES_WEIGHT
    weeks = max(0, row["starts_at"] - now) / WEEK
    return value + 2.0 / (1.0 + weeks)


def reasons(row, interests: Interests) -> tuple[str, ...]:
    """What in the person's profile this event matched (``REASONS`` codes, in that order)."""
    found: set[str] = set()
    for b in _branches(row):
        found |= interests.sources.get(b, set())
    if _near(row, interests.region):
        found.add("region")
    elif row["scope"] == "online":
        found.add("online")
    return tuple(code for code in REASONS if code in found)


@dataclass
class Suggestions:
    """The ranked ids, the order used (``relevance`` / ``region`` / ``date``) and each event's reasons."""
    ids: list[int]
    order: str
    rows: dict[int, object]
    interests: Interests

    def reasons(self, event_id: int) -> tuple[str, ...]:
        row = self.rows.get(event_id)
        return reasons(row, self.interests) if row is not None else ()


async def suggestions(ctx: AppContext, chat_id: int, *, branch: str | None = None, job_id: str | None = None,
                      kind: str | None = None) -> Suggestions:
    """The upcoming events for this person, best first (``branch``: only that branch's and
    all-branch events; ``job_id``: the events for that job's branch; ``kind``: only that type), with why."""
    now = ctx.clock.timestamp()
    profile = await store.profile(ctx.db, chat_id)
    if job_id is not None:
        branch = ctx.catalogue.branch_of_job.get(job_id)
    interests = Interests.of(ctx, profile)
    rows = await store.candidates(ctx.db, now, profile["region"], branch, kind)
    liked = interests.sources.keys()
    if liked and any(r["branches"] and not liked.isdisjoint(_branches(r)) for r in rows):
        ranked = Interests(interests.region, dict(interests.branches))
        if branch:  # the filtered branch (or the job's) before the all-branch events
            ranked.branches[branch] = ranked.branches.get(branch, 0.0) + 2.0
        order, key = "relevance", lambda r: (-score(r, ranked, now), r["starts_at"], r["id"])
    elif interests.region and any(_near(r, interests.region) for r in rows):
        order, key = "region", lambda r: (not _near(r, interests.region), r["starts_at"], r["id"])
    else:
        order, key = "date", lambda r: (r["starts_at"], r["id"])
    ranked_rows = sorted(rows, key=key)
    return Suggestions([r["id"] for r in ranked_rows], order, {r["id"]: r for r in ranked_rows}, interests)


async def suggest(ctx: AppContext, chat_id: int, *, branch: str | None = None, job_id: str | None = None) -> list[int]:
    """Ids of the upcoming events for this person, best first (see ``suggestions``)."""
    return (await suggestions(ctx, chat_id, branch=branch, job_id=job_id)).ids
