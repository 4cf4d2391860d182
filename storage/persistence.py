"""The saved state of python-telegram-bot conversations and user_data (table ``ptb_state``, migration 0004)."""

from __future__ import annotations

from storage.db import Database


async def rows(db: Database, kind: str, name: str | None = None) -> list[tuple[str, str, str]]:
    """(name, key, JSON value) of every saved entry of this kind (and name)."""
    if name is None:
        found = await db.fetchall("SELECT name, key, value FROM ptb_state WHERE kind = ?", (kind,))
    else:
        found = await db.fetchall("SELECT name, key, value FROM ptb_state WHERE kind = ? AND name = ?", (kind, name))
    return [tuple(r) for r in found]


async def get(db: Database, kind: str, name: str, key: str) -> str | None:
    """The JSON value of one entry, or None."""
    return await db.scalar("SELECT value FROM ptb_state WHERE kind = ? AND name = ? AND key = ?", (kind, name, key))


async def put(db: Database, kind: str, name: str, key: str, value_json: str | None) -> None:
    """Save one entry (JSON text), or delete it when ``value_json`` is None."""
    if value_json is None:
        await db.execute("DELETE FROM ptb_state WHERE kind = ? AND name = ? AND key = ?", (kind, name, key))
    else:
        await db.execute(
            "INSERT INTO ptb_state(kind, name, key, value) VALUES (?, ?, ?, ?)"
            " ON CONFLICT(kind, name, key) DO UPDATE SET value = excluded.value",
            (kind, name, key, value_json),
        )
