"""An in-process emulator of the Bot API, plugged into python-telegram-bot as a ``BaseRequest``.

It answers like Telegram does (message ids, edits, callback answers, files, and Telegram's own
errors for empty or too long texts, broken HTML, callback data over 64 bytes, "message is not
modified", blocked users, flood limits) and records every call. The tests, the console chat and
the HTTP emulator (devtools.httpapi) all use it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import re
import time
from collections.abc import Callable
from typing import Any

from devtools.botapi import (  # noqa: F401 (re-exported: the tests and the console import them from here)
    BOT_ID, BOT_USERNAME, MAX_CAPTION, MAX_TEXT, SENDING, BotAPIError, Call, LocalRequest, RateLimit, UserSpec, parse_html, utf16_len,
)
from devtools.people import SimulatedPeople
from devtools.faults import FAULT_KINDS, Faults, Timeout  # noqa: F401 (re-exported for the tests)


class LocalBotAPI(SimulatedPeople):
    """The emulated server: chats, messages, files, pending updates and a record of every call."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self.clock = clock
        self.calls: list[Call] = []
        self.messages: dict[int, dict[int, dict[str, Any]]] = {}  # chat id -> message id -> message
        self.files: dict[str, bytes] = {}
        self.users: dict[int, UserSpec] = {}
        self.blocked: set[int] = set()
        self.commands: dict[str, list[dict[str, Any]]] = {}
        self.callback_answers: dict[str, dict[str, Any]] = {}
        self.webhook: str = ""
        self.webhook_secret: str = ""
        self.rate_limit: RateLimit | None = None
        self.fault: Callable[[str, dict[str, Any]], BotAPIError | None] | None = None
        self.faults: Faults | None = None
        self._ids = itertools.count(1)
        self._update_ids = itertools.count(1)
        self._file_ids = itertools.count(1)
        self._query_ids = itertools.count(1)
        self.inline_answers: dict[str, list[dict[str, Any]]] = {}  # inline query id → the results answered
        self._updates: list[dict[str, Any]] = []
        self._updates_event = asyncio.Event()

    # --- the Bot API ---------------------------------------------------------------------------
    async def call(self, method: str, params: dict[str, Any], files: dict[str, tuple[str, bytes, str]] | None = None) -> Any:
        """Run one Bot API method; return its result or raise BotAPIError."""
        self.calls.append(Call(method, dict(params), self.clock()))
        if self.fault is not None:
            error = self.fault(method, params)
            if error is not None:
                raise error
        injected = self.faults.draw(method) if self.faults is not None else None
        if injected is not None and injected != "lost":
            raise self.faults.error(injected)
        handler = getattr(self, "_m_" + method, None)
        if handler is None:
            raise BotAPIError(404, "Not Found: method not found")
        if method in SENDING:
            chat_id = self._chat_id(params)
            if chat_id in self.blocked:
                raise BotAPIError(403, "Forbidden: bot was blocked by the user")
            if self.rate_limit is not None:
                self.rate_limit.check()
        result = handler(params, files or {})
        if asyncio.iscoroutine(result):
            result = await result
        if injected == "lost":
            raise Timeout(processed=True)
        return result

    @staticmethod
    def _chat_id(params: dict[str, Any]) -> int:
        try:
            return int(params["chat_id"])
        except KeyError:
            raise BotAPIError(400, "Bad Request: chat_id is empty") from None
        except (TypeError, ValueError):
            raise BotAPIError(400, "Bad Request: chat not found") from None

    def _bot_user(self) -> dict[str, Any]:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Passerelle Commerce", "username": BOT_USERNAME}

    def _check_markup(self, params: dict[str, Any]) -> dict[str, Any] | None:
        markup = params.get("reply_markup")
        if markup is None:
            return None
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in markup.get("inline_keyboard", []):
            for button in row:
                if not button.get("text"):
                    raise BotAPIError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
                kinds = [k for k in ("callback_data", "url", "switch_inline_query", "copy_text", "web_app") if k in button]
                if len(kinds) != 1:
                    raise BotAPIError(400, "Bad Request: can't parse inline keyboard button: exactly one of the optional fields must be used")
                data = button.get("callback_data")
                if data is not None and not (1 <= len(str(data).encode()) <= 64):
                    raise BotAPIError(400, "Bad Request: BUTTON_DATA_INVALID")
                url = button.get("url")
                if url is not None and not re.match(r"^(https?|tg)://", url):
                    raise BotAPIError(400, "Bad Request: BUTTON_URL_INVALID")
        return markup

    def _text(self, params: dict[str, Any], key: str = "text", limit: int = MAX_TEXT, required: bool = True) -> tuple[str, str]:
        text = params.get(key)
        if text is None or str(text) == "":
            if required:
                raise BotAPIError(400, "Bad Request: message text is empty")
            return "", ""
        text = str(text)
        visible = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if required and not visible.strip():
            raise BotAPIError(400, "Bad Request: message text is empty")
        if utf16_len(visible) > limit:
            raise BotAPIError(400, "Bad Request: message is too long" if key == "text" else "Bad Request: message caption is too long")
        return text, visible

    def _new_message(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = self._chat_id(params)
        user = self.users.get(chat_id)
        chat = self._chat(user) if user else {"id": chat_id, "type": "private", "first_name": "?"}
        message = {"message_id": next(self._ids), "date": int(self.clock()), "chat": chat, "from": self._bot_user(), **content}
        markup = self._check_markup(params)
        if markup:
            message["reply_markup"] = markup
        return self._store(chat_id, message)

    def _find(self, params: dict[str, Any], what: str = "message to edit") -> dict[str, Any]:
        chat_id = self._chat_id(params)
        try:
            message_id = int(params["message_id"])
        except (KeyError, TypeError, ValueError):
            raise BotAPIError(400, "Bad Request: message identifier is not specified") from None
        message = self.messages.get(chat_id, {}).get(message_id)
        if message is None:
            raise BotAPIError(400, f"Bad Request: {what} not found")
        return message

    def _file(self, params: dict[str, Any], files: dict[str, tuple[str, bytes, str]], key: str) -> dict[str, Any]:
        value = params.get(key)
        if value is None and key in files:
            value = "attach://" + key
        if isinstance(value, str) and value.startswith("attach://"):
            name = value.removeprefix("attach://")
            if name not in files:
                raise BotAPIError(400, f"Bad Request: file {key} not found in request")
            filename, data, mime = files[name]
            file_id = f"F{next(self._file_ids)}"
            self.files[file_id] = data
            return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_name": filename, "mime_type": mime, "file_size": len(data)}
        if isinstance(value, str) and value in self.files:
            return {"file_id": value, "file_unique_id": "u" + value, "file_size": len(self.files[value])}
        raise BotAPIError(400, "Bad Request: wrong file identifier/HTTP URL specified")

    # Methods (named _m_<Bot API method>)
    def _m_getMe(self, params, files):
        return {**self._bot_user(), "can_join_groups": False, "can_read_all_group_messages": False, "supports_inline_queries": False}

    def _m_logOut(self, params, files):
        return True

    def _m_close(self, params, files):
        return True

    def _m_deleteWebhook(self, params, files):
        self.webhook = ""
        if str(params.get("drop_pending_updates")).lower() == "true":
            self._updates.clear()
        return True

    def _m_setWebhook(self, params, files):
        self.webhook = str(params.get("url", ""))
        self.webhook_secret = str(params.get("secret_token") or "")
        return True

    def next_webhook_update(self) -> dict[str, Any] | None:
        """The oldest update to deliver by webhook (None without a webhook or update)."""
        return self._updates[0] if self.webhook and self._updates else None

    def delivered(self, update: dict[str, Any]) -> None:
        self._updates = [u for u in self._updates if u is not update]

    def _m_getWebhookInfo(self, params, files):
        return {"url": self.webhook, "has_custom_certificate": False, "pending_update_count": len(self._updates)}

    async def _m_getUpdates(self, params, files):
        if self.webhook:
            raise BotAPIError(409, "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first")
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        if not self._updates and timeout > 0:
            self._updates_event.clear()
            try:
                await asyncio.wait_for(self._updates_event.wait(), timeout=min(timeout, 2.0))
            except asyncio.TimeoutError:
                pass
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    def _m_setMyCommands(self, params, files):
        commands = params.get("commands")
        if isinstance(commands, str):
            commands = json.loads(commands)
        if not isinstance(commands, list) or len(commands) > 100:
            raise BotAPIError(400, "Bad Request: commands must be a list of at most 100 commands")
        for command in commands:
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command.get("command", "")):
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_INVALID")
            if not 1 <= len(command.get("description", "")) <= 256:
                raise BotAPIError(400, "Bad Request: BOT_COMMAND_DESCRIPTION_INVALID")
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        self.commands[json.dumps(scope, sort_keys=True)] = commands
        return True

    def _m_getMyCommands(self, params, files):
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        return self.commands.get(json.dumps(scope, sort_keys=True), [])

    def _m_deleteMyCommands(self, params, files):
        scope = params.get("scope") or {"type": "default"}
        if isinstance(scope, str):
            scope = json.loads(scope)
        self.commands.pop(json.dumps(scope, sort_keys=True), None)
        return True

    def _m_setChatMenuButton(self, params, files):
        return True

    def _m_sendChatAction(self, params, files):
        self._chat_id(params)
        return True

    def _m_sendMessage(self, params, files):
        text, _ = self._text(params)
        return self._new_message(params, text=text)

    def _m_editMessageText(self, params, files):
        message = self._find(params)
        text, _ = self._text(params)
        markup = self._check_markup(params)
        if "text" not in message:
            raise BotAPIError(400, "Bad Request: there is no text in the message to edit")
        if message.get("text") == text and message.get("reply_markup") == markup:
            raise BotAPIError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        message["text"] = text
        message["edit_date"] = int(self.clock())
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _m_editMessageReplyMarkup(self, params, files):
        message = self._find(params)
        markup = self._check_markup(params)
        if message.get("reply_markup") == markup:
            raise BotAPIError(400, "Bad Request: message is not modified: specified new message content and reply markup are exactly the same as a current content and reply markup of the message")
        if markup:
            message["reply_markup"] = markup
        else:
            message.pop("reply_markup", None)
        return message

    def _m_editMessageCaption(self, params, files):
        message = self._find(params)
        caption, _ = self._text(params, "caption", MAX_CAPTION, required=False)
        message["caption"] = caption
        markup = self._check_markup(params)
        if markup:
            message["reply_markup"] = markup
        return message

    def _m_deleteMessage(self, params, files):
        message = self._find(params, "message to delete")
        del self.messages[message["chat"]["id"]][message["message_id"]]
        return True

    def _m_answerInlineQuery(self, params, files):
        self.inline_answers[str(params.get("inline_query_id", ""))] = json.loads(params.get("results") or "[]") if not isinstance(params.get("results"), list) else params["results"]
        return True

    def _m_answerCallbackQuery(self, params, files):
        query_id = str(params.get("callback_query_id", ""))
        if not query_id:
            raise BotAPIError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if query_id in self.callback_answers:
            raise BotAPIError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(str(params.get("text", ""))) > 200:
            raise BotAPIError(400, "Bad Request: MESSAGE_TOO_LONG")
        self.callback_answers[query_id] = dict(params)
        return True

    def _m_sendDocument(self, params, files):
        caption, _ = self._text(params, "caption", MAX_CAPTION, required=False)
        document = self._file(params, files, "document")
        return self._new_message(params, document=document, **({"caption": caption} if caption else {}))

    def _m_sendPhoto(self, params, files):
        caption, _ = self._text(params, "caption", MAX_CAPTION, required=False)
        photo = self._file(params, files, "photo")
        sizes = [{"file_id": photo["file_id"], "file_unique_id": photo["file_unique_id"], "width": 800, "height": 600, "file_size": photo.get("file_size", 0)}]
        return self._new_message(params, photo=sizes, **({"caption": caption} if caption else {}))

    def _m_sendVenue(self, params, files):
        for key in ("latitude", "longitude", "title", "address"):
            if params.get(key) in (None, ""):
                raise BotAPIError(400, f"Bad Request: {key} is empty")
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._new_message(params, location=location, venue={"location": location, "title": str(params["title"]), "address": str(params["address"])})

    def _m_sendLocation(self, params, files):
        location = {"latitude": float(params["latitude"]), "longitude": float(params["longitude"])}
        return self._new_message(params, location=location)

    def _m_getFile(self, params, files):
        file_id = str(params.get("file_id", ""))
        if file_id not in self.files:
            raise BotAPIError(400, "Bad Request: invalid file_id")
        return {"file_id": file_id, "file_unique_id": "u" + file_id, "file_size": len(self.files[file_id]), "file_path": f"documents/{file_id}"}
