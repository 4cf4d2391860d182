"""/mesannonces: an advisor's events, registrants, changes (every field) and cancellation (closing with results: bot/close_form.py).

Every action goes through :mod:`bot.followup`, which checks role, region and ownership (a forged
``mye:<id>`` for another advisor's event is refused there)."""

from __future__ import annotations

import warnings

from telegram import Update
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, ConversationHandler, MessageHandler, filters,
)
from telegram.warnings import PTBUserWarning

from bot import announce, callbacks, followup, roles
from bot.announce import DraftError
from bot.broadcast import service as broadcast_service
from bot.events.model import EventError
from bot.events.notify import tell_change
from bot.roles import PermissionDenied
from bot.announce_form import LIMITS
from bot.forms import says_none
from handlers.common import refuse, services, show, staff


END = ConversationHandler.END
KEY = "suivi"
OPTIONAL_STEPS = ("capacity", "deadline", "description", "companies")


async def persist_now(update: Update, context, name: str, state: object) -> object:
    """Write the state of conversation ``name`` and the person's user_data now (not only at the next
    periodic save), so that a restart right after this answer loses nothing; returns ``state``."""
    persistence = context.application.persistence
    if persistence is not None and update.effective_chat and update.effective_user:
        key = (update.effective_chat.id, update.effective_user.id)
        await persistence.update_conversation(name, key, None if state == END else state)
        await persistence.update_user_data(update.effective_user.id, dict(context.user_data))
    return state


async def _event_from(update: Update, context, kinds=roles.KINDS):
    """(role, event) for the pressed button, or None after telling why not."""
    role = await staff(update, context, kinds)
    if role is None:
        return None
    parsed = callbacks.parse(update.callback_query.data) if update.callback_query else None
    try:
        event = await followup.owned_event(services(context), role, parsed.int_arg(0) if parsed else None)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return None
    return role, event


async def my_list(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mesannonces: the person's actions (a regional coordinator: the region's)."""
    role = await staff(update, context)
    if role is None:
        return
    await show(update, context, "followup/list", role=role, events=await followup.my_events(services(context), role))


async def my_event(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """One action: status, registrations, broadcasts, and what can be done with it."""
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    await show(update, context, "followup/event", event=event, now=ctx.clock.timestamp(),
               broadcasts=await broadcast_service.of_event(ctx, event.id))


async def my_registrants(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The registered and waiting people (names only for those who agreed)."""
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    _, people = await followup.registrations(services(context), role, event.id)
    await show(update, context, "followup/registrants", event=event, people=people)


async def ask_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """« Annuler l'action »: ask for confirmation."""
    found = await _event_from(update, context)
    if found is not None:
        await show(update, context, "followup/confirm_cancel", event=found[1])


