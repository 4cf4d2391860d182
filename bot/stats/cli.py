"""``passerelle stats --period 30j --region 32 --format table|csv``: the /stats figures in a terminal."""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import sys

from bot.clock import PARIS, FrozenClock
from bot.config import Settings
from bot.stats import indicators, metrics, service
from bot import messages
from bot.stats.exports import indicator_rows, to_csv
from bot.stats.periods import PeriodError

#: (view, key, label) printed by the command, in order.
LINES = [
    ("aud", "active", "Personnes actives"), ("aud", "new", "dont nouvelles"), ("aud", "returning", "dont déjà venues"),
    ("aud", "daily", "Actives par jour (moyenne)"), ("aud", "sessions", "Sessions"), ("aud", "interactions", "Interactions"),
    ("aud", "unrecognised", "Messages non compris"), ("aud", "blocked", "Ont bloqué le bot"),
    ("aud", "alerts_on", "Alertes activées"), ("aud", "alerts_off", "Alertes désactivées"),
    ("met", "job_views", "Fiches métiers ouvertes"), ("met", "branch_views", "Branches ouvertes"),
    ("met", "interests", "« Ça m'intéresse »"), ("met", "quiz_start", "Quiz commencés"), ("met", "quiz_finish", "Quiz terminés"),
    ("rech", "searches", "Recherches"), ("rech", "unmet", "Recherches sans résultat"),
    ("evt", "events", "Événements"), ("evt", "suggested", "Événement proposé (personnes)"), ("evt", "opened", "Fiche ouverte (personnes)"),
    ("evt", "registered", "Inscription (personnes)"), ("evt", "attended", "Présences"),
    ("ann", "broadcasts", "Annonces envoyées"), ("ann", "recipients", "Destinataires"), ("ann", "delivered", "Reçues"),
    ("ann", "blocked", "Bot bloqué"), ("src", "starts", "Démarrages"), ("src", "campaign_arrivals", "Arrivées par campagne"),
]


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
            figures[view] = await metrics.report(ctx.db, ctx.catalogue, args.period, args.region, view)
        table = await indicators.compute(ctx.db, args.period, service.region_codes(ctx), only=args.region)
        return ctx, args, figures, table
    finally:
        await ctx.db.close()


def render(ctx, args, figures, table, fmt_name: str) -> str:
    fmt = service.fmt_for(ctx, args.region)
    where = ctx.catalogue.regions.name(args.region) if args.region else "France entière"
    if fmt_name == "csv":
        def cell(key: str, value: int | float) -> str:
            if key in metrics.NOT_PEOPLE:
                return metrics.thousands(value).replace("\u202f", "")
            if not isinstance(value, int):  # the daily average: hidden like in the table
                return f"<{fmt.threshold}" if fmt.hidden(value) else metrics.thousands(value).replace("\u202f", "")
            return fmt.cell(value)

        rows = [[view, key, label, cell(key, figures[view].now[key]), cell(key, figures[view].before[key])] for view, key, label in LINES]
        stats_csv = to_csv(["Vue", "Clé", "Mesure", args.period.span, "Période précédente"], rows).decode("utf-8-sig")
        ind_csv = to_csv(messages.table("stats.indicator_header"), indicator_rows(table, ctx.catalogue, fmt.threshold, args.region is None)).decode("utf-8-sig")
        return stats_csv + "\r\n" + ind_csv
    lines = [f"Statistiques · {where} · {args.period.label} ({args.period.span})", ""]
    width = max(len(label) for _, _, label in LINES) + 2
    lines.append(f"{'Mesure'.ljust(width)}{'période':>12}{'précédente':>12}  évolution")
    for view, key, label in LINES:
        now, before = figures[view].now[key], figures[view].before[key]
        show = fmt.num if key in metrics.NOT_PEOPLE else fmt.n
        lines.append(f"{label.ljust(width)}{show(now):>12}{show(before):>12}  {fmt.delta(now, before)}".rstrip())
    lines += ["", "Indicateurs du partenariat", ""]
    header = ["Région", "Opé", "Com", "Int", "Inn", "Jeunes", "Entr."]
    lines.append(f"{header[0]:<28}" + "".join(f"{h:>8}" for h in header[1:]))
    for item in table.rows() if args.region is None else list(table.regions.values()):
        item_fmt = service.fmt_for(ctx, item.region)
        name = ctx.catalogue.regions.name(item.region) if item.region else "France entière"
        values = [item.operations_total, item.communications, item.interventions, item.innovations, item_fmt.n(item.integrated_total), item.companies]
        lines.append(f"{name[:27]:<28}" + "".join(f"{v:>8}" for v in values))
    return "\n".join(lines).replace("\u202f", " ")


def cmd_stats(settings: Settings, args: argparse.Namespace) -> int:
    today = dt.date.fromisoformat(args.date) if args.date else None
    try:
        ctx, parsed, figures, table = asyncio.run(gather(settings, args.period, args.region, today))
    except PeriodError as error:
        print(f"Période ou région inconnue : « {error} ». Périodes : 7j, 30j, trimestre, année, 2027-03, 2027-T1, 2027 ;"
              " région : son code (32) ou son nom.", file=sys.stderr)
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
