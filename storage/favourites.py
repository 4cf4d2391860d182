"""A person's favourite jobs ("Ça m'intéresse")."""

from __future__ import annotations

from storage.db import Database


async def add(db: Database, chat_id: int, job_id: str, now: int) -> bool:
    """Add a favourite; False when it was already there."""
    before = await has(db, chat_id, job_id)
    if not before:
        await db.execute("INSERT INTO favourites(chat_id, job_id, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (chat_id, job_id, now))
    return not before


async def remove(db: Database, chat_id: int, job_id: str) -> None:
    await db.execute("DELETE FROM favourites WHERE chat_id = ? AND job_id = ?", (chat_id, job_id))


async def has(db: Database, chat_id: int, job_id: str) -> bool:
    return await db.scalar("SELECT 1 FROM favourites WHERE chat_id = ? AND job_id = ?", (chat_id, job_id)) is not None


async def of(db: Database, chat_id: int) -> list[tuple[str, int]]:
    """(job id, added at), oldest first."""
    rows = await db.fetchall("SELECT job_id, created_at FROM favourites WHERE chat_id = ? ORDER BY created_at, job_id", (chat_id,))
    return [(r[0], r[1]) for r in rows]
