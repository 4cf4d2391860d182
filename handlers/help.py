"""/aide: what the bot does."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from bot import roles
from handlers.common import button, command, person, services, show, show_staff_home


@command("aide", "help")
@button("help")
async def aide(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Explain what the bot offers and its commands (an advisor or coordinator: theirs, with « vous »)."""
    await person(update, context)
    role = await roles.current_role(services(context), update.effective_user.id)
    if role is not None and update.callback_query is None:
        await show_staff_home(update, context, role, new=False)
        return
    await show(update, context, "start/help")


@button("shome")
async def staff_home(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« ⬅️ Mon accueil » on a staff screen: the staff home; anybody else (a role since removed): the menu."""
    await person(update, context)
    role = await roles.current_role(services(context), update.effective_user.id)
    if role is None:
        await show(update, context, "start/menu")
        return
    await show_staff_home(update, context, role, new=False)
