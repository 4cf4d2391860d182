"""What the handlers, the digest and the terminal share: fresh rollups, reading the arguments,
the scope a role may see, the regions worth a line in the indicators, innovations, and the charts of a scope."""

from __future__ import annotations

import asyncio
import datetime as dt
from dataclasses import dataclass

from bot.catalogue import fold
from bot.catalogue.search_terms import stats_key
from bot.context import AppContext
from bot.roles import COORDINATORS, KINDS, PermissionDenied, Role, audit, require
from bot.stats import charts, metrics, rollups
from bot.stats.indicators import IndicatorTable, Indicators
from bot.stats.metrics import Fmt
from bot.stats.periods import Period, PeriodError, parse_period
from storage import partnership
from storage import stats as store
from storage import kept
from storage.db import PerDatabase
from storage.kept import snapshot

NATIONAL_WORDS = {"france", "fr", "national", "nationale", "tout", "toutes", "france entiere"}
INNOVATION_MIN, INNOVATION_MAX = 10, 1000


class InnovationError(ValueError):
    """An innovation text too short or too long (``min`` / ``max``: the accepted lengths)."""

    def __init__(self, length: int) -> None:
        super().__init__(f"innovation de {length} caractères (entre {INNOVATION_MIN} et {INNOVATION_MAX})")
        self.min, self.max = INNOVATION_MIN, INNOVATION_MAX


async def fresh(ctx: AppContext) -> int:
    """Write the waiting interactions, then roll up everything new."""
    await ctx.log.flush()
    await upgrade_rollups(ctx)
    return await rollups.refresh(ctx.db)


#: The windows whose figures of closed days the periodic rollup job computes ahead, for the country and
#: each region, when a new day starts or closed days changed: the first coordinator of the day does not
#: wait for them (they are kept in the database for every instance, storage/kept.py).
AHEAD_PERIODS = ("30j", "trimestre")
AHEAD_VIEWS = ("aud", "met", "rech", "evt", "ann", "src")
_AHEAD = PerDatabase()  # {"stamp": the closed days the figures were last computed ahead for}


async def compute_ahead(ctx: AppContext) -> bool:
    """Compute and keep the figures of closed days of the default windows (and of their previous
    periods), nationally and for each region, unless done already for the same closed days; True if done.
    The figures kept more than a week ago go first (storage/kept.py ``prune``)."""
    stamp = await store.kept_stamp(ctx.db)
    if _AHEAD.of(ctx.db).get("stamp") == stamp:
        return False
    today = ctx.clock.now().date()
    await kept.prune(ctx.db)
    async with snapshot(ctx.db):
        for code in AHEAD_PERIODS:
            period = parse_period(code, today)
            for region in (None, *region_codes(ctx)):
                for view in AHEAD_VIEWS:
                    await metrics.report(ctx.db, ctx.catalogue, period, region, view, ctx.settings.statistics.small_count)
    _AHEAD.of(ctx.db)["stamp"] = stamp
    return True


async def upgrade_rollups(ctx: AppContext) -> bool:
    """Before a full rebuild of the rollups (an empty watermark: a new database, or migration 0006,
    which emptied them), the search keys of the log that are not catalogue terms (stored as typed by
    earlier versions) are replaced by their terms or « autre ». True if some were."""
    if await store.watermark(ctx.db) != 0:
        return False
    new_keys = {old: stats_key(ctx.search, old) for old in await store.search_keys(ctx.db)}
    changed = {old: new for old, new in new_keys.items() if new != old}
    if changed:
        await store.rekey_searches(ctx.db, changed)
    return bool(changed)


def region_codes(ctx: AppContext) -> list[str]:
    return sorted(r.code for r in ctx.catalogue.regions.all)


def fmt_for(ctx: AppContext, region: str | None) -> Fmt:
    return Fmt(regional=region is not None, threshold=ctx.settings.statistics.small_count)


@dataclass
class Args:
    period: Period
    region: str | None      # None: the whole country
    region_given: bool
    problem: str | None = None  # the words understood neither as a period nor as a region


def find_region(ctx: AppContext, text: str) -> str | None | bool:
    """A region code from '32', 'Hauts-de-France'...; None for the whole country; False if unknown."""
    folded = fold(text)
    if folded in NATIONAL_WORDS:
        return None
    if text.strip() in ctx.catalogue.regions.by_code:
        return text.strip()
    for region in ctx.catalogue.regions.all:
        if fold(region.nom) == folded:
            return region.code
    return False


