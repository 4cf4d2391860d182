"""The directory's coverage for coordinators: the Missions Locales with no advisor on the bot, by region."""

from __future__ import annotations

from dataclasses import dataclass

from bot import roles
from bot.catalogue.models import MissionLocale
from bot.context import AppContext


@dataclass
class RegionCoverage:
    region: str
    name: str
    total: int
    without_advisor: list[MissionLocale]


async def coverage(ctx: AppContext, actor: roles.Role | None) -> list[RegionCoverage]:
    """Coordinators only: every region for a national coordinator, their own for a regional one."""
    actor = roles.require(actor, kinds=roles.COORDINATORS)
    scope = None if actor.is_national else actor.region
    attached = {r.mission_locale for r in await roles.active_roles(ctx, scope) if r.kind == "advisor" and r.mission_locale}
    regions = ctx.catalogue.regions.all if actor.is_national else [ctx.catalogue.regions.by_code[actor.region]]
    out = []
    for region in regions:
        listed = ctx.catalogue.missions_locales.in_region(region.code)
        if listed:
            out.append(RegionCoverage(region.code, region.nom, len(listed), [m for m in listed if m.id not in attached]))
    return out
