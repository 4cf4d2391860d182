"""python-telegram-bot persistence in the bot's own database (SQLite or PostgreSQL), so conversations survive a restart.

Stores the conversation states (so that /annonce survives a restart) and ``user_data`` (drafts,
pending questions). Each change is written when PTB reports it; the SQL is in storage/persistence.py.
"""

from __future__ import annotations

import json
from copy import deepcopy
from typing import Any

from telegram import Update
from telegram.ext import BasePersistence, ConversationHandler, PersistenceInput

from storage import persistence as store
from storage.db import Database


def _key(key: tuple) -> str:
    return json.dumps(list(key))


def _json(value: Any) -> str | None:
    return None if value is None else json.dumps(value, ensure_ascii=False, default=str)


class DatabasePersistence(BasePersistence):
    def __init__(self, db: Database, update_interval: float = 5) -> None:
        super().__init__(store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
                         update_interval=update_interval)
        self.db = db

    # --- what the application reads ---------------------------------------------------------------
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {int(name): json.loads(value) for name, _, value in await store.rows(self.db, "user_data")}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        return {tuple(json.loads(key)): json.loads(value) for _, key, value in await store.rows(self.db, "conversation", name)}

    async def reload(self, app: Any, update: object) -> None:
        """Several instances on one database: before an update, the states of this chat's conversations
        and this user's user_data as the database has them (another instance may have handled the
        previous step). PTB itself reads them once, at start-up."""
        if not isinstance(update, Update):
            return
        user = update.effective_user
        if user is not None:
            value = await store.get(self.db, "user_data", str(user.id), "")
            if value is None:
                app._user_data.pop(user.id, None)
            else:
                app._user_data[user.id] = json.loads(value)
        for group in app.handlers.values():
            for handler in group:
                if not (isinstance(handler, ConversationHandler) and handler.persistent):
                    continue
                try:
                    key = handler._get_key(update)
                except (AttributeError, RuntimeError):  # an update without the chat or user the key needs
                    continue
                value = await store.get(self.db, "conversation", handler.name, _key(key))
                if value is None:
                    handler._conversations.data.pop(key, None)
                else:
                    handler._conversations.data[key] = json.loads(value)

    # --- what it writes ------------------------------------------------------------------------------
    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        await store.put(self.db, "conversation", name, _key(key), _json(new_state))

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        await store.put(self.db, "user_data", str(user_id), "", _json(deepcopy(data)) if data else None)

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        await store.put(self.db, "user_data", str(user_id), "", None)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        return None
