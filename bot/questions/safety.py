"""Distress in a message: the words of ``distress.yaml`` (folded) trigger the emergency numbers at once."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import yaml

from bot.catalogue.regions import fold

WORDS_FILE = Path(__file__).with_name("distress.yaml")


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern[str]:
    words = yaml.safe_load(WORDS_FILE.read_text(encoding="utf-8"))
    parts = [re.escape(fold(w.rstrip("*"))) + (r"\w*" if w.endswith("*") else "") for w in words]
    return re.compile(r"\b(?:" + "|".join(parts) + r")\b")


def is_distress(text: str) -> bool:
    return bool(_pattern().search(fold(text)))
