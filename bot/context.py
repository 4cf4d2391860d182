"""The services every handler reaches through ``context.bot_data["ctx"]``."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from telegram.ext import ContextTypes

from bot.catalogue import Catalogue
from bot.clock import Clock
from bot.config import Settings
from bot.interactions import InteractionLog
from bot.pseudonym import Pseudonymizer
from bot.render import Renderer
from storage.db import Database


@dataclass
class AppContext:
    settings: Settings
    db: Database
    catalogue: Catalogue
    renderer: Renderer
    clock: Clock
    pseudonymizer: Pseudonymizer
    log: InteractionLog
    bot_username: str = "PasserelleCommerceBot"
    #: Long-lived helpers of the features (e.g. the search index, the broadcast sender), by name.
    extras: dict[str, Any] = field(default_factory=dict)


def app_ctx(context: ContextTypes.DEFAULT_TYPE) -> AppContext:
    return context.bot_data["ctx"]
