"""The follow-up after an event (table ``event_feedback``, migration 0011): who was asked, and their one-tap answer."""

from __future__ import annotations

from collections.abc import Iterable

import aiosqlite

from storage.db import Database, read_one


async def ended_between(db: Database, start: int, end: int) -> list[aiosqlite.Row]:
    """Events not cancelled that ended in [start, end) with someone registered (``id, ends_at, region``)."""
    return await db.fetchall(
        "SELECT id, ends_at, region FROM events WHERE status <> 'annule' AND ends_at >= ? AND ends_at < ?"
        " AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = events.id AND r.status = 'registered') ORDER BY ends_at",
        (start, end),
    )


async def not_asked(db: Database, event_id: int) -> list[int]:
    """Registered people of the event not yet asked how it went."""
    rows = await db.fetchall(
        "SELECT r.chat_id FROM registrations r WHERE r.event_id = ? AND r.status = 'registered'"
        " AND NOT EXISTS (SELECT 1 FROM event_feedback f WHERE f.event_id = r.event_id AND f.chat_id = r.chat_id) ORDER BY r.id",
        (event_id,),
    )
    return [r[0] for r in rows]


async def claim(db: Database, event_id: int, chat_ids: Iterable[int], now: int) -> list[int]:
    """Mark the people as asked before sending; return those claimed here (another instance may have
    claimed some first: they are not returned, so the follow-up goes out once)."""
    claimed = []
    async with db.transaction() as conn:
        for chat_id in chat_ids:
            cursor = await conn.execute(
                "INSERT INTO event_feedback(event_id, chat_id, asked_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (event_id, chat_id, now)
            )
            if cursor.rowcount > 0:
                claimed.append(chat_id)
    return claimed


async def answer(db: Database, event_id: int, chat_id: int, value: str, now: int) -> str:
    """Record the answer of a person who was asked: 'saved', 'already' (answered before) or 'unknown' (never asked)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE event_feedback SET answer = ?, answered_at = ? WHERE event_id = ? AND chat_id = ? AND answer IS NULL",
            (value, now, event_id, chat_id),
        )
        if cursor.rowcount > 0:
            return "saved"
        row = await read_one(conn, "SELECT answer FROM event_feedback WHERE event_id = ? AND chat_id = ?", (event_id, chat_id))
        return "unknown" if row is None else "already"