def read_args(ctx: AppContext, args: list[str], default: str = "30j") -> Args:
    """``/stats [période] [région]`` in any order; the region may be several words."""
    today = ctx.clock.now().date()
    period_text, rest = None, []
    for arg in args:
        try:
            parse_period(arg, today)
        except PeriodError:
            rest.append(arg)
        else:
            period_text = arg if period_text is None else period_text
    period = parse_period(period_text, today, default)
    if not rest:
        return Args(period, None, False)
    region = find_region(ctx, " ".join(rest))
    if region is False:
        return Args(period, None, True, " ".join(rest))
    return Args(period, region, True)


def allowed_scope(role: Role | None, region: str | None, given: bool, coordinators_only: bool = False) -> tuple[str | None, bool]:
    """(region, events_only) that ``role`` may read; raises PermissionDenied (not_staff, wrong_role,
    other_region). National: any region or the whole country (None); regional coordinator: its
    region; advisor: the events of its region (never indicators, exports or digests)."""
    role = require(role, kinds=COORDINATORS if coordinators_only else KINDS)
    if role.is_national:
        return region, False
    if given and region != role.region:
        raise PermissionDenied("other_region", region=role.region)
    return role.region, role.kind == "advisor"


def split_regions(table: IndicatorTable) -> tuple[list[Indicators], list[str]]:
    """(regions with something to count, codes of the quiet ones) of an indicator table."""
    active = [t for t in table.regions.values() if any((t.operations_total, t.communications, t.interventions,
                                                        t.innovations, t.integrated_total, t.companies))]
    quiet = [t.region for t in table.regions.values() if t not in active]
    return active, quiet


async def add_innovation(ctx: AppContext, role: Role | None, text: str) -> tuple[int, str | None]:
    """Record an adaptation or innovation in the role's region (national: none); return (id, region).
    Raises PermissionDenied (not staff) or InnovationError (length)."""
    role = require(role, kinds=KINDS)
    if not INNOVATION_MIN <= len(text) <= INNOVATION_MAX:
        raise InnovationError(len(text))
    region = None if role.is_national else role.region
    innovation_id = await partnership.add_innovation(ctx.db, ctx.clock.timestamp(), role.id, region, text)
    await audit(ctx, role.id, "innovation_add", f"innovation:{innovation_id}", {"region": region})
    return innovation_id, region


async def set_digest(ctx: AppContext, role: Role | None, enabled: bool) -> None:
    """Stop or resume the weekly summary of a coordinator."""
    role = require(role, kinds=COORDINATORS)
    await partnership.set_digest(ctx.db, role.id, enabled)


def _day_label(monday: str) -> str:
    day = dt.date.fromisoformat(monday)
    return f"{day.day:02d}/{day.month:02d}"


async def chart_set(ctx: AppContext, period: Period, region: str | None, events_only: bool = False) -> list[tuple[bytes, str]]:
    """The PNG charts of a scope, with their captions: active people per week, regions (national
    only), top jobs viewed, events funnel. Drawn in a worker thread."""
    fmt = fmt_for(ctx, region)
    title = lambda which: ctx.renderer.text("stats/chart_title", which=which, period=period, region=region)  # noqa: E731
    caption = lambda which: ctx.renderer.text("stats/charts_intro", which=title(which), period=period)  # noqa: E731
    jobs: list[tuple[str, object, list]] = []
    if not events_only:
        async with snapshot(ctx.db):
            weeks = await store.people_per_week(ctx.db, period.first, period.last, region)
        jobs.append(("weekly", charts.weekly, [(_day_label(w), n) for w, n in weeks]))
        if region is None:
            by_region = await store.people_by_region(ctx.db, "", period.first, period.last)
            items = [(ctx.catalogue.regions.name(c) or title("no_region"), n) for c, n in by_region.items()]
            jobs.append(("regions", charts.hbars, sorted(items, key=lambda kv: -kv[1])))
        jobs.append(("jobs", charts.hbars, await metrics.top(ctx.db, ctx.catalogue, "job_view", period, region)))
    figures = await metrics.events(ctx.db, period, region)
    labels = title("funnel_labels").split("\n")
    jobs.append(("funnel", charts.hbars, list(zip(labels, (figures[k] for k in ("suggested", "opened", "registered", "attended"))))))
    made = []
    for which, draw, items in jobs:
        # per-region bars are always masked; the others follow the scope
        scoped = Fmt(True, fmt.threshold) if which == "regions" else fmt
        extra = (charts.ORANGE,) if which == "funnel" else ()
        made.append((await asyncio.to_thread(draw, title(which), items, scoped, *extra), caption(which)))
    return made
