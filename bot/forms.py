"""Step-by-step forms declared once: a form is a list of steps (name, parser, buttons, optional or not),
the template that asks its questions, a preview and what confirming does.

One generic handler (``handlers/forms.py``) drives every form the same way: typed answers, buttons
``<form kind>:<action>[:<arg>]``, « ⬅️ Retour » (back one step), ``/annuler`` and « Abandonner »
(drop the form), « Modifier » (a menu of the steps: jump to one, then straight back to the preview).
The state of a form in progress is one row per chat in the database (``storage/forms.py``), read and
written at every update: a restart, or another instance of the bot, continues where the person was.
Opening another form while one is in progress sets the first aside (one place, :func:`pause`); it comes
back, its question asked again, as soon as the second one ends (saved, abandoned or left).

Declaring a form (see ``bot/announce_form.py``)::

    FORM = Form(name="annonce", kind="ann", template="announce/ask", steps=steps_of,
                start=start, preview=preview, finish=publish, ...)

Each :class:`Step` has a ``read(answer)`` for a typed text and/or a ``press(answer)`` for its buttons
(``answer.action`` / ``answer.arg``); both change ``answer.data`` or raise :class:`FormError` (its key
names the message of the form's error template) or ``PermissionDenied``. ``optional`` steps also accept
« none » (the button ``skip`` or a typed « aucune », « pas de limite »...): ``read`` gets ``text=None``.
``asked(data)`` says whether the step is asked when going forward (e.g. the link only for an online
event). A parser may return the name of a step to ask next (« en ligne » → the link), or :data:`SAME`
to stay on the question (a toggled button).
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.catalogue import fold
from bot.context import AppContext
from bot.errors import KeyedError
from bot.roles import KINDS, Role
from storage import forms as store

#: Returned by a parser to stay on the same question (a toggle button).
SAME = "="
#: The pseudo-step after the last question.
PREVIEW = "preview"
#: The pseudo-step of the « Modifier » menu.
MENU = "menu"
#: Where the form set aside while another one runs is kept (storage/forms.py).
PAUSED = "paused"
#: Typed answers (folded) meaning « none » for an optional step.
NONE_WORDS = frozenset({"pas de limite", "aucune", "aucun", "non", "pas de date limite", "pas de description", "rien", "passer"})


class FormError(KeyedError, ValueError):
    """A refused answer; ``key`` names the message of the form's error template, ``details`` its values."""



@dataclass
class Answer:
    """What a parser receives: the services, the person's role, the form's data and the answer."""

    ctx: AppContext
    role: Role | None
    data: dict[str, Any]
    text: str | None = None
    action: str = ""
    arg: str | None = None


Parser = Callable[[Answer], "str | None"]


def _always(data: dict[str, Any]) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    """One question: ``read`` parses a typed answer, ``press`` a button; ``optional``: « none » accepted."""

    name: str
    read: Parser | None = None
    press: Parser | None = None
    optional: bool = False
    asked: Callable[[dict[str, Any]], bool] = _always


@dataclass
class Finished:
    """What confirming a form produced: screens ``(template, values)`` to show, and an optional
    follow-up called with the ids of the messages sent (e.g. remember a progress message, start a sender)."""

    screens: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    after: Callable[[list[Any]], Awaitable[None]] | None = None


@dataclass(frozen=True)
class Form:
    """A declared form. ``steps(data)``: its questions in order (they may depend on earlier answers).

    ``start(ctx, role, args)`` → ``(data, first step)`` opens it (``args``: the command's words or the
    button's arguments; may raise FormError / PermissionDenied); the first step may be :data:`MENU`
    (editing something saved: the « Modifier » menu first). ``values(ctx, role, data, step)`` (plain or
    async): extra values for the question and menu templates. ``preview(ctx, role, data)`` → screens;
    None: no preview, confirming happens as soon as the last (or the edited) answer is in.
    ``finish(ctx, role, data, chat_id, bot)`` → :class:`Finished` (``bot``: to tell other people).
    ``kinds``: the roles allowed (None: anybody). ``leaves``: callback kinds and commands of other
    screens that end the form silently and then do their own work (« ⬅️ Ne rien changer » → the action)."""

    name: str
    kind: str
    template: str
    steps: Callable[[dict[str, Any]], Sequence[Step]]
    start: Callable[..., Awaitable[tuple[dict[str, Any], str]]]
    finish: Callable[..., Awaitable[Finished]]
    ended_template: str
    menu_template: str | None = None
    preview: Callable[..., Awaitable[list[tuple[str, dict[str, Any]]]]] | None = None
    values: Callable[..., dict[str, Any]] | None = None
    commands: tuple[str, ...] = ()
    buttons: tuple[str, ...] = ()
    kinds: tuple[str, ...] | None = KINDS
    expires_hours: int = 24
    editable: Callable[[Role | None, dict[str, Any]], set[str]] | None = None
    leaves: tuple[str, ...] = ()

    def step(self, data: dict[str, Any], name: str) -> Step | None:
        return next((s for s in self.steps(data) if s.name == name), None)

    def following(self, data: dict[str, Any], after: str) -> str:
        """The next question asked after ``after`` going forward (PREVIEW after the last)."""
        names = [s.name for s in self.steps(data)]
        index = names.index(after) + 1 if after in names else 0
        for step in self.steps(data)[index:]:
            if step.asked(data):
                return step.name
        return PREVIEW


