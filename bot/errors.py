"""The refusals of the services: a key naming the French message to show, and the values it needs."""

from __future__ import annotations

from typing import Any


class KeyedError(Exception):
    """A refusal: ``key`` names the message (in the feature's template or catalogue), ``details`` its values."""

    def __init__(self, key: str, **details: Any) -> None:
        super().__init__(key)
        self.key = key
        self.details = details
