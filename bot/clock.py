"""The time source. Services ask the clock, never ``datetime.now()``, so tests can move time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")


class Clock:
    """Real time, in Europe/Paris."""

    def now(self) -> dt.datetime:
        return dt.datetime.now(PARIS)

    def timestamp(self) -> int:
        return int(self.now().timestamp())


class FrozenClock(Clock):
    """A clock that only moves when told to (tests, benchmarks, demo data)."""

    def __init__(self, start: dt.datetime) -> None:
        if start.tzinfo is None:
            start = start.replace(tzinfo=PARIS)
        self._now = start.astimezone(PARIS)

    def now(self) -> dt.datetime:
        return self._now

    def set(self, when: dt.datetime) -> None:
        self._now = (when if when.tzinfo else when.replace(tzinfo=PARIS)).astimezone(PARIS)

    def advance(self, **delta: float) -> dt.datetime:
        self._now = self._now + dt.timedelta(**delta)
        return self._now


def from_ts(ts: int | float | None) -> dt.datetime | None:
    """Unix seconds (as stored) to an aware Europe/Paris datetime."""
    return None if ts is None else dt.datetime.fromtimestamp(ts, PARIS)


def to_ts(when: dt.datetime) -> int:
    """An aware (or Paris-local naive) datetime to Unix seconds."""
    if when.tzinfo is None:
        when = when.replace(tzinfo=PARIS)
    return int(when.timestamp())
