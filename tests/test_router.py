"""One router for every command and button (handlers/common.py): each kind is declared once, its
arguments are checked before its function runs, and anything that does not check out gets the
clear French answer."""

from __future__ import annotations

import pytest
from telegram.ext import CallbackQueryHandler, CommandHandler

from handlers.common import BUTTONS, COMMANDS, button, command, number

STALE = "ce bouton n'est plus à jour"


@pytest.mark.parametrize("data", [
    "1:evo:abc",          # an event id that is no number
    "1:evo",              # the id left out
    "1:evo:12:13",        # one argument too many
    "1:evs:1:2",          # « share my name » is 0 or 1
    "1:brl:1_0",          # int() would read 10: refused
    "1:job:vendeur-sport:zz",  # only « q » (opened from the quiz) may follow a job
    "1:mye:abc",          # an advisor's event (/mesannonces) whose id is no number
    "1:mycy",             # « cancel the action » without the action
    "1:nope",             # a kind nobody declared
    "2:menu",             # another version of the scheme
])
async def test_buttons_that_do_not_check_out_get_the_clear_answer(bot, data):
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    await lina.press_data(data)
    assert STALE in lina.last.plain
    assert any("Menu" in label for label in lina.last.labels)


async def test_declared_buttons_and_commands_answer_through_one_handler_each(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    await lina.press("Suivant")  # brl:1, its page read as a number
    assert "branches du commerce" in lina.last.plain
    await lina.send("/MENU@" + bot.app.bot.username)  # any case, addressed to the bot
    assert any("métiers" in label.lower() for label in lina.last.labels)
    group = bot.app.handlers[0]
    routers = [h for h in group if isinstance(h, CallbackQueryHandler) and h.pattern is None]
    assert len(routers) == 1, "one handler for every button (a dictionary look-up by kind)"
    command_handlers = [h for h in group if isinstance(h, CommandHandler) and set(h.commands) & set(COMMANDS)]
    assert len(command_handlers) == 1 and {"start", "metiers", "stats", "annonce", "mesannonces"} <= set(command_handlers[0].commands)


def test_a_kind_or_a_command_is_declared_once():
    assert BUTTONS["evr"].args[0] is number and BUTTONS["evr"].optional == 4  # the event id, then its card's way back

    async def other(update, context, event_id):  # pragma: no cover - never called
        pass

    with pytest.raises(ValueError, match="evr"):
        button("evr", args=(number,))(other)
    with pytest.raises(ValueError, match="start"):
        command("start")(other)
    assert "evr" in BUTTONS and BUTTONS["evr"].handler is not other


def test_no_feature_module_adds_its_own_button_or_command_handler():
    """New buttons and commands are declared with @button / @command (one router), not with handlers of their own."""
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent / "handlers"
    #: steps.py: the hook that abandons what a chat was writing (group -3, every button, no dispatch);
    allowed = {"common.py", "steps.py"}
    offenders = [path.name for path in sorted(root.glob("*.py")) if path.name not in allowed
                 and ("CallbackQueryHandler(" in path.read_text(encoding="utf-8") or "CommandHandler(" in path.read_text(encoding="utf-8"))]
    assert offenders == []
