"""What every handler needs: the services, the person's row, answering with a rendered screen, and the
one router of commands and buttons (:func:`command`, :func:`button`, :func:`add_routes`).

Answers go to Telegram as raw Bot API requests (:func:`api`): python-telegram-bot would otherwise
parse every returned message and its keyboard into objects nobody reads (a third of the time of an
update). Only the message id is kept, for the rare screens edited later (the announcement progress).
"""

from __future__ import annotations

import contextvars
import logging
import re
import warnings
from dataclasses import dataclass
from typing import Any, Awaitable, Callable, Sequence

from telegram import Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes
from telegram.warnings import PTBUserWarning

from bot import callbacks, roles
from bot.context import AppContext, app_ctx
from bot.journey import profile
from bot.menus import role_commands
from bot.render import Screen
from bot.roles import PermissionDenied, Role

log = logging.getLogger(__name__)
#: What the application's ``Defaults`` add to the messages PTB sends; raw requests add it themselves.
MESSAGE_DEFAULTS: dict[str, Any] = {"parse_mode": "HTML", "link_preview_options": {"is_disabled": True}}
#: The button answered last in this task: a handler that shows two screens answers its button once
#: (Telegram refuses a second answer).
_answered: contextvars.ContextVar[Any] = contextvars.ContextVar("answered", default=None)
#: The update whose sender was just welcomed (:func:`greet_newcomer`): compared by identity, like ``_answered``.
_welcomed: contextvars.ContextVar[Any] = contextvars.ContextVar("welcomed", default=None)
# do_api_request warns when the method also exists on Bot: here the raw call is what we want.
warnings.filterwarnings("ignore", message=r"Please use 'Bot\.", category=PTBUserWarning)


async def api(bot: Any, method: str, **params: Any) -> Any:
    """One documented Bot API method, through the bot's request layer and rate limiter, whose
    answer stays raw JSON (a dict, or True). ``None`` parameters are left out."""
    return await bot.do_api_request(method, api_kwargs={k: v for k, v in params.items() if v is not None})


async def person(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The person's row (created on first contact), or None when the update has no user.

    Someone the bot does not know (first contact without /start, or back after /oubli) first gets the
    welcome with the data notice (:func:`greet_newcomer`), never a silently recreated profile; then the
    handler answers as usual, with no extra database round trip."""
    user = update.effective_user
    if user is None or user.is_bot:
        return None
    ctx = app_ctx(context)
    row, created = await profile.arrive(ctx, user.id, user.first_name, user.username)
    if created:
        await greet_newcomer(update, context, ctx)
    return row


async def greet_newcomer(update: Update, context: ContextTypes.DEFAULT_TYPE, ctx: AppContext) -> None:
    """The welcome and the data notice for a row just created (not for /start, which has its own, nor for staff)."""
    message = update.message
    if message is not None and (message.text or "").startswith("/start"):
        return
    if await roles.current_role(ctx, update.effective_user.id) is None:
        user = update.effective_user
        await show(update, context, "start/welcome", first_name=user.first_name, regions=ctx.catalogue.regions.all, notice=True, new=True)
        _welcomed.set(update)


def just_welcomed(update: Update) -> bool:
    """True while handling the update that made the bot welcome a newcomer (their « bonjour » is already answered)."""
    return _welcomed.get() is update


async def acknowledge(update: Update, text: str | None = None) -> None:
    """Answer the pressed button (stops its spinner; ``text``: a short notice). Never fails: a lost or
    refused answer (too old, Telegram's hiccups after the request layer's retries) must not stop the
    screen that follows."""
    query = update.callback_query
    if query is None or _answered.get() is query:
        return
    _answered.set(query)
    try:
        await api(query.get_bot(), "answerCallbackQuery", callback_query_id=query.id, text=text)
    except TelegramError as error:
        log.info("réponse au bouton perdue (%s) : l'écran est montré quand même", type(error).__name__)


#: Edits that cannot be made: the screen is sent as a new message instead.
_CANNOT_EDIT = ("not found", "can't be edited", "there is no text in the message")


async def respond(update: Update, context: ContextTypes.DEFAULT_TYPE, screen: Screen, *, new: bool = False) -> int | None:
    """Show ``screen``: edit the pressed message for a button, otherwise (or when the message cannot be
    edited any more: deleted, too old, not a text) send a new message.
    Returns the id of the message showing it (None when nothing was shown)."""
    bot = context.bot
    query = update.callback_query
    if query is not None:
        await acknowledge(update)
        message = query.message
        if not new and message is not None and getattr(message, "text", None) is not None:
            try:
                await api(bot, "editMessageText", chat_id=message.chat.id, message_id=message.message_id,
                          text=screen.text, reply_markup=screen.markup, **MESSAGE_DEFAULTS)
                return message.message_id
            except BadRequest as error:
                if "not modified" in str(error).lower():
                    return message.message_id
                if not any(reason in str(error).lower() for reason in _CANNOT_EDIT):
                    raise
    chat_id = answer_chat_id(update)
    if chat_id is None:
        return None
    sent = await api(bot, "sendMessage", chat_id=chat_id, text=screen.text, reply_markup=screen.markup, **MESSAGE_DEFAULTS)
    return sent["message_id"]


def answer_chat_id(update: Update) -> int | None:
    """Where to answer: the update's chat, or for a button under an inline message (no chat, no
    message) the person's private chat, whose id is their user id."""
    if update.effective_chat is not None:
        return update.effective_chat.id
    user = update.effective_user
    return user.id if user is not None and not user.is_bot else None


