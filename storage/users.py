"""Young people: their row, their chosen branches, and their erasure."""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage import questions, registrations
from storage.db import Database


async def get(db: Database, chat_id: int) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM users WHERE chat_id = ?", (chat_id,))


async def touch(db: Database, chat_id: int, first_name: str | None, username: str | None, now: int) -> tuple[aiosqlite.Row, bool]:
    """Create the person's row on first contact or refresh it (one round trip); return (row, created)."""
    rows = await db.write_returning(
        "INSERT INTO users(chat_id, first_name, username, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(chat_id) DO UPDATE SET first_name = excluded.first_name, username = excluded.username,"
        " last_seen_at = excluded.last_seen_at, active = 1, seen_before = 1 RETURNING *",
        (chat_id, first_name, username, now, now),
    )
    row = rows[0]
    return row, not row["seen_before"]  # 0 only as inserted (migration 0012)


async def update(db: Database, chat_id: int, **fields: Any) -> None:
    """Set some columns of the person's row (column names are code, never user input)."""
    allowed = {"region", "departement", "postal_code", "consent_at", "alerts_enabled", "alerts_asked", "source", "active"}
    bad = set(fields) - allowed
    if bad:
        raise ValueError(f"colonnes non modifiables : {bad}")
    assignments = ", ".join(f"{name} = ?" for name in fields)
    await db.execute(f"UPDATE users SET {assignments} WHERE chat_id = ?", (*fields.values(), chat_id))


async def branches(db: Database, chat_id: int, kind: str) -> list[str]:
    rows = await db.fetchall(
        "SELECT branch_id FROM user_branches WHERE chat_id = ? AND kind = ? ORDER BY branch_id", (chat_id, kind)
    )
    return [r[0] for r in rows]


async def set_branches(db: Database, chat_id: int, kind: str, branch_ids: list[str]) -> None:
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM user_branches WHERE chat_id = ? AND kind = ?", (chat_id, kind))
        await conn.executemany(
            "INSERT INTO user_branches(chat_id, kind, branch_id) VALUES (?, ?, ?)",
            [(chat_id, kind, b) for b in dict.fromkeys(branch_ids)],
        )


async def delete_person(db: Database, chat_id: int, now: int) -> None:
    """Erase every row that names the person (cascades to favourites, quiz, registrations, deliveries)."""
    async with db.transaction() as conn:
        freed = await registrations.places_held(conn, chat_id)  # seats freed go to the waiting list
        for table in ("user_branches", "favourites", "quiz_results", "registrations", "reminders_sent", "event_feedback", "deliveries", "question_drafts"):
            await conn.execute(f"DELETE FROM {table} WHERE chat_id = ?", (chat_id,))
        await questions.erase_person(conn, chat_id)
        await conn.execute("DELETE FROM ptb_state WHERE kind = 'form' AND name = ?", (str(chat_id),))  # a form in progress
        await conn.execute("DELETE FROM users WHERE chat_id = ?", (chat_id,))
        await registrations.promote(conn, freed, now)  # notices sent by handlers/events.py


async def insert_examples(db: Database, people: list[tuple[int, str]], region: str, departement: str, now: int) -> None:
    """Demo data only: example young people with a region and alerts on (kept if already there)."""
    await db.executemany(
        "INSERT INTO users(chat_id, first_name, region, departement, consent_at, alerts_enabled, alerts_asked,"
        " source, created_at, last_seen_at) VALUES (?, ?, ?, ?, ?, 1, 1, 'demo', ?, ?) ON CONFLICT DO NOTHING",
        [(chat_id, name, region, departement, now, now, now) for chat_id, name in people],
    )
