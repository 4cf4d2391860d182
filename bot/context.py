"""The services every handler reaches through ``context.bot_data["ctx"]``, all built by ``bot.app.build_context``."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from telegram.ext import ContextTypes

from bot.catalogue import Catalogue
from bot.catalogue.quiz import Quiz
from bot.catalogue.search import SearchIndex
from bot.clock import Clock
from bot.config import Settings
from bot.interactions import InteractionLog
from bot.people import PersonCache
from bot.pseudonym import Pseudonymizer
from bot.render import Renderer
from storage.db import Database

#: Called with an event id (None: any event) when events changed (the reminder scheduler listens).
EventListener = Callable[[int | None], Awaitable[None]]


class BroadcastSender(Protocol):
    """What the features use of the broadcast sender (``bot.broadcast.sender.Broadcaster``)."""

    bot: Any

    def start(self, broadcast_id: int) -> asyncio.Task: ...

    async def resume_all(self) -> list[int]: ...

    async def join(self, broadcast_id: int | None = None) -> None: ...

    async def stop(self) -> None: ...


@dataclass
class AppContext:
    settings: Settings
    db: Database
    catalogue: Catalogue
    renderer: Renderer
    clock: Clock
    pseudonymizer: Pseudonymizer
    log: InteractionLog
    search: SearchIndex
    quiz: Quiz
    bot_username: str = "PasserelleCommerceBot"
    #: The rows and favourites of the people talking to the bot now (bot.journey.profile reads through it).
    people: PersonCache = field(default_factory=PersonCache)
    #: The broadcast sender (its ``bot`` is set when the application is built).
    broadcaster: BroadcastSender | None = None
    #: Told when events change (CLI, advisors): the reminder scheduler of handlers/events.py.
    event_listeners: list[EventListener] = field(default_factory=list)
    #: Group chats already told once that the bot only talks in private (handlers/privacy_guard.py).
    groups_told: set[int] = field(default_factory=set)
    #: Set by ``bot.app.shutdown`` (which may be called twice).
    closed: bool = False


def app_ctx(context: ContextTypes.DEFAULT_TYPE) -> AppContext:
    return context.bot_data["ctx"]
