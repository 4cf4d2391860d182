"""/annonce: the guided conversation of an advisor or coordinator (persistent: survives a restart).

Every state uses the same handlers (free text, buttons ``ann:...``); ``draft["step"]`` says which
question is open. The draft lives in ``user_data["annonce"]`` and is written to the persistence at
each step, with the conversation state, so a restart in the middle loses nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from telegram import Update
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, ConversationHandler, MessageHandler, filters,
)

from bot import announce, callbacks, roles
from bot.announce import DraftError
from bot.events.model import event_types
from bot.roles import PermissionDenied, Role
from handlers.common import acknowledge, answer_chat_id, person, refuse, services, show, staff


log = logging.getLogger(__name__)
END = ConversationHandler.END
NAME = "annonce"
STATES = ["kind", "edit"] + announce.EVENT_STEPS + ["text"]
LIMITS = {"title": announce.TITLE_MAX, "description": announce.DESCRIPTION_MAX, "message": announce.MESSAGE_MAX,
          "companies": announce.COMPANIES_MAX}


def _draft(context) -> dict | None:
    return context.user_data.get(NAME)


async def persist_now(update: Update, context, name: str, state: object) -> object:
    """Write the state of conversation ``name`` and the person's user_data now (not only at the next
    periodic save), so that a restart right after this answer loses nothing; returns ``state``."""
    persistence = context.application.persistence
    if persistence is not None and update.effective_chat and update.effective_user:
        key = (update.effective_chat.id, update.effective_user.id)
        await persistence.update_conversation(name, key, None if state == END else state)
        await persistence.update_user_data(update.effective_user.id, dict(context.user_data))
    return state


async def _persist(update: Update, context, state: object) -> object:
    """Save this conversation's state now (see :func:`persist_now`)."""
    return await persist_now(update, context, NAME, state)


async def _ask(update: Update, context, role: Role, step: str, error: DraftError | None = None, *, edit: bool = False) -> object:
    """Ask question ``step`` (with the reason ``error`` of a refused answer); returns the state."""
    draft = _draft(context)
    if draft is not None:
        draft["step"] = step
    if step == "preview":
        return await _preview(update, context, role)
    if step == "edit":
        await show(update, context, "announce/edit", new=error is None, draft=draft, role=role)
        return await _persist(update, context, "edit")
    await show(
        update, context, "announce/ask", new=not edit, step=step, draft=draft or {}, role=role, types=event_types(),
        limits=LIMITS, partners=announce.partner_options(services(context), role, draft) if draft else [],
        ends=announce.end_options(draft) if step == "end" and draft and draft.get("starts_at") else [],
        error=error.key if error else None, details=error.details if error else {},
    )
    return await _persist(update, context, step)


async def _preview(update: Update, context, role: Role) -> object:
    """The preview: who receives it, then the card exactly as the young people will see it."""
    ctx = services(context)
    draft = _draft(context)
    draft["step"] = "preview"
    draft.pop("editing", None)
    if draft["kind"] == "message":
        card = announce.message_text(ctx, role, draft)
    else:
        try:
            event = announce.preview_event(ctx, draft)
        except Exception as error:  # noqa: BLE001 - an invalid draft goes back to the questions
            details = getattr(error, "messages", [str(error)])
            return await _ask(update, context, role, "when", DraftError("event", messages=details))
        card = ctx.renderer.render("events/card", event=event, now=ctx.clock.timestamp()).text
    card, _ = announce.with_way_out(ctx, card, None, draft.get("region"), list(draft.get("branches") or []))  # as received
    await show(update, context, "announce/preview_head", new=True, kind=draft["kind"], region=draft.get("region"),
               recipients=await announce.recipients(ctx, draft), branches=draft.get("branches"))
    await show(update, context, "announce/preview", new=True, card=card)
    return await _persist(update, context, "preview")


async def _role_or_end(update: Update, context) -> Role | None:
    """The person's role, still valid; otherwise refuse, drop the draft and end."""
    await person(update, context)
    role = await roles.current_role(services(context), update.effective_user.id)
    try:
        return roles.require(role)
    except PermissionDenied as error:
        context.user_data.pop(NAME, None)
        await refuse(update, context, error, role)
        return None


async def _apply(update: Update, context, role: Role, step: str, answer: Callable[[], str], *, pressed: bool = False) -> object:
    """Apply an answer to question ``step`` and ask the question it leads to; a refused answer asks
    ``step`` again with the reason. A pressed toggle keeps the question and edits its message in place."""
    try:
        following = answer()
    except DraftError as error:
        return await _ask(update, context, role, step, error)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return await _ask(update, context, role, step)
    return await _ask(update, context, role, following, edit=pressed and following == step)


async def _end(update: Update, context, why: str | None) -> object:
    """Leave the conversation (saying ``why`` when there is a reason) and drop the draft."""
    context.user_data.pop(NAME, None)
    if why:
        await show(update, context, "announce/ended", new=True, why=why, hours=announce.DRAFT_HOURS)
    return await _persist(update, context, END)


