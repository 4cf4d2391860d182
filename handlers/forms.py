"""The one handler of every step-by-step form (bot/forms.py): entry commands and buttons, typed answers,
buttons, « Retour », « Modifier », /annuler, the preview and confirming.

The form in progress is read from the database (group -5, before the other handlers): an answer reaches
its form after a restart, and with PostgreSQL whichever instance receives it (a chat seen without a form
is not read again for the person cache's delay, none with PostgreSQL: bot/forms.py ``load``). Commands
other than /annuler go on to their own handlers, the form stays open.
"""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import Application, ApplicationHandlerStop, ContextTypes, TypeHandler

from bot import callbacks, forms, roles
from bot.form_registry import FORMS
from bot.forms import MENU, PREVIEW, Answer, Form, FormError, State
from bot.roles import PermissionDenied, Role
from handlers.common import acknowledge, answer_chat_id, button, command, person, refuse, services, show

log = logging.getLogger(__name__)
GROUP = -5
BY_NAME = {form.name: form for form in FORMS}
BY_KIND = {form.kind: form for form in FORMS}
BY_COMMAND = {command: form for form in FORMS for command in form.commands}
BY_BUTTON = {kind: form for form in FORMS for kind in form.buttons}
#: Buttons and commands that end some form silently before doing their own work (Form.leaves).
LEAVING = {name for form in FORMS for name in form.leaves}
#: Updates that left a form (Form.leaves): a form set aside comes back after their screen (RESUME_GROUP).
_LEFT: set[int] = set()
RESUME_GROUP = 50


async def _role(update: Update, context: ContextTypes.DEFAULT_TYPE, form: Form) -> tuple[bool, Role | None]:
    """(allowed, role): the person's role if the form needs one and it is still valid; refused otherwise."""
    await person(update, context)
    role = await roles.current_role(services(context), update.effective_user.id)
    if form.kinds is None:
        return True, role
    try:
        return True, roles.require(role, kinds=form.kinds)
    except PermissionDenied as error:
        if error.key == "wrong_role" and tuple(form.kinds) == roles.COORDINATORS:
            error.details["wanted"] = "coordinator"
        await refuse(update, context, error, role)
        return False, role


async def _ended(update: Update, context, form: Form, why: str, *, drop: bool = True) -> None:
    ctx = services(context)
    if drop:
        await forms.drop(ctx, update.effective_chat.id)
    await show(update, context, form.ended_template, new=True, why=why, hours=form.expires_hours)
    if drop:
        await _resume(update, context)


async def _resume(update: Update, context) -> None:
    """The form set aside while another ran (forms.pause) comes back: its question, asked again."""
    ctx = services(context)
    state = await forms.unpause(ctx, update.effective_chat.id)
    form = BY_NAME.get(state.form) if state is not None else None
    if form is None:
        return
    if forms.expired(ctx, form, state):
        await _ended(update, context, form, "expired")
        return
    allowed, role = await _role(update, context, form)
    if not allowed:
        await forms.drop(ctx, update.effective_chat.id)
        return
    await show(update, context, "forms/resumed", new=True)
    await ask(update, context, form, state, role)


