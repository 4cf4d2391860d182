"""The state of the step-by-step forms in progress (bot/forms.py): one row per chat, JSON, in the
``ptb_state`` table (kind ``form``, name: the chat id, key ``''``: the form in progress, ``'paused'``: the one
set aside while another runs), read and written at every update."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database

#: The key of the form in progress.
CURRENT = ""


async def get(db: Database, chat_id: int, key: str = CURRENT) -> dict[str, Any] | None:
    row = await db.fetchone("SELECT value FROM ptb_state WHERE kind = 'form' AND name = ? AND key = ?", (str(chat_id), key))
    return json.loads(row["value"]) if row else None


async def put(db: Database, chat_id: int, state: dict[str, Any], key: str = CURRENT) -> None:
    await db.execute(
        "INSERT INTO ptb_state(kind, name, key, value) VALUES ('form', ?, ?, ?)"
        " ON CONFLICT(kind, name, key) DO UPDATE SET value = excluded.value",
        (str(chat_id), key, json.dumps(state, ensure_ascii=False)),
    )


async def delete(db: Database, chat_id: int, key: str = CURRENT) -> None:
    await db.execute("DELETE FROM ptb_state WHERE kind = 'form' AND name = ? AND key = ?", (str(chat_id), key))
