"""Opening hours of the advisors: working time between two instants (for the escalation delay)."""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS
from bot.config import QuestionSettings


def _at(day: dt.date, hhmm: str) -> dt.datetime:
    hours, minutes = map(int, hhmm.split(":"))
    return dt.datetime.combine(day, dt.time(hours, minutes), PARIS)


def working_seconds(start: int, end: int, settings: QuestionSettings) -> int:
    """Seconds of [start, end] that fall on opening days between opening_from and opening_to (Paris time)."""
    if end <= start:
        return 0
    first = dt.datetime.fromtimestamp(start, PARIS).date()
    last = dt.datetime.fromtimestamp(end, PARIS).date()
    total = 0
    day = first
    while day <= last:
        if day.weekday() in settings.opening_days:
            opens, closes = _at(day, settings.opening_from).timestamp(), _at(day, settings.opening_to).timestamp()
            total += max(0, int(min(end, closes) - max(start, opens)))
        day += dt.timedelta(days=1)
    return total