async def resume_after_leaving(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """After the screen of a button or command that left a form (Form.leaves): the form set aside, if any."""
    if update.update_id in _LEFT:
        _LEFT.discard(update.update_id)
        await _resume(update, context)


async def ask(update: Update, context, form: Form, state: State, role: Role | None, error: FormError | None = None,
              *, edit: bool = False) -> None:
    """Show the open step (a question, the « Modifier » menu or the preview) and save the state."""
    ctx = services(context)
    chat_id = update.effective_chat.id
    notes = state.data.pop("_notes", [])
    if state.step == PREVIEW:
        if form.preview is None:
            state.data["_notes"] = notes
            await _finish(update, context, form, state, role)
            return
        try:
            screens = await form.preview(ctx, role, state.data)
        except FormError as problem:
            state.step = problem.details.get("step") or (state.history[-1] if state.history else state.step)
            state.return_to = None
            await ask(update, context, form, state, role, problem)
            return
        await forms.save(ctx, chat_id, state)
        for index, (template, values) in enumerate(screens):
            await show(update, context, template, new=True, **values, notes=notes if index == 0 else [])
        return
    values = dict(step=state.step, draft=state.data, role=role, kind=form.kind, can_back=bool(state.history), notes=notes,
                  error=error.key if error else None, details=error.details if error else {})
    values.update(await forms.extra_values(ctx, form, role, state))
    if state.step == MENU:
        fields = form.editable(role, state.data) if form.editable else set()
        await forms.save(ctx, chat_id, state)
        await show(update, context, form.menu_template, new=error is None, fields=fields, **values)
        return
    await forms.save(ctx, chat_id, state)
    await show(update, context, form.template, new=not edit, **values)


async def _finish(update: Update, context, form: Form, state: State, role: Role | None) -> None:
    """Confirm: the form's ``finish``; a refused confirmation goes back to the question concerned."""
    ctx = services(context)
    chat_id = answer_chat_id(update)
    try:
        done = await form.finish(ctx, role, state.data, chat_id, context.bot)
    except PermissionDenied as error:
        await forms.drop(ctx, chat_id)
        await refuse(update, context, error, role)
        return
    except FormError as error:
        state.step = error.details.get("step") or (state.history[-1] if state.history else form.following(state.data, ""))
        state.return_to = None
        await ask(update, context, form, state, role, error)
        return
    await forms.drop(ctx, chat_id)
    sent = [await show(update, context, template, new=True, **values) for template, values in done.screens]
    if done.after is not None:
        await done.after(sent)
    await _resume(update, context)


#: The arguments of a form's buttons, read by the form itself (its ``start``, its steps).
ANY_ARGS = dict(args=(str, str, str), optional=3)


@command(*BY_COMMAND)
async def open_form(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A form's command (/annonce...): a new form (an unfinished one is dropped, saying so)."""
    name = (update.effective_message.text or "").split()[0].lstrip("/").split("@")[0].lower()
    await _open(update, context, BY_COMMAND[name], list(context.args or []))


@button(*BY_BUTTON, **ANY_ARGS)
async def open_form_button(update: Update, context: ContextTypes.DEFAULT_TYPE, *args: str) -> None:
    """A form's entry button (``mycl:<id>``...): the form starts with the kind and the arguments."""
    kind = callbacks.parse(update.callback_query.data).kind
    await _open(update, context, BY_BUTTON[kind], [kind, *args])


async def _open(update: Update, context: ContextTypes.DEFAULT_TYPE, form: Form, args: list[str]) -> None:
    if update.effective_chat is None or update.effective_user is None:
        return  # a button of a message the bot no longer sees: nowhere to ask
    allowed, role = await _role(update, context, form)
    if not allowed:
        return
    ctx = services(context)
    chat_id = update.effective_chat.id
    try:
        data, step = await form.start(ctx, role, args)
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        return
    except FormError as error:
        await show(update, context, form.ended_template, new=True, why=error.key, hours=form.expires_hours, **error.details)
        return
    error = data.pop("_error", None)  # the typed one-line form was refused: the question, with why
    previous = await forms.load(ctx, chat_id)
    if previous is not None and previous.form in BY_NAME:
        if previous.form != form.name and not forms.expired(ctx, BY_NAME[previous.form], previous):
            replaced = await forms.pause(ctx, chat_id, previous)  # back once this one ends
            await show(update, context, "forms/paused", new=True, form=previous.form)
            previous = replaced
    if previous is not None and previous.form in BY_NAME:
        await show(update, context, BY_NAME[previous.form].ended_template, new=True, why="restart", hours=form.expires_hours)
    if step is None:  # answered at once (a typed one-line form); then the form set aside, if any
        await _finish(update, context, form, State(form.name, PREVIEW, data, ctx.clock.timestamp()), role)
        return
    problem = FormError(error.pop("key"), **error) if error else None
    await ask(update, context, form, State(form.name, step, data, ctx.clock.timestamp()), role, problem)


async def dispatch(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Before every other handler: an answer, a button or /annuler of the form in progress."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None or user is None or user.is_bot:
        return
    query = update.callback_query
    message = update.message
    parsed = callbacks.parse(query.data) if query is not None else None
    text = message.text if message is not None else None
    is_command = text is not None and text.startswith("/")
    command = text.split()[0].lstrip("/").split("@")[0].lower() if is_command else None
    if (parsed.kind if parsed else command) in LEAVING:
        await _leave(update, context, parsed.kind if parsed else command)
        return
    if query is not None and (parsed is None or parsed.kind not in BY_KIND):
        return
    if query is None and (message is None or (is_command and command != "annuler")):
        return
    ctx = services(context)
    state = await forms.load(ctx, chat.id)
    if state is None or state.form not in BY_NAME:
        if query is not None:  # a button of a form no longer in progress (published, abandoned, forged)
            await stale(update, context, BY_KIND[parsed.kind])
            raise ApplicationHandlerStop
        if command == "annuler":  # nothing to cancel: said so, not « Je n'ai pas compris »
            await person(update, context)
            role = await roles.current_role(ctx, update.effective_user.id)
            await show(update, context, "forms/nothing_to_cancel", staff=role is not None)
            raise ApplicationHandlerStop
        return
    form = BY_NAME[state.form]
    if query is not None and parsed.kind != form.kind:
        if await forms.paused_form(ctx, chat.id) == BY_KIND[parsed.kind].name:  # a button of the form set aside
            await acknowledge(update)
            await show(update, context, "forms/paused", new=True, form=BY_KIND[parsed.kind].name)
        else:
            await stale(update, context, BY_KIND[parsed.kind])
        raise ApplicationHandlerStop
    allowed, role = await _role(update, context, form)
    if not allowed:
        await forms.drop(ctx, chat.id)
        raise ApplicationHandlerStop
    if forms.expired(ctx, form, state):
        await _ended(update, context, form, "expired")
    elif is_command:
        await _ended(update, context, form, "cancelled")
    elif query is not None:
        await _pressed(update, context, form, state, role, parsed.arg(0, "") or "", parsed.arg(1))
    elif text is None:
        await ask(update, context, form, state, role, FormError("text_only"))
    else:
        await _apply(update, context, form, state, role, Answer(ctx, role, state.data, text=text))
    raise ApplicationHandlerStop


async def _leave(update: Update, context, name: str) -> None:
    """A button or command another screen handles: the form in progress that it leaves ends silently."""
    ctx = services(context)
    state = await forms.load(ctx, update.effective_chat.id)
    if state is not None and state.form in BY_NAME and name in BY_NAME[state.form].leaves:
        await forms.drop(ctx, update.effective_chat.id)
        _LEFT.add(update.update_id)  # once the other screen is shown: the form set aside, if any


async def _apply(update: Update, context, form: Form, state: State, role: Role | None, answer: Answer, *, pressed: bool = False) -> None:
    """Apply an answer to the open step; a refused one asks the step again with the reason."""
    asked = state.step
    try:
        forms.answer(form, state, answer)
    except FormError as error:
        await ask(update, context, form, state, role, error)
        return
    except PermissionDenied as error:
        await refuse(update, context, error, role)
        await ask(update, context, form, state, role)
        return
    await ask(update, context, form, state, role, edit=pressed and state.step == asked)


async def _pressed(update: Update, context, form: Form, state: State, role: Role | None, action: str, arg: str | None) -> None:
    """The navigation buttons of every form, then the step's own buttons."""
    if action == "x":
        await _ended(update, context, form, "cancelled")
    elif action == "back":
        if not forms.back(form, state):
            await ask(update, context, form, state, role, edit=True)
            return
        await ask(update, context, form, state, role)
    elif state.step == PREVIEW and action == "mod" and form.menu_template:
        state.history.append(PREVIEW)
        state.step = MENU
        await ask(update, context, form, state, role)
    elif state.step == PREVIEW and action == "ok":
        await _finish(update, context, form, state, role)
    elif state.step == MENU and action == "f" and arg in (form.editable(role, state.data) if form.editable else set()):
        forms.jump(form, state, arg)
        await ask(update, context, form, state, role)
    elif state.step in (PREVIEW, MENU):
        await ask(update, context, form, state, role, FormError("buttons"))
    else:
        await _apply(update, context, form, state, role, Answer(services(context), role, state.data, action=action, arg=arg), pressed=True)


async def stale(update: Update, context, form: Form) -> None:
    """A form's button pressed outside that form (an old preview, a forged press)."""
    if update.callback_query is not None:
        await acknowledge(update)
    if form.kinds is not None and await roles.current_role(services(context), update.effective_user.id) is None:
        await refuse(update, context, PermissionDenied("not_staff"))
        return
    await _ended(update, context, form, "stale", drop=False)


@button(*BY_KIND, **ANY_ARGS)
async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE, *args: str) -> None:
    """A form's button reaching group 0 (the dispatcher let it through): stale."""
    await stale(update, context, BY_KIND[callbacks.parse(update.callback_query.data).kind])


def register(app: Application) -> None:
    app.add_handler(TypeHandler(Update, dispatch), group=GROUP)
    app.add_handler(TypeHandler(Update, resume_after_leaving), group=RESUME_GROUP)
