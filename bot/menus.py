"""The command menus (``templates/commands.yaml``): per audience, per staff role, set in a chat."""

from __future__ import annotations

import logging
from functools import lru_cache

from telegram import BotCommand, BotCommandScopeChat
from telegram.error import TelegramError

from bot.render import TEMPLATES
from bot.roles import Role
from bot.yamlread import read_yaml

log = logging.getLogger(__name__)


@lru_cache(maxsize=1)
def command_menus() -> dict[str, tuple[tuple[str, str], ...]]:
    """The command menus by audience, from ``templates/commands.yaml`` (read once)."""
    data = read_yaml((TEMPLATES / "commands.yaml").read_text(encoding="utf-8"))
    return {audience: tuple((c, d) for c, d in items) for audience, items in data.items()}


def role_commands(role: Role) -> tuple[tuple[str, str], ...]:
    """The commands of a staff role's own menu (``Role.audience``): set with setMyCommands, listed on screens."""
    return command_menus().get(role.audience, ())


async def apply_menu(bot, chat_id: int, role: Role | None) -> None:
    """The chat's own command menu: the staff list for a role, the default (young people's) otherwise."""
    scope = BotCommandScopeChat(chat_id)
    try:
        if role is None:
            await bot.delete_my_commands(scope=scope)
        else:
            await bot.set_my_commands([BotCommand(c, d) for c, d in role_commands(role)], scope=scope)
    except TelegramError as exc:  # e.g. the person never opened the bot: the menu comes at the next start
        log.warning("menu de commandes non mis à jour pour un rôle : %s", exc)
