"""What the simulated people do in the emulator (write, press a button, type an inline query, block
the bot) and what they see: the updates they produce, mixed into :class:`devtools.localapi.LocalBotAPI`."""

from __future__ import annotations

import re
from typing import Any

from devtools.botapi import BOT_ID, BOT_USERNAME, SENDING, UserSpec, utf16_len


class SimulatedPeople:
    """The people's side of the emulated server (uses its ``messages``, ``users`` and update queue)."""

    def user(self, user_id: int, first_name: str = "Camille", username: str | None = None) -> UserSpec:
        spec = self.users.get(user_id)
        if spec is None:
            spec = self.users[user_id] = UserSpec(user_id, first_name, username)
        return spec

    def _chat(self, user: UserSpec) -> dict[str, Any]:
        chat = {"id": user.id, "type": "private", "first_name": user.first_name}
        if user.username:
            chat["username"] = user.username
        return chat

    def _store(self, chat_id: int, message: dict[str, Any]) -> dict[str, Any]:
        self.messages.setdefault(chat_id, {})[message["message_id"]] = message
        return message

    def user_message(self, user: UserSpec, text: str | None = None, **content: Any) -> dict[str, Any]:
        """An update in which ``user`` sends a message (text, or other content such as sticker=...)."""
        message: dict[str, Any] = {
            "message_id": next(self._ids),
            "date": int(self.clock()),
            "chat": self._chat(user),
            "from": user.as_dict(),
        }
        if text is not None:
            message["text"] = text
            command = re.match(r"^/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
            if command:
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": utf16_len(command.group(0))}]
        message.update(content)
        self._store(user.id, message)
        return {"update_id": next(self._update_ids), "message": message}

    def user_edit(self, user: UserSpec, message_id: int, text: str) -> dict[str, Any]:
        """An update in which ``user`` edits their message ``message_id`` (now reading ``text``)."""
        message = {**self.messages[user.id][message_id], "text": text, "edit_date": int(self.clock())}
        self._store(user.id, message)
        return {"update_id": next(self._update_ids), "edited_message": message}

    def user_press(self, user: UserSpec, message: dict[str, Any], data: str) -> dict[str, Any]:
        """An update in which ``user`` presses an inline button carrying ``data`` under ``message``."""
        query_id = str(next(self._query_ids))
        return {
            "update_id": next(self._update_ids),
            "callback_query": {
                "id": query_id,
                "from": user.as_dict(),
                "message": message,
                "chat_instance": f"ci{user.id}",
                "data": data,
            },
        }

    def user_inline_query(self, user: UserSpec, query: str) -> dict[str, Any]:
        """``user`` types ``@bot <query>`` in any chat (inline mode)."""
        return {"update_id": next(self._update_ids), "inline_query": {"id": str(next(self._query_ids)), "from": user.as_dict(), "query": query, "offset": ""}}

    def chat_member_update(self, user: UserSpec, blocked: bool) -> dict[str, Any]:
        """An update telling that ``user`` blocked (or unblocked) the bot."""
        bot = {"id": BOT_ID, "is_bot": True, "first_name": "Passerelle Commerce", "username": BOT_USERNAME}
        old, new = ("member", "kicked") if blocked else ("kicked", "member")
        (self.blocked.add if blocked else self.blocked.discard)(user.id)
        return {
            "update_id": next(self._update_ids),
            "my_chat_member": {
                "chat": self._chat(user),
                "from": user.as_dict(),
                "date": int(self.clock()),
                "old_chat_member": {"status": old, "user": bot, **({"until_date": 0} if old == "kicked" else {})},
                "new_chat_member": {"status": new, "user": bot, **({"until_date": 0} if new == "kicked" else {})},
            },
        }

    def push_update(self, update: dict[str, Any]) -> None:
        """Queue an update for getUpdates (long polling over HTTP)."""
        self._updates.append(update)
        self._updates_event.set()

    # --- what the bot sees -------------------------------------------------------------------
    def bot_messages(self, chat_id: int) -> list[dict[str, Any]]:
        return [m for m in self.messages.get(chat_id, {}).values() if m.get("from", {}).get("id") == BOT_ID]

    def sent_count(self, chat_id: int | None = None) -> int:
        return sum(1 for c in self.calls if c.method in SENDING and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id)))