async def show(update: Update, context: ContextTypes.DEFAULT_TYPE, template: str, *, new: bool = False, **values) -> int | None:
    """Render ``template`` and show it; returns the message id (see :func:`respond`)."""
    ctx = app_ctx(context)
    return await respond(update, context, ctx.renderer.render(template, **values), new=new)


async def show_cached(update: Update, context: ContextTypes.DEFAULT_TYPE, template: str, key: tuple, **values) -> int | None:
    """:func:`show` for a screen that depends only on the catalogue and ``key``: rendered once."""
    ctx = app_ctx(context)
    return await respond(update, context, ctx.renderer.cached(ctx.catalogue, template, key, **values))


def services(context: ContextTypes.DEFAULT_TYPE) -> AppContext:
    return app_ctx(context)


async def refuse(update: Update, context: ContextTypes.DEFAULT_TYPE, error: PermissionDenied, role: Role | None = None, *, new: bool = False) -> None:
    """Say no, in French, from the permission error's key."""
    query = update.callback_query
    await acknowledge(update)
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


async def show_staff_home(update: Update, context: ContextTypes.DEFAULT_TYPE, role: Role, *, new: bool = True) -> None:
    """An advisor's or coordinator's home: their role and their own commands (/start, /aide)."""
    await show(update, context, "team/staff_home", role=role, first_name=update.effective_user.first_name, commands=role_commands(role), new=new)


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


# --- the router: every command and every button kind declared once --------------------------------
#: A command's function: ``(update, context)``, its words in ``context.args``.
Command = Callable[[Update, ContextTypes.DEFAULT_TYPE], Awaitable[object]]
#: A button's function: ``(update, context, *values)``, the callback arguments already checked and converted.
ButtonHandler = Callable[..., Awaitable[object]]
#: Reads one callback argument: its value, or ValueError when it does not check out (forged, outdated).
Arg = Callable[[str], object]
_NUMBER = re.compile(r"-?[0-9]{1,12}")


def number(text: str) -> int:
    """A whole number (an id, a page); « 1_0 » or « +1 », which ``int`` would accept, are refused."""
    if not _NUMBER.fullmatch(text):
        raise ValueError(text)
    return int(text)


def flag(text: str) -> bool:
    """``1`` (yes) or ``0`` (no)."""
    if text not in ("0", "1"):
        raise ValueError(text)
    return text == "1"


def choice(*allowed: str) -> Arg:
    """One of ``allowed``, as written."""
    def read(text: str) -> str:
        if text not in allowed:
            raise ValueError(text)
        return text
    return read


@dataclass(frozen=True)
class Button:
    """What a button kind expects: ``args`` (one reader each), the last ``optional`` of them may be left out."""
    handler: ButtonHandler
    args: tuple[Arg, ...] = ()
    optional: int = 0

    def values(self, args: Sequence[str]) -> list[object] | None:
        """The converted arguments, or None when their number or one of them does not check out."""
        if not len(self.args) - self.optional <= len(args) <= len(self.args):
            return None
        try:
            return [read(arg) for read, arg in zip(self.args, args)]
        except ValueError:
            return None


#: Button kind (``callbacks.make(kind, ...)``) → what answers it; command name → its function.
BUTTONS: dict[str, Button] = {}
COMMANDS: dict[str, Command] = {}


def _same(a: Callable, b: Callable) -> bool:
    """The same function (a module imported again, e.g. by a test, makes a new object of it)."""
    return a is b or (getattr(a, "__module__", None), getattr(a, "__qualname__", None)) == (getattr(b, "__module__", 0), getattr(b, "__qualname__", 0))


def button(*kinds: str, args: Sequence[Arg] = (), optional: int = 0) -> Callable[[ButtonHandler], ButtonHandler]:
    """Declare the function answering the buttons of ``kinds`` (decorator). It is called with the checked
    arguments as extra positional values; data that does not check out gets « ce bouton n'est plus valable »."""
    def declare(handler: ButtonHandler) -> ButtonHandler:
        for kind in kinds:
            if kind in BUTTONS and not _same(BUTTONS[kind].handler, handler):
                raise ValueError(f"bouton {kind!r} déjà déclaré par {BUTTONS[kind].handler!r}")
            BUTTONS[kind] = Button(handler, tuple(args), optional)
        return handler
    return declare


def command(*names: str) -> Callable[[Command], Command]:
    """Declare the function answering ``/name`` for each of ``names`` (decorator)."""
    def declare(handler: Command) -> Command:
        for name in names:
            if name in COMMANDS and not _same(COMMANDS[name], handler):
                raise ValueError(f"commande /{name} déjà déclarée par {COMMANDS[name]!r}")
            COMMANDS[name] = handler
        return handler
    return declare


async def route_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every button: one dictionary look-up by kind; unknown, outdated or forged data gets the clear answer."""
    data = callbacks.parse(update.callback_query.data)
    declared = BUTTONS.get(data.kind) if data is not None else None
    values = declared.values(data.args) if declared is not None else None
    if values is None:
        await stale(update, context)
        return
    await declared.handler(update, context, *values)


async def stale(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button from an old message, another version, or forged data."""
    await person(update, context)
    await show(update, context, "common/stale")


async def route_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every declared command (python-telegram-bot already matched it, ``/name@bot`` included)."""
    text = update.effective_message.text
    await COMMANDS[text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower()](update, context)


def add_routes(app: Application) -> None:
    """The two handlers of every declared command and button (after the conversations, before the fallbacks)."""
    app.add_handler(CommandHandler(sorted(COMMANDS), route_command))
    app.add_handler(CallbackQueryHandler(route_button))
