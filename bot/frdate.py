"""French date and time input: "12/03 14h", "demain 10h30", "lundi 9h", "12 mars à 14h30".

:func:`parse_when` returns an aware Europe/Paris datetime or raises :class:`WhenError` with a key
(``invalid``: not understood, ``no_time``: a date without an hour, ``bad_date``: 31/02 and the like).
Whether the moment is in the past is for the caller to judge.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from bot.clock import PARIS
from bot.errors import KeyedError

WEEKDAYS = {"lundi": 0, "mardi": 1, "mercredi": 2, "jeudi": 3, "vendredi": 4, "samedi": 5, "dimanche": 6}
MONTHS = {
    "janvier": 1, "janv": 1, "fevrier": 2, "fevr": 2, "fev": 2, "mars": 3, "avril": 4, "avr": 4, "mai": 5,
    "juin": 6, "juillet": 7, "juil": 7, "aout": 8, "septembre": 9, "sept": 9, "sep": 9, "octobre": 10,
    "oct": 10, "novembre": 11, "nov": 11, "decembre": 12, "dec": 12,
}
RELATIVE = {"avant hier": -2, "hier": -1, "aujourd hui": 0, "aujourdhui": 0, "ce jour": 0, "demain": 1, "apres demain": 2, "apres-demain": 2}
_TIME = re.compile(r"(?:\ba\s+)?\b([01]?[0-9]|2[0-3])\s*(?:h|:|heures?)\s*([0-5][0-9])?\b(?!\s*/)")
_NUMERIC = re.compile(r"\b([0-3]?[0-9])\s*[/.-]\s*([01]?[0-9])(?:\s*[/.-]\s*([0-9]{2,4}))?\b")
_WRITTEN = re.compile(r"\b([0-3]?[0-9])(?:er)?\s+(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?(?:\s+([0-9]{4}))?\b")
#: Without a year, a date more than this many days behind today is taken as next year's.
PAST_MARGIN_DAYS = 30


class WhenError(KeyedError, ValueError):
    """``key``: invalid, no_time, bad_date, or weekday (a weekday that is not the date's: ``said`` is
    the weekday written, ``day`` the date)."""



def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold().replace("’", "'"))
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.replace("'", " ")
    return re.sub(r"\s+", " ", text).strip()


def _time(text: str) -> tuple[dt.time | None, str]:
    if re.search(r"\bmidi\b", text):
        return dt.time(12, 0), re.sub(r"\b(a\s+)?midi\b", " ", text)
    if re.search(r"\bminuit\b", text):
        return dt.time(0, 0), re.sub(r"\b(a\s+)?minuit\b", " ", text)
    match = _TIME.search(text)
    if not match:
        return None, text
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    return dt.time(hour, minute), text[: match.start()] + " " + text[match.end():]


def _with_year(day: int, month: int, year: int | None, today: dt.date) -> dt.date:
    if year is not None:
        if year < 100:
            year += 2000
        return dt.date(year, month, day)
    candidate = dt.date(today.year, month, day)
    if (today - candidate).days > PAST_MARGIN_DAYS:
        candidate = dt.date(today.year + 1, month, day)
    return candidate


def _date(text: str, today: dt.date) -> dt.date | None:
    for word, offset in sorted(RELATIVE.items(), key=lambda kv: -len(kv[0])):
        if re.search(rf"\b{re.escape(word)}\b", text):
            return today + dt.timedelta(days=offset)
    try:
        match = _NUMERIC.search(text)
        if match:
            year = int(match.group(3)) if match.group(3) else None
            return _with_year(int(match.group(1)), int(match.group(2)), year, today)
        match = _WRITTEN.search(text)
        if match:
            year = int(match.group(3)) if match.group(3) else None
            return _with_year(int(match.group(1)), MONTHS[match.group(2)], year, today)
    except ValueError:
        raise WhenError("bad_date") from None
    for word, weekday in WEEKDAYS.items():
        if re.search(rf"\b{word}\b", text):
            ahead = (weekday - today.weekday()) % 7
            if re.search(r"\bprochain\b", text) and ahead == 0:
                ahead = 7
            return today + dt.timedelta(days=ahead)
    return None


def parse_when(text: str, now: dt.datetime, *, need_time: bool = True, default_time: dt.time = dt.time(23, 59)) -> dt.datetime:
    """Understand a French date and time relative to ``now`` (aware); raise :class:`WhenError`."""
    folded = _fold(text or "")
    if not folded or len(folded) > 60:
        raise WhenError("invalid")
    now = now.astimezone(PARIS)
    at, rest = _time(folded)
    day = _date(rest, now.date())
    if day is None:
        raise WhenError("invalid")
    if at is None:
        if need_time:
            raise WhenError("no_time")
        at = default_time
    said = _weekday_with_date(rest)
    if said is not None and WEEKDAYS[said] != day.weekday():
        raise WhenError("weekday", said=said, day=day)
    result = dt.datetime.combine(day, at, tzinfo=PARIS)
    # "lundi 9h" said on a Monday after 9:00 means next Monday
    if result <= now and day == now.date() and _weekday_only(rest):
        result += dt.timedelta(days=7)
    return result


def _weekday_with_date(text: str) -> str | None:
    """The weekday written next to a date (« mercredi 10 décembre », « mer. 10/12 »), or None."""
    if not (_NUMERIC.search(text) or _WRITTEN.search(text)):
        return None
    return next((w for w in WEEKDAYS if re.search(rf"\b{w}\b", text)), None)


def _weekday_only(text: str) -> bool:
    return any(re.search(rf"\b{w}\b", text) for w in WEEKDAYS) and not _NUMERIC.search(text) and not _WRITTEN.search(text)


_CLOCK_ONLY = re.compile(r"^(?:a |jusqu a |fin a |fin )?([01]?[0-9]|2[0-3])\s*(?:h|:|heures?)\s*([0-5][0-9])?$")
_DURATION = re.compile(r"^(?:pendant|duree|\+)\s*:?\s*(?:([0-9]{1,2})\s*(?:h|heures?))?\s*(?:([0-9]{1,3})\s*(?:min|minutes?)?)?$")
#: An end further than this after the start is not believed.
END_MAX_DAYS = 31


def parse_end(text: str, start: dt.datetime) -> dt.datetime:
    """The end of an action starting at ``start`` (aware): a time of the same day (« 17h », « 17:30 »),
    a duration (« pendant 3h », « durée 1h30 », « +45 min ») or a date and time (« 13/03 12h »).

    Raises :class:`WhenError` (``invalid``, ``bad_date``); whether the end follows the start is for the
    caller to judge (it names both in its answer)."""
    folded = _fold(text or "")
    start = start.astimezone(PARIS)
    match = _CLOCK_ONLY.fullmatch(folded)
    if match:
        return dt.datetime.combine(start.date(), dt.time(int(match.group(1)), int(match.group(2) or 0)), tzinfo=PARIS)
    match = _DURATION.fullmatch(folded)
    if match and (match.group(1) or match.group(2)):
        hours, minutes = int(match.group(1) or 0), int(match.group(2) or 0)
        if match.group(1) is None and minutes < 5:  # « pendant 3 » without a unit: hours
            hours, minutes = minutes, 0
        return start + dt.timedelta(hours=hours, minutes=minutes)
    end = parse_when(text, start)
    if end - start > dt.timedelta(days=END_MAX_DAYS):
        raise WhenError("invalid")
    return end
