"""The French date parser of /annonce (bot/frdate.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.clock import PARIS
from bot.frdate import WhenError, parse_when

NOW = dt.datetime(2027, 3, 1, 10, 0, tzinfo=PARIS)  # a Monday


@pytest.mark.parametrize("text, expected", [
    ("12/03 14h", (2027, 3, 12, 14, 0)),
    ("12/03/2027 14:30", (2027, 3, 12, 14, 30)),
    ("12-03 à 9h15", (2027, 3, 12, 9, 15)),
    ("demain 10h30", (2027, 3, 2, 10, 30)),
    ("après-demain midi", (2027, 3, 3, 12, 0)),
    ("Aujourd'hui 15h", (2027, 3, 1, 15, 0)),
    ("lundi 9h", (2027, 3, 8, 9, 0)),       # today is Monday, 9:00 is gone: next Monday
    ("lundi 11h", (2027, 3, 1, 11, 0)),     # later today
    ("mardi 9h", (2027, 3, 2, 9, 0)),
    ("lundi prochain 11h", (2027, 3, 8, 11, 0)),
    ("12 mars à 14h30", (2027, 3, 12, 14, 30)),
    ("1er avril 9h", (2027, 4, 1, 9, 0)),
    ("10/01 9h", (2028, 1, 10, 9, 0)),      # long past this year: next year
    ("28/02 10h", (2027, 2, 28, 10, 0)),    # just past: kept (the caller refuses it as past)
])
def test_understood(text, expected):
    assert parse_when(text, NOW) == dt.datetime(*expected, tzinfo=PARIS)


@pytest.mark.parametrize("text, key", [
    ("n'importe quoi", "invalid"), ("", "invalid"), ("14h", "invalid"), ("12/03", "no_time"),
    ("31/02 10h", "bad_date"), ("x" * 100, "invalid"),
])
def test_refused(text, key):
    with pytest.raises(WhenError) as error:
        parse_when(text, NOW)
    assert error.value.key == key


def test_date_without_time_for_a_deadline():
    assert parse_when("vendredi", NOW, need_time=False) == dt.datetime(2027, 3, 5, 23, 59, tzinfo=PARIS)


def test_yesterday_is_understood_then_past():
    assert parse_when("hier 10h", NOW) < NOW


@pytest.mark.parametrize("text, expected", [
    ("17h", (2027, 3, 12, 17, 0)),
    ("17:30", (2027, 3, 12, 17, 30)),
    ("à 17 h 30", (2027, 3, 12, 17, 30)),
    ("pendant 3h", (2027, 3, 12, 17, 0)),
    ("durée 1h30", (2027, 3, 12, 15, 30)),
    ("+45 min", (2027, 3, 12, 14, 45)),
    ("13/03 12h", (2027, 3, 13, 12, 0)),
    ("9h", (2027, 3, 12, 9, 0)),  # before the start: the caller refuses it, naming both
])
def test_end_of_an_action(text, expected):
    from bot.frdate import parse_end

    start = dt.datetime(2027, 3, 12, 14, 0, tzinfo=PARIS)
    assert parse_end(text, start) == dt.datetime(*expected, tzinfo=PARIS)


@pytest.mark.parametrize("text", ["n'importe quand", "", "pendant", "12/05/2027 10h"])
def test_end_not_understood(text):
    from bot.frdate import parse_end

    with pytest.raises(WhenError):
        parse_end(text, dt.datetime(2027, 3, 12, 14, 0, tzinfo=PARIS))
