"""Every sentence the bot says: Jinja2 templates (autoescaped Telegram HTML) and their keyboards.

A template writes its text and declares its buttons next to it::

    Voici les métiers de <b>{{ branch.nom }}</b>.
    {% do kb.button("⬅️ Retour", cb("brl")) %}
    {% do kb.add("🏠 Menu", cb("menu")) %}

``kb.button`` starts a new row, ``kb.add`` adds to the current one, ``kb.url`` opens a link.

Keyboards are plain Bot API dictionaries (``{"inline_keyboard": [[{"text": ..., "callback_data": ...}]]}``):
python-telegram-bot sends them as they are, without building and serialising button objects.
Screens that depend only on the catalogue (branch lists, job cards, quiz questions) can be kept
rendered with :meth:`Renderer.cached`; the cache empties itself when another catalogue is used.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from bot import callbacks

#: An inline keyboard as the Bot API writes it: ``{"inline_keyboard": [[button, ...], ...]}``.
Markup = dict[str, Any]
#: How many rendered screens :meth:`Renderer.cached` keeps (emptied when full).
SCREEN_CACHE = 5_000
TEMPLATES = Path(__file__).resolve().parent / "templates"
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


class Keyboard:
    """Collects the buttons a template declares."""

    def __init__(self) -> None:
        self.rows: list[list[dict[str, str]]] = []

    def button(self, label: str, data: str) -> str:
        self.rows.append([{"text": label, "callback_data": data}])
        return ""

    def add(self, label: str, data: str) -> str:
        if not self.rows:
            return self.button(label, data)
        self.rows[-1].append({"text": label, "callback_data": data})
        return ""

    def url(self, label: str, url: str) -> str:
        self.rows.append([{"text": label, "url": url}])
        return ""

    def markup(self) -> Markup | None:
        return {"inline_keyboard": self.rows} if self.rows else None


@dataclass
class Screen:
    """A rendered answer: Telegram HTML text and its inline keyboard (a Bot API dictionary)."""

    text: str
    markup: Markup | None = None
    extra: dict[str, Any] = field(default_factory=dict)


class Renderer:
    def __init__(self, templates: Path = TEMPLATES, globals_: dict[str, Any] | None = None) -> None:
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=True,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=False,
            undefined=StrictUndefined,
            extensions=["jinja2.ext.do"],
        )
        self.env.globals.update(cb=callbacks.make, **(globals_ or {}))
        self._screens: dict[tuple, Screen] = {}
        self._screens_of: object = None

    def add_filters(self, **filters: Any) -> None:
        self.env.filters.update(filters)

    def add_globals(self, **values: Any) -> None:
        self.env.globals.update(values)

    def render(self, name: str, **context: Any) -> Screen:
        """Render ``templates/<name>.html`` into text and keyboard."""
        kb = Keyboard()
        text = self.env.get_template(f"{name}.html").render(kb=kb, **context)
        text = _BLANKS.sub("\n\n", text).strip()
        return Screen(text=text, markup=kb.markup())

    def cached(self, catalogue: object, name: str, key: tuple, **context: Any) -> Screen:
        """:meth:`render`, kept for screens that depend only on ``catalogue`` and ``key`` (what the
        screen shows: page, ids, answers so far). Another catalogue (content reloaded) empties the
        cache. The returned screen is shared: never modify it."""
        if self._screens_of is not catalogue or len(self._screens) >= SCREEN_CACHE:
            self._screens, self._screens_of = {}, catalogue
        screen = self._screens.get((name, key))
        if screen is None:
            screen = self._screens[(name, key)] = self.render(name, **context)
        return screen

    def text(self, name: str, **context: Any) -> str:
        return self.render(name, **context).text
