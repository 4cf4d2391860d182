"""The weekly digest: every Monday (settings.statistics.digest_weekday / digest_time, Europe/Paris),
each coordinator who kept it receives last week's summary for their scope, with one chart.

:func:`send_digests` is a plain function (tests call it with a FrozenClock); the JobQueue job
only calls it. A digest is sent at most once per role and week (``stats_digest_sent``).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging

from telegram import Bot
from bot.delivery import SENT, deliver

from bot.clock import PARIS
from bot.context import AppContext
from bot.stats import charts, metrics, service
from bot.stats.metrics import Report
from bot.stats.periods import Period, last_week
from storage import partnership

log = logging.getLogger(__name__)


async def digest_report(ctx: AppContext, week: Period, region: str | None) -> tuple[Report, str | None, bytes]:
    """Last week's figures for a scope, the most viewed job, and the chart (top jobs, or regions)."""
    report = Report("digest", week, region)
    for compute in (metrics.audience, metrics.jobs, metrics.events, metrics.search):
        report.now.update(await compute(ctx.db, week, region))
        report.before.update(await compute(ctx.db, week.previous(), region))
    top = await metrics.top(ctx.db, ctx.catalogue, "job_view", week, region, 8)
    fmt = service.fmt_for(ctx, region)
    title = ctx.renderer.text("stats/chart_title", which="jobs", period=week, region=region)
    png = await asyncio.to_thread(charts.hbars, title, top, fmt)
    return report, (top[0][0] if top else None), png


async def send_digests(ctx: AppContext, bot: Bot) -> int:
    """Send last week's digest to every coordinator who has not received it yet; return how many."""
    week = last_week(ctx.clock.now().date())
    await service.fresh(ctx)
    cache: dict[str | None, tuple[Report, str | None, bytes]] = {}
    sent = 0
    for role in await partnership.digest_recipients(ctx.db):
        if not await partnership.claim_digest(ctx.db, role["id"], week.first, ctx.clock.timestamp()):
            continue  # sent already, or by another instance
        region = None if role["kind"] == "national" else role["region"]
        if region not in cache:
            cache[region] = await digest_report(ctx, week, region)
        report, top_job, png = cache[region]
        fmt = service.fmt_for(ctx, region)
        text = ctx.renderer.text("stats/digest", r=report, f=fmt, top_job=top_job)
        caption = ctx.renderer.text("stats/charts_intro", which=ctx.renderer.text(
            "stats/chart_title", which="jobs", period=week, region=region), period=week)
        outcome = await deliver(ctx, role["chat_id"], lambda: bot.send_message(role["chat_id"], text),
                                lambda: bot.send_photo(role["chat_id"], png, caption=caption), what=f"résumé hebdomadaire (rôle {role['id']})")
        if outcome.status != SENT:
            await partnership.unclaim_digest(ctx.db, role["id"], week.first)
            continue
        sent += 1
    return sent


def schedule(app, ctx: AppContext) -> None:
    """Register the weekly digest and the rollup refresh with the JobQueue (when there is one)."""
    queue = app.job_queue
    if queue is None:
        return
    settings = ctx.settings.statistics
    hour, minute = (int(x) for x in settings.digest_time.split(":"))
    ptb_day = (settings.digest_weekday + 1) % 7  # PTB counts days from Sunday (0) to Saturday (6)

    async def digest_job(context) -> None:
        await send_digests(ctx, context.bot)

    async def rollup_job(context) -> None:
        await service.fresh(ctx)
        await service.compute_ahead(ctx)  # the figures of the new day's closed days, before anyone asks

    queue.run_daily(digest_job, time=dt.time(hour, minute, tzinfo=PARIS), days=(ptb_day,), name="stats-digest")
    queue.run_repeating(rollup_job, interval=300, first=60, name="stats-rollup")
