"""Engagement metrics per period and scope (one region, or the whole country), read from the rollups.

Each view returns plain numbers; :class:`Fmt` turns them into text with the "<5" rule (counts of
1 to 4 young people in a region are never shown exactly) and the change against the previous period.

The figures agree with each other (tested on random logs in tests/test_stats_invariants.py), for any
period and scope (the whole country, one region, or the people whose region is not known yet):
- new ≤ active people, and « déjà venues » = active − new;
- sessions ≥ active people (a session is cut at Paris midnight; a region counts its visits);
- people since the start ≥ active people;
- quizzes finished ≤ quizzes started; each step of the events funnel ≤ the step before
  (proposed ≥ card opened ≥ registered): a step implies the ones before (bot.stats.rollups.IMPLIES);
- « people who search » ≥ those whose searches found something, and ≥ those who found nothing;
- the counts by kind of the regions (unknown region included) add up to the national counts, and
  so do the sessions; people do not add up (one person may be active in two regions);
- the figures do not depend on how the log was cut into rollup batches;
- /stats, /export (daily CSV) and ``passerelle stats`` give the same numbers (tests/test_stats_agree.py).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

from bot.catalogue import Catalogue
from bot.stats.periods import Period
from bot.catalogue.search_terms import OTHER
from bot.stats.rollups import BOT_KINDS, TERM_KINDS
from bot.messages import message
from bot.textfmt import job_title, thousands
from storage import questions as question_store
from storage import partnership
from storage import stats as store
from storage.kept import snapshot
from storage.db import Database

VIEWS = ("aud", "met", "rech", "evt", "ann", "src", "que")  # their button labels: templates/stats/summary.html
#: Figures that count events or announcements, not young people: never hidden by the "<5" rule.
NOT_PEOPLE = frozenset({"events", "closed", "broadcasts", "national"})
FUNNEL = ("event_suggested", "event_open", "event_register")


@dataclass(frozen=True)
class Fmt:
    """Formats counts for one scope: in a region, 1 to 4 young people become « <5 »."""

    regional: bool
    threshold: int = 5

    def hidden(self, value: int | float | None) -> bool:
        return self.regional and value is not None and 0 < value < self.threshold

    def n(self, value: int | float | None) -> str:
        if value is None:
            return "—"
        return f"<{self.threshold}" if self.hidden(value) else thousands(value)

    def num(self, value: int | float | None) -> str:
        """A count that is not about young people (events, announcements): never hidden."""
        return "—" if value is None else thousands(value)

    def cell(self, value: int | None) -> str:
        """For CSV files: a bare integer, or « <5 »."""
        if value is None:
            return ""
        return f"<{self.threshold}" if self.hidden(value) else str(int(value))

    def delta(self, value: int | float | None, previous: int | float | None) -> str:
        """« (+12 %) », « (−3 %) », « (=) », « (nouveau) », or nothing when either side is hidden."""
        if value is None or previous is None or self.hidden(value) or self.hidden(previous):
            return ""
        if previous == 0:
            return "" if value == 0 else message("stats.new_figure")
        change = round((value - previous) * 100 / previous)
        if change == 0:
            return "(=)"
        return f"(+{change} %)" if change > 0 else f"(−{-change} %)"

    def share(self, part: int, whole: int) -> str:
        if whole == 0:
            return "—"
        if self.hidden(part):
            return f"<{self.threshold}"
        return f"{part * 100 / whole:.1f} %".replace(".", ",")


@dataclass
class Report:
    """One view of /stats: current figures, the previous period's, and ranked lists."""

    view: str
    period: Period
    region: str | None
    now: dict[str, Any] = field(default_factory=dict)
    before: dict[str, Any] = field(default_factory=dict)
    tops: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def _window(period: Period, days: int) -> tuple[str, str]:
    """The last ``days`` days of the period."""
    start = max(period.start, period.end - dt.timedelta(days=days - 1))
    return start.isoformat(), period.last


