"""Coordinators and advisors: /stats, /indicateurs, /export, /digest, and their buttons (/innovation: bot/innovation_form.py).

Who sees what: a national coordinator every region; a regional coordinator only their region; an
advisor only the events of their region (/stats, events view); a young person is refused.
Callback data: ``st:<view>:<period>:<region|fr>``, ``str:<view>:<period>`` (region picker),
``stg:<period>:<region|fr>`` (charts), ``stx:<period>:<region|fr>`` (export), ``ind:<period>``.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from telegram import Update
from telegram.ext import Application, ContextTypes

from bot import roles
from bot.roles import Role
from bot.stats import digest, exports, indicators, metrics, service
from bot.stats.periods import Period, PeriodError, parse_period
from bot.textfmt import hour
from handlers.common import acknowledge, button, choice, command, person, services, show

log = logging.getLogger(__name__)


@dataclass
class Scope:
    role: Role
    region: str | None  # None: the whole country (national coordinators only)
    events_only: bool   # advisors: only the events of their region


async def _scope(update: Update, context: ContextTypes.DEFAULT_TYPE, region: str | None, given: bool,
                 coordinators_only: bool = False) -> Scope | None:
    """The scope this person may see, or None after showing why not."""
    ctx = services(context)
    await person(update, context)
    role = await roles.current_role(ctx, update.effective_user.id)
    try:
        allowed, events_only = service.allowed_scope(role, region, given, coordinators_only)
    except roles.PermissionDenied as refused:
        reason = {"not_staff": "young", "wrong_role": "coordinators"}.get(refused.key, refused.key)
        await show(update, context, "stats/refused", reason=reason, region=role.region if role else None)
        return None
    return Scope(role, allowed, events_only)


#: The view argument of the buttons (``st``, ``str``).
VIEW = choice(*metrics.VIEWS)


def _where(ctx, period_code: str, region_code: str) -> tuple[Period, str | None] | None:
    """(period, region, None for the whole country) of a pressed button, or None when they do not check out."""
    try:
        period = parse_period(period_code, ctx.clock.now().date())
    except PeriodError:
        return None
    if region_code != "fr" and region_code not in ctx.catalogue.regions.by_code:
        return None
    return period, None if region_code == "fr" else region_code


async def _stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose arguments do not check out."""
    await show(update, context, "common/stale")


async def _show_stats(update: Update, context: ContextTypes.DEFAULT_TYPE, view: str, period: Period, scope: Scope) -> None:
    """The summary of one view (advisors: the events view) for the scope and period."""
    ctx = services(context)
    if scope.events_only:
        view = "evt"
    await service.fresh(ctx)
    report = await metrics.report(ctx.db, ctx.catalogue, period, scope.region, view, ctx.settings.statistics.small_count)
    await show(
        update, context, "stats/summary", r=report, f=service.fmt_for(ctx, scope.region), views=metrics.VIEWS,
        national=scope.role.is_national, events_only=scope.events_only,
    )


