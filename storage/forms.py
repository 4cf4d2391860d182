"""The state of the step-by-step forms in progress (bot/forms.py): one row per chat, JSON, in the
``ptb_state`` table (kind ``form``, name: the chat id, key ``''``: the form in progress, ``'paused'``: the one
set aside while another runs). Every write goes through this module, which remembers the chats it saw
without a form in progress (:func:`known_empty`): most texts are read by no form."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database, KnownAbsent

#: The key of the form in progress.
CURRENT = ""
_EMPTY = KnownAbsent()


def known_empty(db: Database, chat_id: int, max_age: float) -> bool:
    """True when this process saw the chat without a form in progress less than ``max_age`` seconds ago
    and wrote none since (another process sharing the database may have started one meanwhile)."""
    return _EMPTY.known(db, chat_id, max_age)


async def get(db: Database, chat_id: int, key: str = CURRENT) -> dict[str, Any] | None:
    row = await db.fetchone("SELECT value FROM ptb_state WHERE kind = 'form' AND name = ? AND key = ?", (str(chat_id), key))
    if key == CURRENT:
        if row is None:
            _EMPTY.mark(db, chat_id)
        else:
            _EMPTY.forget(db, chat_id)
    return json.loads(row["value"]) if row else None


async def put(db: Database, chat_id: int, state: dict[str, Any], key: str = CURRENT) -> None:
    if key == CURRENT:
        _EMPTY.forget(db, chat_id)
    await db.execute(
        "INSERT INTO ptb_state(kind, name, key, value) VALUES ('form', ?, ?, ?)"
        " ON CONFLICT(kind, name, key) DO UPDATE SET value = excluded.value",
        (str(chat_id), key, json.dumps(state, ensure_ascii=False)),
    )


async def delete(db: Database, chat_id: int, key: str = CURRENT) -> None:
    await db.execute("DELETE FROM ptb_state WHERE kind = 'form' AND name = ? AND key = ?", (str(chat_id), key))
    if key == CURRENT:
        _EMPTY.mark(db, chat_id)
