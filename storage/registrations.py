"""Registrations, the waiting list, reminders already sent and the notices owed to registered people.

Everything that changes who holds a seat runs inside one ``db.transaction()`` (pass its ``conn``):
the count of seats and the insert happen under the same write lock, so concurrent registrations
never exceed the capacity.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import aiosqlite

from storage.db import Database, read_all, read_one


async def status_of(db: Database | aiosqlite.Connection, event_id: int, chat_id: int) -> aiosqlite.Row | None:
    return await read_one(db, "SELECT * FROM registrations WHERE event_id = ? AND chat_id = ?", (event_id, chat_id))


async def take_seat(conn: aiosqlite.Connection, event_id: int, chat_id: int, capacity: int | None, now: int) -> tuple[str, bool]:
    """Register the person, or put them on the waiting list when the event is full.

    Returns ``(status, created)``; an existing registration is returned unchanged (``created`` False).
    """
    existing = await status_of(conn, event_id, chat_id)
    if existing is not None:
        return existing["status"], False
    taken = (await read_one(conn, "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'registered'", (event_id,)))[0]
    status = "registered" if capacity is None or taken < capacity else "waiting"
    await conn.execute(
        "INSERT INTO registrations(event_id, chat_id, status, created_at) VALUES (?, ?, ?, ?)", (event_id, chat_id, status, now)
    )
    return status, True


async def leave(conn: aiosqlite.Connection, event_id: int, chat_id: int) -> str | None:
    """Remove the person's registration or waiting place; return what it was (None: there was none)."""
    existing = await status_of(conn, event_id, chat_id)
    if existing is None:
        return None
    await conn.execute("DELETE FROM registrations WHERE id = ?", (existing["id"],))
    return existing["status"]


async def promote(conn: aiosqlite.Connection, event_ids: Iterable[int], now: int) -> list[tuple[int, int]]:
    """Fill the free seats of upcoming events from their waiting lists (first come, first served);
    queue a 'promoted' notice for each person moved; return ``[(event_id, chat_id)]``."""
    moved: list[tuple[int, int]] = []
    for event_id in dict.fromkeys(event_ids):
        event = await read_one(conn, "SELECT capacity, status FROM events WHERE id = ?", (event_id,))
        if event is None or event["status"] != "a_venir":
            continue
        taken = (await read_one(conn, "SELECT count(*) FROM registrations WHERE event_id = ? AND status = 'registered'", (event_id,)))[0]
        free = None if event["capacity"] is None else event["capacity"] - taken
        limit = "" if free is None else f" LIMIT {max(0, free)}"
        rows = await conn.execute_fetchall(
            f"SELECT id, chat_id FROM registrations WHERE event_id = ? AND status = 'waiting' ORDER BY created_at, id{limit}",
            (event_id,),
        )
        for row in rows:
            await conn.execute("UPDATE registrations SET status = 'registered', promoted_at = ? WHERE id = ?", (now, row["id"]))
            moved.append((event_id, row["chat_id"]))
    await queue_notices(conn, [(e, c) for e, c in moved], "promoted", {}, now)
    return moved


async def places_held(conn: aiosqlite.Connection, chat_id: int) -> list[int]:
    """Events where the person holds a seat (so that erasing them can promote the next person)."""
    rows = await conn.execute_fetchall("SELECT event_id FROM registrations WHERE chat_id = ? AND status = 'registered'", (chat_id,))
    return [r[0] for r in rows]


async def set_share(db: Database, event_id: int, chat_id: int, share: bool) -> bool:
    """Record whether the organisers may see the person's first name and username; False if not registered."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE registrations SET share_identity = ? WHERE event_id = ? AND chat_id = ?", (int(share), event_id, chat_id)
        )
        return cursor.rowcount > 0


async def waiting_position(db: Database, event_id: int, chat_id: int) -> int | None:
    row = await db.fetchone(
        "SELECT (SELECT count(*) FROM registrations w WHERE w.event_id = r.event_id AND w.status = 'waiting'"
        " AND (w.created_at < r.created_at OR (w.created_at = r.created_at AND w.id <= r.id)))"
        " FROM registrations r WHERE r.event_id = ? AND r.chat_id = ? AND r.status = 'waiting'",
        (event_id, chat_id),
    )
    return None if row is None else row[0]


async def of_event(db: Database, event_id: int) -> list[aiosqlite.Row]:
    """Registrations with the person's names (the caller shows them only when shared)."""
    return await db.fetchall(
        "SELECT r.status, r.share_identity, r.created_at, u.first_name, u.username FROM registrations r"
        " JOIN users u ON u.chat_id = r.chat_id WHERE r.event_id = ? ORDER BY r.status, r.created_at, r.id",
        (event_id,),
    )


