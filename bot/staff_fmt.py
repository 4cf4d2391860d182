"""Template filters of the advisors' screens (registered by handlers/team.py)."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS, from_ts
from bot.context import AppContext
from bot.messages import message


def thousands(value: int | float | None) -> str:
    """1200 → '1 200'."""
    return f"{int(value or 0):,}".replace(",", " ")


def duration_fr(seconds: float | None) -> str:
    seconds = int(round(seconds or 0))
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes:02d} min"
    if minutes:
        return f"{minutes} min {secs:02d} s"
    return f"{secs} s"


def datetime_fr(value: int | float | dt.datetime | None) -> str:
    """'12/03 à 14:00' (with the year when it is not this year's... kept short on purpose)."""
    if value is None:
        return ""
    when = from_ts(value) if isinstance(value, (int, float)) else value.astimezone(PARIS)
    return message("staff.date_time", date=f"{when:%d/%m/%Y}", time=f"{when:%H:%M}")


def register(ctx: AppContext) -> None:
    regions = ctx.catalogue.regions

    def region_name(code: str | None) -> str:
        return message("staff.all_regions") if not code else (regions.name(code) or code)

    ctx.renderer.add_filters(thousands=thousands, duration_fr=duration_fr, datetime_fr=datetime_fr, region_name=region_name)