@command("stats")
async def stats_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stats [période] [région]"""
    ctx = services(context)
    args = service.read_args(ctx, list(context.args or []))
    scope = await _scope(update, context, args.region, args.region_given and not args.problem)
    if scope is None:
        return
    if args.problem:
        await show(update, context, "stats/usage", what="stats", words=args.problem)
        return
    await _show_stats(update, context, "aud", args.period, scope)


@button("st", args=(VIEW, str, str))
async def stats_button(update: Update, context: ContextTypes.DEFAULT_TYPE, view: str, period_code: str, region_code: str) -> None:
    """``st:<view>:<period>:<region|fr>``: another view, period or region."""
    where = _where(services(context), period_code, region_code)
    if where is None:
        return await _stale(update, context)
    period, region = where
    scope = await _scope(update, context, region, True)
    if scope is not None:
        await _show_stats(update, context, view, period, scope)


@button("str", args=(VIEW, str))
async def region_picker(update: Update, context: ContextTypes.DEFAULT_TYPE, view: str, period_code: str) -> None:
    """``str:<view>:<period>``: the 18 regions (national coordinators only)."""
    ctx = services(context)
    where = _where(ctx, period_code, "fr")
    if where is None:
        return await _stale(update, context)
    period, _ = where
    scope = await _scope(update, context, None, True)  # the whole country: national coordinators only
    if scope is not None:
        await show(update, context, "stats/regions", view=view, period=period, regions=ctx.catalogue.regions.all)


@button("stg", args=(str, str))
async def charts_button(update: Update, context: ContextTypes.DEFAULT_TYPE, period_code: str, region_code: str) -> None:
    """``stg:<period>:<region|fr>``: send the charts of the scope as photos."""
    ctx = services(context)
    where = _where(ctx, period_code, region_code)
    if where is None:
        return await _stale(update, context)
    period, region = where
    scope = await _scope(update, context, region, True)
    if scope is None:
        return
    await acknowledge(update)
    await service.fresh(ctx)
    for png, caption in await service.chart_set(ctx, period, scope.region, events_only=scope.events_only):
        await context.bot.send_photo(update.effective_user.id, png, caption=caption)


async def _send_export(update: Update, context: ContextTypes.DEFAULT_TYPE, period: Period, scope: Scope) -> None:
    """Send the three CSV files of the scope and period, then what they contain."""
    ctx = services(context)
    await service.fresh(ctx)
    threshold = ctx.settings.statistics.small_count
    files = await exports.full_export(ctx.db, ctx.catalogue, period, scope.region, threshold)
    chat_id = update.effective_user.id
    for file in files:
        await context.bot.send_document(chat_id, file.data, filename=file.filename)
    screen = ctx.renderer.render("stats/export", files=files, period=period, region=scope.region, threshold=threshold)
    await context.bot.send_message(chat_id, screen.text)


@command("export")
async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/export [période] [région]: three CSV files."""
    ctx = services(context)
    args = service.read_args(ctx, list(context.args or []))
    scope = await _scope(update, context, args.region, args.region_given and not args.problem, coordinators_only=True)
    if scope is None:
        return
    if args.problem:
        await show(update, context, "stats/usage", what="export", words=args.problem)
        return
    await _send_export(update, context, args.period, scope)


@button("stx", args=(str, str))
async def export_button(update: Update, context: ContextTypes.DEFAULT_TYPE, period_code: str, region_code: str) -> None:
    """``stx:<period>:<region|fr>``: the CSV export."""
    where = _where(services(context), period_code, region_code)
    if where is None:
        return await _stale(update, context)
    period, region = where
    scope = await _scope(update, context, region, True, coordinators_only=True)
    if scope is not None:
        await acknowledge(update)
        await _send_export(update, context, period, scope)


async def _show_indicators(update: Update, context: ContextTypes.DEFAULT_TYPE, period: Period, scope: Scope) -> None:
    """The six indicators, France and the regions that have something to count."""
    ctx = services(context)
    table = await indicators.compute(ctx.db, period, service.region_codes(ctx), only=scope.region)
    active, quiet = service.split_regions(table)
    await show(update, context, "stats/indicators", t=table, only=scope.region, active_rows=active, quiet=quiet,
               fmt=lambda region: service.fmt_for(ctx, region))


@command("indicateurs")
async def indicators_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/indicateurs [période]: the partnership's six indicators."""
    ctx = services(context)
    scope = await _scope(update, context, None, False, coordinators_only=True)
    if scope is None:
        return
    try:
        period = parse_period(" ".join(context.args or []) or None, ctx.clock.now().date())
    except PeriodError:
        await show(update, context, "stats/usage", what="indicateurs", words=" ".join(context.args or []))
        return
    await _show_indicators(update, context, period, scope)


@button("ind", args=(str,))
async def indicators_button(update: Update, context: ContextTypes.DEFAULT_TYPE, period_code: str) -> None:
    """``ind:<period>``: the indicators of another period."""
    where = _where(services(context), period_code, "fr")
    if where is None:
        return await _stale(update, context)
    scope = await _scope(update, context, None, False, coordinators_only=True)
    if scope is not None:
        await _show_indicators(update, context, where[0], scope)


@command("digest")
async def digest_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/digest off|on: stop or resume the weekly summary."""
    ctx = services(context)
    scope = await _scope(update, context, None, False, coordinators_only=True)
    if scope is None:
        return
    choice = (context.args[0].lower() if context.args else "")
    time = hour(dt.time.fromisoformat(ctx.settings.statistics.digest_time))
    if choice not in ("on", "off", "oui", "non"):
        await show(update, context, "stats/usage", what="digest", enabled=scope.role.digest_enabled, time=time)
        return
    enabled = choice in ("on", "oui")
    await service.set_digest(ctx, scope.role, enabled)
    await show(update, context, "stats/digest_set", enabled=enabled, time=time)


async def on_startup(app: Application) -> None:
    """Schedule the weekly digest."""
    digest.schedule(app, app.bot_data["ctx"])