async def people(conn: aiosqlite.Connection | Database, event_id: int) -> list[int]:
    """Chat ids of everyone registered or waiting."""
    rows = await read_all(conn, "SELECT chat_id FROM registrations WHERE event_id = ? ORDER BY id", (event_id,))
    return [r[0] for r in rows]


async def of_person(db: Database, chat_id: int, since: int) -> list[aiosqlite.Row]:
    """The person's registrations for events not finished before ``since`` (``event_id, status``), soonest first."""
    return await db.fetchall(
        "SELECT r.event_id, r.status FROM registrations r JOIN events e ON e.id = r.event_id"
        " WHERE r.chat_id = ? AND e.ends_at > ? ORDER BY e.starts_at",
        (chat_id, since),
    )


async def to_remind(db: Database, event_id: int, kind: str, registered_before: int) -> list[int]:
    """Registered people of the event not yet sent this reminder (and registered before it was due)."""
    rows = await db.fetchall(
        "SELECT r.chat_id FROM registrations r WHERE r.event_id = ? AND r.status = 'registered' AND r.created_at < ?"
        " AND NOT EXISTS (SELECT 1 FROM reminders_sent s WHERE s.event_id = r.event_id AND s.chat_id = r.chat_id AND s.kind = ?)",
        (event_id, registered_before, kind),
    )
    return [r[0] for r in rows]


async def claim_reminder(db: Database, event_id: int, chat_ids: Iterable[int], kinds: Iterable[str], now: int) -> list[int]:
    """Mark reminders as sent (claimed before sending: a crash never causes a second one); the people
    claimed here, to send to — not those another instance (several bots, one database) claimed first."""
    kinds = list(kinds)
    claimed = []
    async with db.transaction() as conn:
        for chat_id in chat_ids:
            fresh = False
            for kind in kinds:
                cursor = await conn.execute(
                    "INSERT INTO reminders_sent(event_id, chat_id, kind, sent_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (event_id, chat_id, kind, now),
                )
                fresh = fresh or cursor.rowcount > 0
            if fresh:
                claimed.append(chat_id)
    return claimed


async def forget_reminders(conn: aiosqlite.Connection, event_id: int) -> None:
    """The event moved: its reminders are due again."""
    await conn.execute("DELETE FROM reminders_sent WHERE event_id = ?", (event_id,))


async def queue_notices(conn: aiosqlite.Connection, targets: Iterable[tuple[int, int]], kind: str, details: dict[str, Any], now: int) -> None:
    """Queue a notice (promoted, changed, cancelled) for each ``(event_id, chat_id)``."""
    text = json.dumps(details, ensure_ascii=False, default=str)
    await conn.executemany(
        "INSERT INTO event_notices(event_id, chat_id, kind, details, created_at) VALUES (?, ?, ?, ?, ?)",
        [(e, c, kind, text, now) for e, c in targets],
    )


async def pending_notices(db: Database, event_id: int | None = None, limit: int = 500) -> list[aiosqlite.Row]:
    if event_id is None:
        return await db.fetchall("SELECT * FROM event_notices WHERE sent_at IS NULL ORDER BY id LIMIT ?", (limit,))
    return await db.fetchall("SELECT * FROM event_notices WHERE sent_at IS NULL AND event_id = ? ORDER BY id LIMIT ?", (event_id, limit))


async def notice_done(db: Database, notice_id: int, now: int) -> bool:
    """Mark a notice delivered (or given up); False when another task already took it."""
    async with db.transaction() as conn:
        cursor = await conn.execute("UPDATE event_notices SET sent_at = ? WHERE id = ? AND sent_at IS NULL", (now, notice_id))
        return cursor.rowcount > 0
