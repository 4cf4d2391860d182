"""The partnership's six indicators, per period, nationally and for each region.

1. operations: events starting in the period, not cancelled (and not demonstration examples), by scope;
2. joint communications: announcements whose sending started in the period, made on behalf of both
   networks (joint) or national (no region);
3. joint interventions: the events of 1 organised by both sides (Mission Locale or ARML, and Opcommerce);
4. adaptations / innovations: entries recorded with /innovation in the period;
5. young people integrated: the sum of the integrated_* results of the closed events of 1;
6. companies associated: distinct company names (normalised) across the events of 1, except those
   recorded as absent when the event was closed.
An event, an announcement or an innovation belongs to a region when its ``region`` column is that
region; the national line counts everything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from bot.catalogue import fold
from bot.clock import from_ts
from bot.stats.periods import Period, fr_date
from storage import partnership
from storage.db import Database

SCOPES = ("national", "regional", "online")
RESULTS = ("apprenticeship", "cej", "job", "training")
_LEGAL = re.compile(r"\b(sa|sas|sasu|sarl|eurl|snc|sca|scop|groupe|societe|ste|cie)\b")


def company_key(name: str) -> str:
    """« Carrefour Market SAS », « CARREFOUR  market » → « carrefour market »."""
    return re.sub(r"\s+", " ", _LEGAL.sub(" ", fold(name))).strip()


@dataclass
class Indicators:
    region: str | None
    operations: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SCOPES, 0))
    communications: int = 0
    interventions: int = 0
    innovations: int = 0
    integrated: dict[str, int] = field(default_factory=lambda: dict.fromkeys(RESULTS, 0))
    companies: int = 0

    @property
    def operations_total(self) -> int:
        return sum(self.operations.values())

    @property
    def integrated_total(self) -> int:
        return sum(self.integrated.values())


@dataclass
class IndicatorTable:
    period: Period
    national: Indicators
    regions: dict[str, Indicators]
    innovations: list[dict[str, Any]]

    def rows(self) -> list[Indicators]:
        return [self.national, *self.regions.values()]


async def compute(db: Database, period: Period, regions: list[str], only: str | None = None) -> IndicatorTable:
    """The six indicators for the country and for each region of ``regions`` (or just ``only``)."""
    wanted = [only] if only else list(regions)
    national = Indicators(None)
    by_region = {code: Indicators(code) for code in wanted}

    def targets(region: str | None) -> list[Indicators]:
        found = [national]
        if region in by_region:
            found.append(by_region[region])
        return found

    events = await partnership.events_between(db, period.start_ts, period.end_ts, None)
    region_of = {}
    for event in events:
        region_of[event["id"]] = event["region"]
        joint = bool(event["ml"] and event["op"])
        for item in targets(event["region"]):
            item.operations[event["scope"]] += 1
            item.interventions += joint
            if event["status"] == "cloture":
                for result in RESULTS:
                    item.integrated[result] += event[f"integrated_{result}"] or 0
    for broadcast in await partnership.broadcasts_between(db, period.start_ts, period.end_ts):
        if broadcast["joint"] or broadcast["region"] is None:
            national.communications += 1
            if broadcast["joint"] and broadcast["region"] in by_region:
                by_region[broadcast["region"]].communications += 1
    companies: dict[str | None, set[str]] = {}
    for event_id, name, present in await partnership.event_companies(db, period.start_ts, period.end_ts):
        key = company_key(name)
        if present == 0 or not key:
            continue
        companies.setdefault(None, set()).add(key)
        companies.setdefault(region_of.get(event_id), set()).add(key)
    national.companies = len(companies.get(None, ()))
    for code, item in by_region.items():
        item.companies = len(companies.get(code, ()))
    innovations = [dict(r) for r in await partnership.innovations_between(db, period.start_ts, period.end_ts, None)]
    for row in innovations:
        row["day"] = fr_date(from_ts(row["at"]).date())
    for row in innovations:
        for item in targets(row["region"]):
            item.innovations += 1
    listed = [r for r in innovations if only is None or r["region"] == only]
    return IndicatorTable(period, national, by_region, listed)