async def do_cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Cancel the action and tell the registered people."""
    found = await _event_from(update, context)
    if found is None:
        return
    role, event = found
    ctx = services(context)
    try:
        change = await followup.cancel(ctx, role, event.id)
    except EventError as error:
        await show(update, context, "followup/ask", step=None, event=event, error="event", details={"messages": error.messages})
        return
    told = await tell_change(context.bot, ctx, change)
    await show(update, context, "followup/done", what="cancelled", told=told)


# --- the small conversation: changing a field ------------------------------------------
def _editable(event, now: int) -> bool:
    return event.status == "a_venir" and event.starts_at > now


async def edit_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """« Modifier »: every field an advisor may change after publication."""
    context.user_data.pop(KEY, None)
    found = await _event_from(update, context)
    if found is not None:
        event = found[1]
        if _editable(event, services(context).clock.timestamp()):
            await show(update, context, "followup/edit", event=event, fields=followup.FIELDS)
        else:
            await show(update, context, "followup/ask", new=True, step=None, event=event, error="not_editable")
    return await persist_now(update, context, KEY, END)


async def _question(update: Update, context, event, step: str, error: DraftError | None = None, *, new: bool = True) -> object:
    """Ask (again) one question of the edit or closing conversation; returns the conversation state."""
    state = context.user_data.get(KEY) or {}
    draft = followup.as_draft(event)
    if "branches" in state:
        draft["branches"] = state["branches"]
    await show(update, context, "followup/ask", new=new, step=step, event=event, draft=draft,
               error=error.key if error else None, details=error.details if error else {},
               ends=announce.end_options(draft) if step == "end" else [], limits=LIMITS)
    return await persist_now(update, context, KEY, "edit")


async def start_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """« Modifier » a field: its question."""
    found = await _event_from(update, context)
    if found is None:
        return END
    role, event = found
    parsed = callbacks.parse(update.callback_query.data)
    now = services(context).clock.timestamp()
    step = "when" if parsed.kind == "myd" else parsed.arg(1, "")
    if step not in followup.FIELDS:
        await show(update, context, "common/stale", new=True)
        return END
    if not _editable(event, now):
        await show(update, context, "followup/ask", new=True, step=None, event=event, error="not_editable")
        return END
    context.user_data[KEY] = {"event": event.id, "step": step}
    if step == "branches":
        context.user_data[KEY]["branches"] = list(event.branches)
    return await _question(update, context, event, step)


async def _state_event(update: Update, context):
    """(role, state, event) of the conversation in progress, or None after ending it."""
    state = context.user_data.get(KEY)
    role = await staff(update, context)
    if role is None or state is None:
        context.user_data.pop(KEY, None)
        await persist_now(update, context, KEY, END)
        return None
    try:
        event = await followup.owned_event(services(context), role, state["event"])
    except PermissionDenied as error:
        context.user_data.pop(KEY, None)
        await refuse(update, context, error, role)
        await persist_now(update, context, KEY, END)
        return None
    return role, state, event


async def _save(update: Update, context, role, event, step: str, draft: dict) -> object:
    """Save an answered edit; tell the people concerned; or ask again with the reason."""
    ctx = services(context)
    try:
        change = await followup.edit(ctx, role, event.id, step, draft)
    except DraftError as error:
        return await _question(update, context, event, "capacity" if error.key.startswith("capacity") else step, error)
    except EventError as error:
        return await _question(update, context, event, step, DraftError("event", messages=error.messages))
    context.user_data.pop(KEY, None)
    told = await tell_change(context.bot, ctx, change)
    await show(update, context, "followup/done", new=True, what="changed", told=told, event=change.after,
               fields=change.changed, promoted=len(change.promoted), notes=draft.pop("_notes", []))
    return await persist_now(update, context, KEY, END)


async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A typed answer to the open question (a field's new value)."""
    found = await _state_event(update, context)
    if found is None:
        return END
    role, state, event = found
    ctx = services(context)
    text = update.effective_message.text or ""
    step = state["step"]
    if step == "branches":
        return await _question(update, context, event, step, DraftError("buttons"))
    none = step in OPTIONAL_STEPS and says_none(text)
    draft = followup.as_draft(event)
    try:
        following = followup.read_answer(ctx, event, draft, step, None if none else text)
    except DraftError as error:
        return await _question(update, context, event, step, error)
    if following is not None:
        state["step"] = following
        return await _question(update, context, event, following)
    return await _save(update, context, role, event, step, draft)


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """The buttons of an edit question: « none » (myn), an end preset (myp), branches (myb)."""
    found = await _state_event(update, context)
    if found is None:
        return END
    role, state, event = found
    parsed = callbacks.parse(update.callback_query.data)
    step = state["step"]
    if parsed.int_arg(0) != event.id:
        return await _question(update, context, event, step, DraftError("buttons"))
    draft = followup.as_draft(event)
    try:
        if parsed.kind == "myn" and step in OPTIONAL_STEPS:
            followup.read_answer(services(context), event, draft, step, None)
        elif parsed.kind == "myp" and step == "end":
            followup.read_answer(services(context), event, draft, step, None, preset=parsed.arg(1, ""))
        elif parsed.kind == "myb" and step == "branches":
            action = parsed.arg(1, "")
            draft["branches"] = [] if action == "all" else state["branches"]
            if action not in ("ok", "all"):
                announce.toggle_branch(services(context), draft, parsed.int_arg(1, -1))
                state["branches"] = draft["branches"]
                return await _question(update, context, event, step, new=False)
        else:
            return await _question(update, context, event, step, DraftError("buttons"))
    except DraftError as error:
        return await _question(update, context, event, step, error)
    return await _save(update, context, role, event, step, draft)


async def leave(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/annuler: leave the question, nothing changed."""
    context.user_data.pop(KEY, None)
    await show(update, context, "followup/done", new=True, what="nothing", told=None)
    return await persist_now(update, context, KEY, END)


async def leave_to(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A button or command of /mesannonces pressed in the middle of a question: leave it, then do it."""
    context.user_data.pop(KEY, None)
    parsed = callbacks.parse(update.callback_query.data) if update.callback_query else None
    kind = parsed.kind if parsed else "mya"
    await {"mye": my_event, "mym": edit_menu}.get(kind, my_list)(update, context)
    return await persist_now(update, context, KEY, END)


def register(app: Application) -> None:
    editing = [MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
               CallbackQueryHandler(on_button, pattern=callbacks.pattern("myn", "myp", "myb"))]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)
        app.add_handler(ConversationHandler(
            entry_points=[CallbackQueryHandler(start_edit, pattern=callbacks.pattern("myd", "myf"))],
            states={
                "edit": editing,
                "when": editing,  # the state of a date change saved before the « Modifier » menu existed
            },
            fallbacks=[CommandHandler("annuler", leave), CommandHandler("mesannonces", leave_to),
                       CallbackQueryHandler(leave_to, pattern=callbacks.pattern("mya", "mye", "mym"))],
            name=KEY, persistent=app.persistence is not None, allow_reentry=True,
        ))
    app.add_handler(CommandHandler("mesannonces", my_list))
    app.add_handler(CallbackQueryHandler(my_list, pattern=callbacks.pattern("mya")))
    app.add_handler(CallbackQueryHandler(my_event, pattern=callbacks.pattern("mye")))
    app.add_handler(CallbackQueryHandler(edit_menu, pattern=callbacks.pattern("mym")))
    app.add_handler(CallbackQueryHandler(my_registrants, pattern=callbacks.pattern("myr")))
    app.add_handler(CallbackQueryHandler(ask_cancel, pattern=callbacks.pattern("myc")))
    app.add_handler(CallbackQueryHandler(do_cancel, pattern=callbacks.pattern("mycy")))