@dataclass
class State:
    """A form in progress for one chat: the step asked, the answers so far, the way back."""

    form: str
    step: str
    data: dict[str, Any]
    started_at: int
    history: list[str] = field(default_factory=list)
    #: Set while editing from the « Modifier » menu: where to go once the step is answered.
    return_to: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {"form": self.form, "step": self.step, "data": self.data, "started_at": self.started_at,
                "history": self.history, "return_to": self.return_to}


def says_none(text: str) -> bool:
    """True for a typed « none » (« aucune », « pas de limite »...)."""
    return fold(text) in NONE_WORDS


# --- the state, one row per chat ---------------------------------------------------------------------
def _state(found: dict[str, Any] | None) -> State | None:
    if not found:
        return None
    return State(found["form"], found["step"], found["data"], int(found["started_at"]), list(found.get("history") or []),
                 found.get("return_to"))


async def load(ctx: AppContext, chat_id: int) -> State | None:
    """The chat's form in progress. A chat this process saw without one less than the person cache's
    delay ago is not read again (never with PostgreSQL), as for the drafts (bot/missions_locales/service.py)."""
    if store.known_empty(ctx.db, chat_id, ctx.people.ttl):
        return None
    return _state(await store.get(ctx.db, chat_id))


async def pause(ctx: AppContext, chat_id: int, state: State) -> State | None:
    """Set ``state`` aside while another form runs (one place: returns the one it replaces, if any)."""
    replaced = _state(await store.get(ctx.db, chat_id, PAUSED))
    await store.put(ctx.db, chat_id, state.as_json(), PAUSED)
    return replaced


async def paused_form(ctx: AppContext, chat_id: int) -> str | None:
    """The name of the form set aside, if any."""
    paused = _state(await store.get(ctx.db, chat_id, PAUSED))
    return paused.form if paused is not None else None


async def unpause(ctx: AppContext, chat_id: int) -> State | None:
    """The form set aside, back in progress (None: there was none)."""
    paused = _state(await store.get(ctx.db, chat_id, PAUSED))
    if paused is not None:
        await store.delete(ctx.db, chat_id, PAUSED)
        await save(ctx, chat_id, paused)
    return paused


async def save(ctx: AppContext, chat_id: int, state: State) -> None:
    await store.put(ctx.db, chat_id, state.as_json())


async def drop(ctx: AppContext, chat_id: int) -> None:
    await store.delete(ctx.db, chat_id)


async def extra_values(ctx: AppContext, form: Form, role: Role | None, state: State) -> dict[str, Any]:
    """The form's own values for the template of the open step (``Form.values``, plain or async)."""
    if form.values is None:
        return {}
    found = form.values(ctx, role, state.data, state.step)
    return await found if inspect.isawaitable(found) else found


def expired(ctx: AppContext, form: Form, state: State) -> bool:
    return ctx.clock.timestamp() - state.started_at > form.expires_hours * 3600


# --- moving through the steps --------------------------------------------------------------------------
def advance(form: Form, state: State, asked: str, following: str | None) -> None:
    """After ``asked`` was answered: go to ``following`` (a parser's choice), back to where the edit
    started, or to the next question; remember the way back."""
    if following == SAME:
        return
    if following is None:
        following = state.return_to if state.return_to else form.following(state.data, asked)
    if following == state.return_to:
        state.return_to = None
    if following != asked:
        state.history.append(asked)
    state.step = following


def back(form: Form, state: State) -> bool:
    """One step back (False when there is none)."""
    while state.history:
        previous = state.history.pop()
        if previous in (PREVIEW, MENU) or form.step(state.data, previous) is not None:
            state.step = previous
            state.return_to = None
            return True
    return False


def jump(form: Form, state: State, name: str) -> None:
    """« Modifier » → one step: ask it, then come back to the preview."""
    state.history.append(MENU)
    state.step = name
    state.return_to = PREVIEW


def answer(form: Form, state: State, ans: Answer) -> None:
    """Apply a typed answer (``ans.text``) or a pressed button (``ans.action``) to the open step."""
    step = form.step(state.data, state.step)
    if step is None:
        raise FormError("buttons")
    if ans.action == "skip" or (ans.text is not None and step.optional and says_none(ans.text)):
        if not step.optional or step.read is None:
            raise FormError("buttons")
        ans.text = None
        following = step.read(ans)
    elif ans.action:
        if step.press is None:
            raise FormError("buttons")
        following = step.press(ans)
    else:
        if step.read is None:
            raise FormError("use_buttons")  # typed text where only the buttons answer
        following = step.read(ans)
    advance(form, state, step.name, following)
