"""Periods of the statistics: rolling (7j, 30j, trimestre, année) or calendar (2027-03, 2027-T1, 2027).

A period is a range of Europe/Paris calendar days, both ends included. Its Unix boundaries are
the Paris midnights computed with zoneinfo, so a week that contains a daylight-saving change
lasts 167 or 169 hours, never a fixed 168.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.clock import PARIS
from bot.messages import message, table

ROLLING = {"7j": 7, "30j": 30, "trimestre": 90, "annee": 365}
ALIASES = {"7": "7j", "semaine": "7j", "30": "30j", "mois": "30j", "trim": "trimestre", "année": "annee", "an": "annee"}
_MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
_QUARTER = re.compile(r"^(\d{4})-[tT]([1-4])$")
_YEAR = re.compile(r"^(20\d{2})$")
_WEEK = re.compile(r"^s(\d{4}-\d{2}-\d{2})$")


def midnight(day: dt.date) -> int:
    """Unix seconds of 00:00 Europe/Paris on ``day``."""
    return int(dt.datetime.combine(day, dt.time(0), tzinfo=PARIS).timestamp())


def iso(day: dt.date) -> str:
    return day.isoformat()


def fr_date(day: dt.date) -> str:
    """JJ/MM/AAAA."""
    return day.strftime("%d/%m/%Y")


@dataclass(frozen=True)
class Period:
    code: str          # what the buttons and the command carry: 7j, 30j, trimestre, annee, 2027-03, 2027-T1, 2027, s2027-03-22
    start: dt.date     # first day (included)
    end: dt.date       # last day (included)

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_ts(self) -> int:
        return midnight(self.start)

    @property
    def end_ts(self) -> int:
        """Unix seconds of the Paris midnight that follows the last day (excluded)."""
        return midnight(self.end + dt.timedelta(days=1))

    @property
    def first(self) -> str:
        return iso(self.start)

    @property
    def last(self) -> str:
        return iso(self.end)

    @property
    def label(self) -> str:
        """French label: « 7 derniers jours », « mars 2027 », « 1er trimestre 2027 »... (templates/messages/stats.yaml)."""
        if self.code in ROLLING:
            return table("stats.rolling")[self.code]
        if _MONTH.match(self.code):
            return message("stats.month", month=table("dates.months")[self.start.month - 1], year=self.start.year)
        if _QUARTER.match(self.code):
            number = int(self.code[-1])
            if number == 1:
                return message("stats.first_quarter", year=self.start.year)
            return message("stats.quarter", number=number, year=self.start.year)
        if _YEAR.match(self.code):
            return message("stats.year", year=self.start.year)
        return message("stats.week", start=fr_date(self.start))

    @property
    def span(self) -> str:
        return message("stats.span", start=fr_date(self.start), end=fr_date(self.end))

    def previous(self) -> "Period":
        """The period just before: the previous calendar month / quarter / year for calendar periods,
        otherwise the same number of days immediately before."""
        if _MONTH.match(self.code):
            last = self.start - dt.timedelta(days=1)
            return month(last.year, last.month)
        if _QUARTER.match(self.code):
            year, number = self.start.year, int(self.code[-1]) - 1
            return quarter(year - 1, 4) if number == 0 else quarter(year, number)
        if _YEAR.match(self.code):
            return year_period(self.start.year - 1)
        length = dt.timedelta(days=self.days)
        return Period(self.code, self.start - length, self.end - length)

    def day_list(self) -> list[dt.date]:
        return [self.start + dt.timedelta(days=i) for i in range(self.days)]


def month(year: int, number: int) -> Period:
    start = dt.date(year, number, 1)
    following = dt.date(year + (number == 12), number % 12 + 1, 1)
    return Period(f"{year}-{number:02d}", start, following - dt.timedelta(days=1))


def quarter(year: int, number: int) -> Period:
    start = dt.date(year, 3 * number - 2, 1)
    end = dt.date(year + 1, 1, 1) if number == 4 else dt.date(year, 3 * number + 1, 1)
    return Period(f"{year}-T{number}", start, end - dt.timedelta(days=1))


def year_period(year: int) -> Period:
    return Period(str(year), dt.date(year, 1, 1), dt.date(year, 12, 31))


def week_of(day: dt.date) -> Period:
    """The Monday-to-Sunday week that contains ``day``."""
    monday = day - dt.timedelta(days=day.weekday())
    return Period(f"s{iso(monday)}", monday, monday + dt.timedelta(days=6))


def last_week(today: dt.date) -> Period:
    """The last complete Monday-to-Sunday week before ``today``'s week."""
    return week_of(today - dt.timedelta(days=today.weekday() + 1))


class PeriodError(ValueError):
    """The text is not a period we know."""


def parse_period(text: str | None, today: dt.date, default: str = "30j") -> Period:
    """Read a period (7j, 30j, trimestre, année, 2027-03, 2027-T1, 2027, s2027-03-22) ending today for rolling ones."""
    code = (text or default).strip().lower()
    code = ALIASES.get(code, code)
    if code in ROLLING:
        return Period(code, today - dt.timedelta(days=ROLLING[code] - 1), today)
    if match := _MONTH.match(code):
        return month(int(match.group(1)), int(match.group(2)))
    if match := _QUARTER.match(code):
        return quarter(int(match.group(1)), int(match.group(2)))
    if match := _YEAR.match(code):
        return year_period(int(match.group(1)))
    if match := _WEEK.match(code):
        try:
            return week_of(dt.date.fromisoformat(match.group(1)))
        except ValueError:
            pass
    raise PeriodError(text)


def is_period(text: str) -> bool:
    try:
        parse_period(text, dt.date(2000, 1, 1))
    except PeriodError:
        return False
    return True


def paris_day(at: int) -> str:
    """The Europe/Paris calendar day of a Unix time, 'YYYY-MM-DD'."""
    return dt.datetime.fromtimestamp(at, PARIS).date().isoformat()
