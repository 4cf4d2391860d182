"""``passerelle stats --period 30j --region 32 --format table|csv``: the /stats figures in a terminal."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys

from bot.clock import PARIS, FrozenClock
from bot import messages
from bot.config import Settings
from bot.stats import indicators, metrics, service
from bot.stats.exports import indicator_rows, to_csv
from bot.stats.periods import PeriodError
from bot.textfmt import thousands

def lines() -> list[tuple[str, str, str]]:
    """``(view, key, label)`` printed by the command, in order (``stats.cli_lines``)."""
    return [(*name.split("."), label) for name, label in messages.table("stats.cli_lines").items()]


async def gather(settings: Settings, period_text: str, region_text: str | None, today: dt.date | None):
    from bot.app import build_context

    clock = FrozenClock(dt.datetime.combine(today, dt.time(12), tzinfo=PARIS)) if today else None
    ctx = await build_context(settings, clock=clock)
    try:
        args = service.read_args(ctx, [period_text] + ([region_text] if region_text else []))
        if args.problem:
            raise PeriodError(args.problem)
        await service.fresh(ctx)
        figures = {}
        for view in metrics.VIEWS:
            figures[view] = await metrics.report(ctx.db, ctx.catalogue, args.period, args.region, view, ctx.settings.statistics.small_count)
        table = await indicators.compute(ctx.db, args.period, service.region_codes(ctx), only=args.region)
        return ctx, args, figures, table
    finally:
        await ctx.db.close()


def render(ctx, args, figures, table, fmt_name: str) -> str:
    fmt = service.fmt_for(ctx, args.region)
    where = ctx.catalogue.regions.name(args.region) if args.region else messages.message("stats.whole_country")
    rows_spec = lines()
    if fmt_name == "csv":
        def cell(key: str, value: int | float) -> str:
            if key in metrics.NOT_PEOPLE:
                return thousands(value).replace("\u202f", "")
            if not isinstance(value, int):  # the daily average: hidden like in the table
                return f"<{fmt.threshold}" if fmt.hidden(value) else thousands(value).replace("\u202f", "")
            return fmt.cell(value)

        rows = [[view, key, label, cell(key, figures[view].now[key]), cell(key, figures[view].before[key])] for view, key, label in rows_spec]
        header = [title.format(span=args.period.span) for title in messages.table("stats.cli_csv_header")]
        stats_csv = to_csv(header, rows).decode("utf-8-sig")
        ind_csv = to_csv(messages.table("stats.indicator_header"), indicator_rows(table, ctx.catalogue, fmt.threshold, args.region is None)).decode("utf-8-sig")
        return stats_csv + "\r\n" + ind_csv
    out = [messages.message("stats.cli_title", where=where, label=args.period.label, span=args.period.span), ""]
    width = max(len(label) for _, _, label in rows_spec) + 2
    measure, now_title, before_title, change_title = messages.table("stats.cli_columns")
    out.append(f"{measure.ljust(width)}{now_title:>12}{before_title:>12}  {change_title}")
    for view, key, label in rows_spec:
        now, before = figures[view].now[key], figures[view].before[key]
        show = fmt.num if key in metrics.NOT_PEOPLE else fmt.n
        out.append(f"{label.ljust(width)}{show(now):>12}{show(before):>12}  {fmt.delta(now, before)}".rstrip())
    out += ["", messages.message("stats.cli_indicators"), ""]
    header = messages.table("stats.cli_indicator_columns")
    out.append(f"{header[0]:<28}" + "".join(f"{h:>8}" for h in header[1:]))
    for item in table.rows() if args.region is None else list(table.regions.values()):
        item_fmt = service.fmt_for(ctx, item.region)
        name = ctx.catalogue.regions.name(item.region) if item.region else messages.message("stats.whole_country")
        values = [item.operations_total, item.communications, item.interventions, item.innovations, item_fmt.n(item.integrated_total), item.companies]
        out.append(f"{name[:27]:<28}" + "".join(f"{v:>8}" for v in values))
    return "\n".join(out).replace("\u202f", " ")


def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    today = dt.date.fromisoformat(args.date) if args.date else None
    try:
        ctx, parsed, figures, table = asyncio.run(gather(settings, args.period, args.region, today))
    except PeriodError as error:
        print(messages.message("stats.cli_bad_period", text=error), file=sys.stderr)
        return 2
    sys.stdout.write(render(ctx, parsed, figures, table, args.format) + ("" if args.format == "csv" else "\n"))
    return 0


def add_commands(subparsers) -> None:
    stats = subparsers.add_parser("stats", help="statistiques et indicateurs du partenariat (comme /stats et /indicateurs)")
    stats.add_argument("--period", default="30j", help="7j, 30j, trimestre, année, un mois (2027-03), 2027-T1 ou 2027")
    stats.add_argument("--region", help="code (32) ou nom de la région ; par défaut la France entière")
    stats.add_argument("--format", choices=["table", "csv"], default="table")
    stats.add_argument("--date", help="jour de référence AAAA-MM-JJ pour les périodes glissantes (par défaut aujourd'hui)")
    stats.set_defaults(func=cmd_stats)
