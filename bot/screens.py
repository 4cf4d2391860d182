"""Screens that other features open by name (an intent leads to « contact », « branche », « region »).

Each feature registers the screens it owns in its ``register(app)``, so a handler never imports
another handler: ``screens.register("contact", contact)``, then ``await screens.open("contact", update, context)``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

Screen = Callable[..., Awaitable[Any]]
_screens: dict[str, Screen] = {}


def register(name: str, screen: Screen) -> None:
    """``screen(update, context, *args)`` shows the screen."""
    _screens[name] = screen


def get(name: str) -> Screen | None:
    return _screens.get(name)
