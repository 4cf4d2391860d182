"""Deep links: ``/start <payload>``. Each feature registers the payload prefix it opens."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from typing import Any

from telegram.helpers import create_deep_linked_url

PayloadHandler = Callable[[Any, Any, str], Awaitable[bool]]
_PAYLOAD = re.compile(r"^([a-z]+)_([A-Za-z0-9_-]{1,58})$")
_handlers: dict[str, PayloadHandler] = {}


def register(prefix: str, handler: PayloadHandler) -> None:
    """``handler(update, context, value)`` opens the link and returns True, or False to fall back."""
    _handlers[prefix] = handler


def split(payload: str | None) -> tuple[str, str] | None:
    """``'metier_vendeur-sport'`` → ``('metier', 'vendeur-sport')``; None when malformed."""
    if not payload:
        return None
    match = _PAYLOAD.match(payload)
    return (match.group(1), match.group(2)) if match else None


def id_number(value: str) -> int | None:
    """The number of an ``evt_<id>``-style link, or None when it is not one a database could hold
    (not digits, or more than 12 of them: beyond SQLite's and PostgreSQL's integers are refused here,
    never by an ``OverflowError`` in the query)."""
    return int(value) if re.fullmatch(r"[0-9]{1,12}", value) else None


def handler_for(prefix: str) -> PayloadHandler | None:
    return _handlers.get(prefix)


def link(bot_username: str, prefix: str, value: str) -> str:
    """The t.me link that opens the bot with this payload (PTB's helper checks the allowed characters)."""
    return create_deep_linked_url(bot_username, f"{prefix}_{value}")
