"""Distress in a message to an advisor: the « detresse » intent of ``content/intentions.yaml`` (the same
reading as free text, SMS spellings included) or the words of ``distress.yaml`` (violence, danger, the
street: more reasons for an advisor to read a question first) trigger the emergency numbers at once."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from bot.catalogue.regions import fold
from bot.context import AppContext
from bot.yamlread import read_yaml

WORDS_FILE = Path(__file__).with_name("distress.yaml")
DISTRESS_INTENT = "detresse"


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = read_yaml(WORDS_FILE.read_text(encoding="utf-8"))
    parts = [re.escape(fold(w.rstrip("*"))) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def is_distress(ctx: AppContext, text: str) -> bool:
    matcher = ctx.catalogue.intents
    found = matcher.match(text) if matcher is not None else None
    return (found is not None and found.intent.id == DISTRESS_INTENT) or bool(_pattern().search(fold(text)))
