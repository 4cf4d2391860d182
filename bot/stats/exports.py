"""CSV exports that open cleanly in a French spreadsheet: ``;`` separator, UTF-8 with BOM, dates
JJ/MM/AAAA, CRLF line ends. Counts of 1 to 4 young people in a region are written « <5 ».
No Telegram id, no name of a person: only regions, kinds, events, organisations and companies.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from bot.catalogue import Catalogue
from bot.clock import from_ts
from bot import messages
from bot.events.model import event_types
from bot.stats import indicators as ind
from bot.stats.metrics import Fmt
from bot.stats.periods import Period, fr_date
from storage import partnership
from storage import stats as store
from storage.db import Database

@dataclass
class CsvFile:
    filename: str
    data: bytes
    rows: int


def to_csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8-sig")


def _day(iso_day: str) -> str:
    return fr_date(dt.date.fromisoformat(iso_day))


def _region_name(catalogue: Catalogue, code: str | None) -> str:
    if code is None:
        return messages.message("stats.whole_country")
    return catalogue.regions.name(code) or (messages.message("stats.no_region") if code == "" else code)


async def daily(db: Database, catalogue: Catalogue, period: Period, region: str | None, fmt: Fmt) -> CsvFile:
    """One line per day, region and kind: interactions; plus 'personnes_actives' and 'sessions' (the
    sessions of the scope, as /stats counts them: started there nationally, visits in a region)."""
    rows: list[list[object]] = []
    for day, code, people in await store.daily_active(db, period.first, period.last, region):
        rows.append([day, code, "personnes_actives", people])
    sessions, other = ("_session", "_visit") if region is None else ("_visit", "_session")
    for day, code, kind, count in await store.daily_counts(db, period.first, period.last, region):
        if kind != other:
            rows.append([day, code, "sessions" if kind == sessions else kind, count])
    rows.sort(key=lambda r: (r[0], r[1], r[2] != "personnes_actives", r[2]))
    # a year is ~100,000 lines over 365 days and 19 region codes: each day and name is formatted once
    days: dict[str, str] = {}
    names: dict[str, str] = {}
    out = []
    for day, code, kind, count in rows:
        shown = days.get(day)
        if shown is None:
            shown = days[day] = _day(day)
        name = names.get(code)
        if name is None:
            name = names[code] = _region_name(catalogue, code)
        out.append([shown, code, name, kind, fmt.cell(count)])
    return CsvFile(f"activite-quotidienne_{period.code}.csv", to_csv(messages.table("stats.daily_header"), out), len(out))


def indicator_rows(table: ind.IndicatorTable, catalogue: Catalogue, threshold: int, with_national: bool = True) -> list[list[str]]:
    rows = []
    for item in table.rows() if with_national else list(table.regions.values()):
        fmt = Fmt(regional=item.region is not None, threshold=threshold)
        ops = item.operations
        rows.append([
            item.region or "", _region_name(catalogue, item.region), ops["national"], ops["regional"], ops["online"],
            item.operations_total, item.communications, item.interventions, item.innovations,
            fmt.cell(item.integrated_total), *(fmt.cell(item.integrated[r]) for r in ind.RESULTS), item.companies,
        ])
    return rows


async def indicators(table: ind.IndicatorTable, catalogue: Catalogue, threshold: int, with_national: bool) -> CsvFile:
    rows = indicator_rows(table, catalogue, threshold, with_national)
    return CsvFile(f"indicateurs_{table.period.code}.csv", to_csv(messages.table("stats.indicator_header"), rows), len(rows))


async def events(db: Database, catalogue: Catalogue, period: Period, region: str | None, threshold: int) -> CsvFile:
    """The events of the period (not cancelled) with organisers, companies and results."""
    organisers: dict[int, list[str]] = {}
    for event_id, network, name in await partnership.event_organisers(db, period.start_ts, period.end_ts):
        organisers.setdefault(event_id, []).append(name)
    companies: dict[int, list[str]] = {}
    for event_id, name, present in await partnership.event_companies(db, period.start_ts, period.end_ts):
        companies.setdefault(event_id, []).append(messages.message("stats.absent_company", name=name) if present == 0 else name)
    rows = []
    scopes, statuses, joint = messages.table("stats.scope"), messages.table("stats.status"), messages.table("stats.joint")
    for e in await partnership.events_between(db, period.start_ts, period.end_ts, region):
        fmt = Fmt(regional=True, threshold=threshold)
        start = from_ts(e["starts_at"])
        rows.append([
            fr_date(start.date()), start.strftime("%H:%M"), e["title"], event_types().get(e["type"], {}).get("label", e["type"]), scopes.get(e["scope"], e["scope"]),
            e["region"] or "", _region_name(catalogue, e["region"]) if e["region"] else "", e["city"] or "",
            statuses.get(e["status"], e["status"]), joint[bool(e["ml"] and e["op"])],
            " | ".join(organisers.get(e["id"], [])), " | ".join(companies.get(e["id"], [])),
            fmt.cell(e["registered"]), fmt.cell(e["attendance"]),
            *(fmt.cell(e[f"integrated_{r}"]) for r in ind.RESULTS),
        ])
    return CsvFile(f"evenements_{period.code}.csv", to_csv(messages.table("stats.events_header"), rows), len(rows))


async def question_counts(db: Database, catalogue: Catalogue, period: Period, region: str | None, threshold: int) -> CsvFile:
    """Questions to advisors per region: counts, first-answer delay (median, p90, hours), closure; never text."""
    from bot.stats.metrics import questions

    fmt = Fmt(regional=True, threshold=threshold)
    codes = [region] if region else [r.code for r in catalogue.regions.all]
    rows = []
    for code in codes:
        q = await questions(db, period, code)
        hours = [None if q[k] is None else round(q[k] / 3600, 1) for k in ("median_delay", "p90_delay")]
        rows.append([code, _region_name(catalogue, code), *(fmt.cell(q[k]) for k in ("questions", "urgent", "answered")),
                     *("" if h is None else str(h).replace(".", ",") for h in hours),
                     *(fmt.cell(q[k]) for k in ("escalated", "closed", "abuse"))])
    return CsvFile(f"questions_{period.code}.csv", to_csv(messages.table("stats.questions_header"), rows), len(rows))


async def full_export(db: Database, catalogue: Catalogue, period: Period, region: str | None, threshold: int) -> list[CsvFile]:
    """The four files of /export for a scope (region None: everything)."""
    regions = [r.code for r in catalogue.regions.all]
    table = await ind.compute(db, period, regions, only=region)
    return [
        await daily(db, catalogue, period, region, Fmt(regional=True, threshold=threshold)),
        await indicators(table, catalogue, threshold, with_national=region is None),
        await events(db, catalogue, period, region, threshold),
        await question_counts(db, catalogue, period, region, threshold),
    ]