# --- entry, exits ------------------------------------------------------------------------------------
async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/annonce: a new draft (an unfinished one is dropped, saying so); first question: event or message."""
    role = await staff(update, context)
    if role is None:
        return await _end(update, context, None)
    if _draft(context) is not None:
        await show(update, context, "announce/ended", new=True, why="restart", hours=announce.DRAFT_HOURS)
    context.user_data[NAME] = {"kind": None, "step": "kind", "started_at": services(context).clock.timestamp()}
    return await _ask(update, context, role, "kind")


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """/annuler and « Abandonner »: drop the draft."""
    if update.callback_query:
        await acknowledge(update)
    return await _end(update, context, "cancelled")


async def stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An ``ann`` button pressed outside any conversation (an old preview, a forged press)."""
    await acknowledge(update)
    role = await roles.current_role(services(context), update.effective_user.id)
    if role is None:
        await refuse(update, context, PermissionDenied("not_staff"))
        return
    await show(update, context, "announce/ended", new=True, why="stale", hours=announce.DRAFT_HOURS)


# --- answers -----------------------------------------------------------------------------------------
async def on_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A typed answer to the open question."""
    role = await _role_or_end(update, context)
    if role is None:
        return END
    ctx = services(context)
    draft = _draft(context)
    if draft is None or draft.get("kind") is None and draft.get("step") != "kind":
        return await _end(update, context, "stale")
    if announce.expired(ctx, draft):
        return await _end(update, context, "expired")
    step = draft.get("step")
    text = update.effective_message.text if update.effective_message else None
    if text is None:
        return await _ask(update, context, role, step, DraftError("text_only"))
    return await _apply(update, context, role, step, lambda: announce.answer_text(ctx, role, draft, step, text))


async def on_other(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A sticker, a photo...: the question again."""
    role = await _role_or_end(update, context)
    if role is None:
        return END
    draft = _draft(context)
    if draft is None:
        return await _end(update, context, "stale")
    return await _ask(update, context, role, draft.get("step", "kind"), DraftError("text_only"))


async def on_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
    """A pressed ``ann:<action>[:<arg>]`` button: navigation (publish, edit, back) or an answer."""
    query = update.callback_query
    await acknowledge(update)
    role = await _role_or_end(update, context)
    if role is None:
        return END
    ctx = services(context)
    draft = _draft(context)
    parsed = callbacks.parse(query.data)
    action = parsed.arg(0, "") if parsed else ""
    if draft is None:
        return await _end(update, context, "stale")
    if announce.expired(ctx, draft):
        return await _end(update, context, "expired")
    if action == "x":
        return await _end(update, context, "cancelled")
    step = draft.get("step") or "kind"
    arg = parsed.arg(1) if parsed else None
    if step == "kind" and action == "k" and arg in ("event", "msg"):
        started = draft.get("started_at")
        draft.clear()
        draft.update(announce.new_draft(ctx, role, "event" if arg == "event" else "message"))
        draft["started_at"] = started or draft["started_at"]
        return await _ask(update, context, role, announce.next_step(draft, "kind"))
    if step == "preview" and action == "pub":
        return await _publish(update, context, role, draft)
    if step == "preview" and action == "mod":
        return await _ask(update, context, role, "edit")
    if step == "edit" and action == "back":
        return await _preview(update, context, role)
    if step == "edit" and action == "f" and arg in _fields(draft, role):
        draft["editing"] = True
        return await _ask(update, context, role, arg)
    return await _apply(update, context, role, step, lambda: announce.answer_button(ctx, role, draft, step, action, arg), pressed=True)


def _fields(draft: dict, role: Role) -> set[str]:
    fields = ({"type", "title", "when", "end", "place", "branches", "capacity", "deadline", "description", "companies", "organisers"}
              if draft.get("kind") == "event" else {"text", "branches"})
    return fields | ({"region"} if role.is_national else set())


async def _publish(update: Update, context, role: Role, draft: dict) -> object:
    """Publish the draft, show the progress message and start the sender."""
    ctx = services(context)
    chat_id = answer_chat_id(update)
    try:
        event_id, published = await announce.publish(ctx, role, draft, chat_id)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return await _end(update, context, None)
    except DraftError as error:
        missing = announce.ready(draft)
        return await _ask(update, context, role, missing[0] if missing else "when", error)
    await show(update, context, "announce/published", new=True, event_id=event_id, total=published.total, region=draft.get("region"))
    progress = await show(update, context, "announce/progress", new=True, done=0, total=published.total, title=None)
    if progress is not None:
        from bot.broadcast import service as broadcasting

        await broadcasting.set_progress_message(ctx, published.broadcast_id, chat_id, progress)
    broadcaster = ctx.broadcaster
    if broadcaster is not None:
        broadcaster.start(published.broadcast_id)
    return await _end(update, context, None)


def register(app: Application) -> None:
    answer = [
        CallbackQueryHandler(on_button, pattern=callbacks.pattern("ann")),
        MessageHandler(filters.TEXT & ~filters.COMMAND, on_text),
        MessageHandler(~filters.COMMAND & ~filters.StatusUpdate.ALL, on_other),
    ]
    import warnings

    from telegram.warnings import PTBUserWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBUserWarning)  # per_message=False with buttons: wanted (one draft per person)
        conversation = ConversationHandler(
            entry_points=[CommandHandler("annonce", start)],
            states={state: answer for state in STATES},
            fallbacks=[CommandHandler("annuler", cancel), CommandHandler("annonce", start)],
            name=NAME,
            persistent=app.persistence is not None,
            allow_reentry=True,
        )
    app.add_handler(conversation)
    app.add_handler(CallbackQueryHandler(stale, pattern=callbacks.pattern("ann")))
