"""Every sentence the bot says: Jinja2 templates (autoescaped Telegram HTML) and their keyboards.

A template writes its text and declares its buttons next to it::

    Voici les métiers de <b>{{ branch.nom }}</b>.
    {% do kb.button("⬅️ Retour", cb("brl")) %}
    {% do kb.add("🏠 Menu", cb("menu")) %}

``kb.button`` starts a new row, ``kb.add`` adds to the current one, ``kb.url`` opens a link.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot import callbacks

TEMPLATES = Path(__file__).resolve().parent / "templates"
_BLANKS = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


class Keyboard:
    """Collects the buttons a template declares."""

    def __init__(self) -> None:
        self.rows: list[list[InlineKeyboardButton]] = []

    def button(self, label: str, data: str) -> str:
        self.rows.append([InlineKeyboardButton(label, callback_data=data)])
        return ""

    def add(self, label: str, data: str) -> str:
        if not self.rows:
            return self.button(label, data)
        self.rows[-1].append(InlineKeyboardButton(label, callback_data=data))
        return ""

    def url(self, label: str, url: str) -> str:
        self.rows.append([InlineKeyboardButton(label, url=url)])
        return ""

    def markup(self) -> InlineKeyboardMarkup | None:
        return InlineKeyboardMarkup(self.rows) if self.rows else None


@dataclass
class Screen:
    """A rendered answer: Telegram HTML text and its inline keyboard."""

    text: str
    markup: InlineKeyboardMarkup | None = None
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

    def text(self, name: str, **context: Any) -> str:
        return self.render(name, **context).text