async def audience(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    active, new, person_days = await store.activity(db, period.first, period.last, region)
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    people = await store.distinct_people_by_kind(db, ("blocked", "alerts_on", "alerts_off"), period.first, period.last, region)
    interactions = sum(n for kind, n in counts.items() if not kind.startswith("_") and kind not in BOT_KINDS)
    return {
        "active": active,
        "new": new,
        "returning": active - new,
        "daily": round(person_days / period.days, 1),
        "sessions": counts.get("_session" if region is None else "_visit", 0),
        "interactions": interactions,
        "unrecognised": counts.get("unrecognised", 0),
        "blocked": people["blocked"],
        "alerts_on": people["alerts_on"],
        "alerts_off": people["alerts_off"],
    }


async def audience_extra(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    """Figures only shown for the current period: total people, active over the last 7 and 30 days."""
    week = await store.active_people(db, *_window(period, 7), region) if period.days > 7 else None
    month = await store.active_people(db, *_window(period, 30), region) if period.days > 30 else None
    return {"total": await store.people_total(db, period.last, region), "week": week, "month": month}


async def jobs(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    quiz = await store.distinct_people_by_kind(db, ("quiz_start", "quiz_finish", "interest"), period.first, period.last, region)
    return {
        "job_views": counts.get("job_view", 0),
        "branch_views": counts.get("branch_view", 0),
        "interests": counts.get("interest", 0),
        "interested": quiz["interest"],
        "quiz_start": quiz["quiz_start"],
        "quiz_finish": quiz["quiz_finish"],
    }


async def search(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    people = await store.distinct_people_by_kind(db, ("search", "search_unmet"), period.first, period.last, region)
    searchers = await store.distinct_people_any(db, ("search", "search_unmet"), period.first, period.last, region)
    met, unmet = counts.get("search", 0), counts.get("search_unmet", 0)
    return {"searches": met + unmet, "met": met, "unmet": unmet, "searchers": searchers,
            "met_people": people["search"], "unmet_people": people["search_unmet"]}


async def events(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    funnel = await store.distinct_people_by_kind(db, (*FUNNEL, "event_waitlist"), period.first, period.last, region)
    rows = await partnership.events_between(db, period.start_ts, period.end_ts, region)
    closed = [r for r in rows if r["status"] == "cloture"]
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    answers = dict(await store.top_keys(db, "event_feedback", period.first, period.last, region))
    return {
        "events": len(rows),
        "closed": len(closed),
        "suggested": funnel["event_suggested"],
        "opened": funnel["event_open"],
        "registered": funnel["event_register"],
        "waitlisted": funnel["event_waitlist"],
        "registrations": sum(r["registered"] for r in rows),
        "attended": sum(r["attendance"] or 0 for r in closed),
        "followups": counts.get("followup_sent", 0),
        "feedback": sum(answers.values()),
        **{f"feedback_{answer}": answers.get(answer, 0) for answer in ("bien", "moyen", "pas_bien")},
    }


async def announcements(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    sent = await partnership.broadcasts_between(db, period.start_ts, period.end_ts)
    mine = [b for b in sent if region is None or b["region"] in (region, None)]
    delivered, blocked, failed = (counts.get(k, 0) for k in ("announce_sent", "announce_blocked", "announce_failed"))
    return {
        "broadcasts": len(mine),
        "national": sum(1 for b in mine if b["region"] is None),
        "recipients": delivered + blocked + failed,
        "delivered": delivered,
        "blocked": blocked,
        "failed": failed,
    }


async def sources(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    counts = await store.counts_by_kind(db, period.first, period.last, region)
    return {"starts": counts.get("start", 0), "campaign_arrivals": counts.get("source", 0)}


def nearest_rank(values: list[int], share: float) -> int | None:
    """The value under which ``share`` of the sorted ``values`` fall (nearest rank: median 0.5, p90 0.9)."""
    if not values:
        return None
    return values[max(0, math.ceil(len(values) * share) - 1)]


async def questions(db: Database, period: Period, region: str | None) -> dict[str, Any]:
    """Questions to advisors asked in the period (anonymous counts: never their text nor who asked)."""
    rows = await question_store.counts(db, period.start_ts, period.end_ts, region)
    delays = sorted(r["first_answer_seconds"] for r in rows if r["first_answer_seconds"] is not None)
    return {
        "questions": len(rows), "urgent": sum(r["urgent"] for r in rows), "answered": len(delays),
        "escalated": sum(r["escalated"] for r in rows), "closed": sum(1 for r in rows if r["closed_at"] is not None),
        "abuse": sum(1 for r in rows if r["closed_by"] == "abuse"),
        "median_delay": nearest_rank(delays, 0.5), "p90_delay": nearest_rank(delays, 0.9),
    }


COMPUTE = {"aud": audience, "met": jobs, "rech": search, "evt": events, "ann": announcements, "src": sources, "que": questions}


def _titles(catalogue: Catalogue, kind: str, items: list[tuple[str, int]]) -> list[tuple[str, int]]:
    if kind in ("job_view", "interest", "quiz_finish"):
        return [(job_title(catalogue.job(k)) if catalogue.job(k) else k, n) for k, n in items]
    if kind == "branch_view":
        return [(catalogue.branch(k).nom if catalogue.branch(k) else k, n) for k, n in items]
    if kind == "start":
        return [(k or message("stats.direct_start"), n) for k, n in items]
    return items


TOPS = {"met": ("job_view", "branch_view", "interest"), "rech": ("search", "search_unmet"), "src": ("source", "start")}


async def top(db: Database, catalogue: Catalogue, kind: str, period: Period, region: str | None, limit: int = 10) -> list[tuple[str, int]]:
    return _titles(catalogue, kind, await store.top_keys(db, kind, period.first, period.last, region, limit))


async def named_terms(db: Database, kind: str, period: Period, region: str | None, small_count: int, limit: int = 10,
                      known: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """The most frequent terms of ``kind`` that at least ``small_count`` distinct people typed, or that
    are ``known`` (the campaigns of content/campagnes.yaml); every other one is counted, not named, under
    :data:`OTHER` (last)."""
    items = await store.top_keys(db, kind, period.first, period.last, region, limit=10_000)
    people = await store.term_people(db, kind, period.first, period.last, region)
    named = [(k, n) for k, n in items if k != OTHER and (k in known or people.get(k, 0) >= small_count)][:limit]
    rest = sum(n for _, n in items) - sum(n for _, n in named)
    return named + ([(OTHER, rest)] if rest else [])


async def report(db: Database, catalogue: Catalogue, period: Period, region: str | None, view: str = "aud",
                 small_count: int = 5) -> Report:
    """The figures of one view, with the previous period's for the change."""
    async with snapshot(db):
        compute = COMPUTE[view]
        result = Report(view, period, region, await compute(db, period, region), await compute(db, period.previous(), region))
        if view == "aud":
            result.now.update(await audience_extra(db, period, region))
        for kind in TOPS.get(view, ()):
            if kind in TERM_KINDS:
                known = catalogue.campaigns if kind == "source" else frozenset()
                result.tops[kind] = await named_terms(db, kind, period, region, small_count, known=known)
            else:
                result.tops[kind] = await top(db, catalogue, kind, period, region)
    return result
