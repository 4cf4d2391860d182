"""What a chat's next text message means (postal code, question, answer): one row per chat in the database."""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage.db import Database, KnownAbsent

COLUMNS = ("step", "question_id", "context_kind", "context_key", "text", "share_name")
#: Chats this process last saw without a draft: every write of a draft goes through this module.
_EMPTY = KnownAbsent()


def known_empty(db: Database, chat_id: int, max_age: float) -> bool:
    """True when this process saw the chat without a draft less than ``max_age`` seconds ago and
    wrote none since (another process sharing the database may have written one meanwhile)."""
    return _EMPTY.known(db, chat_id, max_age)


async def get(db: Database, chat_id: int) -> aiosqlite.Row | None:
    row = await db.fetchone("SELECT * FROM question_drafts WHERE chat_id = ?", (chat_id,))
    if row is None:
        _EMPTY.mark(db, chat_id)
    else:
        _EMPTY.forget(db, chat_id)
    return row


async def put(db: Database, chat_id: int, now: int, **fields: Any) -> None:
    """Replace the chat's draft with ``fields`` (columns of COLUMNS; the others are reset)."""
    bad = set(fields) - set(COLUMNS)
    if bad:
        raise ValueError(f"colonnes inconnues : {bad}")
    _EMPTY.forget(db, chat_id)
    values = {"question_id": None, "context_kind": None, "context_key": None, "text": None, "share_name": 0} | fields
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM question_drafts WHERE chat_id = ?", (chat_id,))
        await conn.execute(
            "INSERT INTO question_drafts(chat_id, step, question_id, context_kind, context_key, text, share_name, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, values["step"], values["question_id"], values["context_kind"], values["context_key"], values["text"],
             int(values["share_name"]), now),
        )


async def update(db: Database, chat_id: int, now: int, **fields: Any) -> None:
    """Change some columns of the chat's draft."""
    bad = set(fields) - set(COLUMNS)
    if bad:
        raise ValueError(f"colonnes inconnues : {bad}")
    _EMPTY.forget(db, chat_id)
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await db.execute(f"UPDATE question_drafts SET {assignments}, updated_at = ? WHERE chat_id = ?", (*fields.values(), now, chat_id))


async def clear(db: Database, chat_id: int) -> None:
    await db.execute("DELETE FROM question_drafts WHERE chat_id = ?", (chat_id,))
    _EMPTY.mark(db, chat_id)
