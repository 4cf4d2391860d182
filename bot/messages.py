"""The message catalogue: French texts that Python code hands to the chat or the terminal (validation
errors, labels), kept as data in ``bot/templates/messages/<file>.yaml`` (key → text with ``{placeholders}``).

A key is ``<file>.<key>`` (``events.start_passed``); a nested mapping is a table read whole with
:func:`table` (``events.fields``). Code raises or returns a :class:`Msg` (key and values) and the text
is made at the last moment, so the chat and the CLI print the same sentence.
``tests/test_messages_catalogue.py`` checks that every key used in the code exists and every entry is used.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from bot.render import TEMPLATES
from bot.yamlread import read_yaml

FOLDER = TEMPLATES / "messages"


@lru_cache(maxsize=1)
def catalogue() -> dict[str, Any]:
    """Every entry of ``templates/messages/*.yaml``: ``{"file.key": text or {sub-key: text}}``."""
    out: dict[str, Any] = {}
    for path in sorted(FOLDER.glob("*.yaml")):
        data = read_yaml(path.read_text(encoding="utf-8")) or {}
        out.update({f"{path.stem}.{key}": value for key, value in data.items()})
    return out


def message(key: str, /, **values: Any) -> str:
    """The French text of ``key`` with its placeholders filled (a :class:`Msg` value is rendered,
    a list of them joined with « ; »)."""
    return catalogue()[key].format(**{name: _text(value) for name, value in values.items()})


def table(key: str) -> Any:
    """A mapping or list entry (field names, month names, CSV headers...), read whole."""
    return catalogue()[key]


def _text(value: Any) -> Any:
    if isinstance(value, Msg):
        return str(value)
    if isinstance(value, list) and value and all(isinstance(v, Msg) for v in value):
        return " ; ".join(str(v) for v in value)
    return value


class Msg:
    """A message not yet written: its catalogue key and values; ``str()`` gives the French text."""

    __slots__ = ("key", "values")

    def __init__(self, key: str, /, **values: Any) -> None:
        self.key = key
        self.values = values

    def __str__(self) -> str:
        return message(self.key, **self.values)

    def __repr__(self) -> str:
        return f"Msg({self.key!r}, {self.values!r})"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Msg) and (self.key, self.values) == (other.key, other.values)

    __hash__ = None  # values may be unhashable
