"""People chatting with the bot through the in-process emulator: used by the tests and the console.

    chat = LocalChat(application, api)
    lina = chat.person(1001, "Lina")
    await lina.send("/start")
    await lina.press("Découvrir les métiers")
    assert "Bricolage" in lina.last.text
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from collections.abc import Callable
from typing import Any

from telegram import Update
from telegram.ext import Application

from devtools.localapi import BOT_ID, LocalBotAPI, UserSpec


@dataclass
class Seen:
    """One message of the bot as the person sees it now (after any edits)."""

    raw: dict[str, Any]

    @property
    def id(self) -> int:
        return self.raw["message_id"]

    @property
    def text(self) -> str:
        return self.raw.get("text") or self.raw.get("caption") or ""

    @property
    def plain(self) -> str:
        """The text without HTML tags or entities, as displayed."""
        import html

        return html.unescape(re.sub(r"<[^>]+>", "", self.text))

    @property
    def buttons(self) -> list[dict[str, Any]]:
        return [b for row in self.raw.get("reply_markup", {}).get("inline_keyboard", []) for b in row]

    @property
    def labels(self) -> list[str]:
        return [b["text"] for b in self.buttons]

    @property
    def document(self) -> dict[str, Any] | None:
        return self.raw.get("document")

    @property
    def photo(self) -> list[dict[str, Any]] | None:
        return self.raw.get("photo")

    def __repr__(self) -> str:
        return f"<Seen #{self.id} {self.plain[:60]!r} {self.labels}>"


class ButtonNotFound(AssertionError):
    pass


class Person:
    """A simulated Telegram user with a private chat with the bot."""

    def __init__(self, chat: "LocalChat", spec: UserSpec) -> None:
        self.chat = chat
        self.spec = spec

    @property
    def id(self) -> int:
        return self.spec.id

    def messages(self) -> list[Seen]:
        """Every message of the bot in this chat, oldest first."""
        return [Seen(m) for m in self.chat.api.bot_messages(self.id)]

    @property
    def last(self) -> Seen:
        messages = self.messages()
        if not messages:
            raise AssertionError("le bot n'a encore rien envoyé")
        return messages[-1]

    def _new_since(self, before: set[int]) -> list[Seen]:
        return [m for m in self.messages() if m.id not in before]

    async def send(self, text: str | None = None, **content: Any) -> list[Seen]:
        """Send a message; return the bot's new messages."""
        before = {m.id for m in self.messages()}
        await self.chat.feed(self.chat.api.user_message(self.spec, text, **content))
        return self._new_since(before)

    async def edit(self, message_id: int, text: str) -> list[Seen]:
        """Edit one's own message ``message_id`` (Telegram sends ``edited_message``); return the bot's new messages."""
        before = {m.id for m in self.messages()}
        await self.chat.feed(self.chat.api.user_edit(self.spec, message_id, text))
        return self._new_since(before)

    def sent_messages(self) -> list[dict[str, Any]]:
        """The person's own messages in the chat, oldest first."""
        return [m for m in self.chat.api.messages.get(self.id, {}).values() if not LocalChat.is_bot(m)]

    async def inline(self, query: str) -> list[dict[str, Any]]:
        """Type ``@bot <query>`` in any chat (inline mode); return the results the bot offered."""
        update = self.chat.api.user_inline_query(self.spec, query)
        await self.chat.feed(update)
        return self.chat.api.inline_answers.get(update["inline_query"]["id"], [])

    def find_button(self, label: str, message: Seen | None = None) -> tuple[Seen, dict[str, Any]]:
        """The newest button whose label contains ``label`` (case-insensitive)."""
        candidates = [message] if message else list(reversed(self.messages()))
        wanted = label.casefold()
        for seen in candidates:
            for button in seen.buttons:
                if button["text"].casefold() == wanted:
                    return seen, button
            for button in seen.buttons:
                if wanted in button["text"].casefold():
                    return seen, button
        available = [m.labels for m in candidates[:3]]
        raise ButtonNotFound(f"pas de bouton « {label} » ; boutons visibles : {available}")

    async def press(self, label: str, message: Seen | None = None) -> list[Seen]:
        """Press a button by its label; return the bot's new messages (edits show in ``last``)."""
        seen, button = self.find_button(label, message)
        if "callback_data" not in button:
            raise AssertionError(f"le bouton « {button['text']} » n'est pas un bouton de rappel : {button}")
        return await self.press_data(button["callback_data"], seen)

    async def press_data(self, data: str, message: Seen | None = None) -> list[Seen]:
        """Press a button carrying arbitrary (possibly forged) callback data."""
        message = message or self.last
        before = {m.id for m in self.messages()}
        await self.chat.feed(self.chat.api.user_press(self.spec, message.raw, data))
        return self._new_since(before)

    def callback_answer(self) -> dict[str, Any] | None:
        """The last answerCallbackQuery the bot made (toast text), if any."""
        answers = list(self.chat.api.callback_answers.values())
        return answers[-1] if answers else None

    async def block(self, blocked: bool = True) -> None:
        await self.chat.feed(self.chat.api.chat_member_update(self.spec, blocked))


class LocalChat:
    """Feeds simulated updates straight into an initialised Application."""

    def __init__(self, application: Application, api: LocalBotAPI, ctx: Any = None,
                 read: Callable[[dict[str, Any], Any], Update | None] = Update.de_json) -> None:
        self.app = application
        self.api = api
        self.ctx = ctx
        #: How the application reads an update (as in service: the bot's own, bot.incoming.read_update)
        self.read = read

    def person(self, user_id: int, first_name: str = "Camille", username: str | None = None) -> Person:
        return Person(self, self.api.user(user_id, first_name, username))

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(self.read(update, self.app.bot))

    @staticmethod
    def is_bot(message: dict[str, Any]) -> bool:
        return message.get("from", {}).get("id") == BOT_ID


async def start_local_chat(ctx: Any, api: LocalBotAPI | None = None, rate_limit: bool = False) -> LocalChat:
    """The bot of ``ctx`` on the in-process emulator, initialised and started up like ``passerelle run``
    (command menus, each feature's start-up), without polling: the tests, the console and the benchmarks.
    ``rate_limit``: with PTB's AIORateLimiter, as in service (real time)."""
    from bot.app import build_application, startup
    from bot.incoming import read_update
    from devtools.localapi import LocalRequest

    api = api or LocalBotAPI(clock=lambda: ctx.clock.now().timestamp())
    app = build_application(ctx, request=LocalRequest(api), rate_limit=rate_limit)
    await app.initialize()
    await startup(app)
    return LocalChat(app, api, ctx, read=read_update)
