"""python-telegram-bot persistence in the bot's SQLite file (table ``ptb_state``, migration 0004).

Stores the conversation states (so that /annonce survives a restart) and ``user_data`` (the draft).
It has its own small synchronous connection, independent of the bot's aiosqlite one, so that the
application can flush it at shutdown whatever the order in which things close; each write is tiny.
"""

from __future__ import annotations

import json
import sqlite3
from copy import deepcopy
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput


def _key(key: tuple) -> str:
    return json.dumps(list(key))


class SQLitePersistence(BasePersistence):
    def __init__(self, path: Path | str, update_interval: float = 5) -> None:
        super().__init__(store_data=PersistenceInput(bot_data=False, chat_data=False, user_data=True, callback_data=False),
                         update_interval=update_interval)
        self.path = str(path)
        self._conn: sqlite3.Connection | None = None

    # --- the connection --------------------------------------------------------------------------
    def _db(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = sqlite3.connect(self.path, isolation_level=None, timeout=5)
            self._conn.execute("PRAGMA busy_timeout=5000")
        return self._conn

    def _rows(self, kind: str, name: str | None = None) -> list[tuple[str, str, str]]:
        if name is None:
            return self._db().execute("SELECT name, key, value FROM ptb_state WHERE kind = ?", (kind,)).fetchall()
        return self._db().execute("SELECT name, key, value FROM ptb_state WHERE kind = ? AND name = ?", (kind, name)).fetchall()

    def _put(self, kind: str, name: str, key: str, value: Any) -> None:
        if value is None:
            self._db().execute("DELETE FROM ptb_state WHERE kind = ? AND name = ? AND key = ?", (kind, name, key))
        else:
            self._db().execute(
                "INSERT INTO ptb_state(kind, name, key, value) VALUES (?, ?, ?, ?)"
                " ON CONFLICT(kind, name, key) DO UPDATE SET value = excluded.value",
                (kind, name, key, json.dumps(value, ensure_ascii=False, default=str)),
            )

    # --- what the application reads ---------------------------------------------------------------
    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {int(name): json.loads(value) for name, _, value in self._rows("user_data")}

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def get_callback_data(self) -> None:
        return None

    async def get_conversations(self, name: str) -> dict:
        return {tuple(json.loads(key)): json.loads(value) for _, key, value in self._rows("conversation", name)}

    # --- what it writes ------------------------------------------------------------------------------
    async def update_conversation(self, name: str, key: tuple, new_state: object | None) -> None:
        self._put("conversation", name, _key(key), new_state)

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        self._put("user_data", str(user_id), "", deepcopy(data) if data else None)

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        return None

    async def drop_chat_data(self, chat_id: int) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        self._put("user_data", str(user_id), "", None)

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        return None

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        return None

    async def flush(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None
