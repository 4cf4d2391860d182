"""What every handler needs: the services, the person's row, and answering with a rendered screen."""

from __future__ import annotations

import logging
from typing import Awaitable, Callable

from telegram import Message, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import roles
from bot.context import AppContext, app_ctx
from bot.journey import profile
from bot.render import Screen
from bot.roles import PermissionDenied, Role

log = logging.getLogger(__name__)


async def person(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The person's row (created on first contact), or None when the update has no user."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    return await profile.touch_person(app_ctx(context), user.id, user.first_name, user.username)


async def respond(update: Update, context: ContextTypes.DEFAULT_TYPE, screen: Screen, *, new: bool = False) -> Message | None:
    """Show ``screen``: edit the pressed message for a button, otherwise send a new message."""
    query = update.callback_query
    if query is not None:
        try:
            await query.answer()
        except BadRequest:
            pass  # too old to answer: the edit below still helps the person
        if not new and query.message is not None and getattr(query.message, "text", None) is not None:
            try:
                edited = await query.edit_message_text(screen.text, reply_markup=screen.markup)
                return edited if isinstance(edited, Message) else None
            except BadRequest as error:
                if "not modified" in str(error).lower():
                    return None
                if "not found" not in str(error).lower() and "can't be edited" not in str(error).lower():
                    raise
    chat = update.effective_chat
    if chat is None:
        return None
    return await context.bot.send_message(chat.id, screen.text, reply_markup=screen.markup)


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, template: str, *, new: bool = False, **values) -> Message | None:
    """Render ``template`` and show it."""
    ctx = app_ctx(context)
    return await respond(update, context, ctx.renderer.render(template, **values), new=new)


def services(context: ContextTypes.DEFAULT_TYPE) -> AppContext:
    return app_ctx(context)


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, error: PermissionDenied, role: Role | None = None, *, new: bool = False) -> None:
    """Say no, in French, from the permission error's key."""
    query = update.callback_query
    if query is not None:
        try:
            await query.answer()
        except TelegramError:
            pass
    await show(update, context, "team/denied", new=True if query is not None else new, key=error.key, role=role,
               wanted=error.details.get("wanted"))


async def staff(update: Update, context: ContextTypes.DEFAULT_TYPE, kinds=roles.KINDS) -> Role | None:
    """The sender's role if it is one of ``kinds``; otherwise answer with the refusal and return None."""
    await person(update, context)
    role = await roles.current_role(services(context), update.effective_user.id)
    try:
        return roles.require(role, kinds=kinds)
    except PermissionDenied as error:
        if error.key == "wrong_role" and tuple(kinds) == roles.COORDINATORS:
            error.details["wanted"] = "coordinator"
        await refuse(update, context, error, role)
        return None


async def show_region(update: Update, context: ContextTypes.DEFAULT_TYPE, screen: profile.RegionScreen) -> None:
    """Show a region screen of the journey service and remember whether the question is still open."""
    if screen.awaiting:
        context.user_data[profile.AWAITING_REGION] = True
    else:
        context.user_data.pop(profile.AWAITING_REGION, None)
    await show(update, context, screen.template, **screen.values)


#: What a chat is writing (``question_drafts.step``) → the function that reads the text (handlers/steps.py).
#: It returns False when the text was not for it (the text then goes on to the search).
Step = Callable[[Update, ContextTypes.DEFAULT_TYPE, object], Awaitable[bool]]
STEPS: dict[str, Step] = {}
#: Buttons that belong to the steps (the others, like a command, abandon what the chat was writing).
KEEP_KINDS: set[str] = set()


def register_step(step: str, handler: Step, *button_kinds: str) -> None:
    STEPS[step] = handler
    KEEP_KINDS.update(button_kinds)
