"""Broadcasts and their deliveries: one row per recipient, created before anything is sent."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

from storage.db import Database
from storage.interactions import INSERT as INSERT_INTERACTION

IN_FLIGHT = "in_flight"

def _recipients(region: str | None, branches: list[str]) -> tuple[str, list]:
    """Recipients: alerts on, still active, in the region (None: all), and whose alert filter (none = all)
    meets the broadcast's branches (none = every branch). (WHERE clause, its parameters)."""
    sql = "WHERE u.alerts_enabled = 1 AND u.active = 1"
    params: list = []
    if region is not None:
        sql += " AND u.region = ?"
        params.append(region)
    if branches:
        sql += (
            " AND (NOT EXISTS (SELECT 1 FROM user_branches a WHERE a.chat_id = u.chat_id AND a.kind = 'alert')"
            " OR EXISTS (SELECT 1 FROM user_branches a WHERE a.chat_id = u.chat_id AND a.kind = 'alert'"
            f" AND a.branch_id IN ({', '.join('?' * len(branches))})))"
        )
        params += branches
    return sql, params


async def count_recipients(db: Database, region: str | None, branches: list[str]) -> int:
    """How many people a broadcast to ``region`` (None: all) about ``branches`` would reach now."""
    where, params = _recipients(region, branches)
    return await db.scalar("SELECT COUNT(*) FROM users u " + where, params)


async def create(
    db: Database, *, kind: str, event_id: int | None, text: str, markup: dict | None, title: str | None,
    region: str | None, branches: list[str], joint: bool, scope: str, created_by: int, now: int,
    progress_chat_id: int | None,
) -> tuple[int, int]:
    """Store the broadcast and one pending delivery per recipient in one transaction; (id, recipients)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO broadcasts(kind, event_id, text, markup, title, region, branches, joint, scope, created_by,"
            " created_at, status, progress_chat_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?)",
            (kind, event_id, text, json.dumps(markup) if markup else None, title, region, ",".join(branches),
             1 if joint else 0, scope, created_by, now, progress_chat_id),
        )
        bid = cursor.lastrowid
        where, params = _recipients(region, branches)
        cursor = await conn.execute("INSERT INTO deliveries(broadcast_id, chat_id) SELECT ?, u.chat_id FROM users u " + where, [bid, *params])
        total = cursor.rowcount
        await conn.execute("UPDATE broadcasts SET total = ? WHERE id = ?", (total, bid))
    return bid, total


async def get(db: Database, broadcast_id: int) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))


async def unfinished(db: Database) -> list[aiosqlite.Row]:
    return await db.fetchall("SELECT * FROM broadcasts WHERE status != 'done' ORDER BY id")


async def of_event(db: Database, event_id: int) -> list[aiosqlite.Row]:
    return await db.fetchall("SELECT * FROM broadcasts WHERE event_id = ? ORDER BY id", (event_id,))


async def pending(db: Database, broadcast_id: int, after: int, limit: int) -> list[aiosqlite.Row]:
    """The next pending deliveries (never an in-flight one), ordered by chat id, with the person's region."""
    return await db.fetchall(
        "SELECT d.chat_id, u.region FROM deliveries d JOIN users u ON u.chat_id = d.chat_id"
        " WHERE d.broadcast_id = ? AND d.status = 'pending' AND d.error IS NULL AND d.chat_id > ?"
        " ORDER BY d.chat_id LIMIT ?",
        (broadcast_id, after, limit),
    )


# The state of a delivery (deliveries.status, deliveries.error), the same for every backend:
#   pending, error NULL       → waiting (the sender may hold it in memory while it waits for its pace)
#   pending, error IN_FLIGHT  → its request is being sent now (set after pacing, right before the send);
#                               at most one per sender worker. Found at start-up: sent again (at least once).
#   sent / blocked / failed   → final; error says why a delivery failed (« <raison> : <détail> »).
# A retryable failure (flood control, server or network error) puts the delivery back to pending.

async def mark_in_flight(db: Database, broadcast_id: int, chat_id: int) -> bool:
    """Its request leaves now (after pacing): the only state that can be ambiguous after a crash. An
    atomic conditional update: False when the delivery is no longer waiting (another sender has it)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE deliveries SET error = ?, attempts = attempts + 1"
            " WHERE broadcast_id = ? AND chat_id = ? AND status = 'pending' AND error IS NULL",
            (IN_FLIGHT, broadcast_id, chat_id),
        )
        return cursor.rowcount > 0


async def release(db: Database, broadcast_id: int, chat_id: int) -> None:
    """Not delivered, to be tried again (flood control, server or network error): back to pending."""
    await db.execute(
        "UPDATE deliveries SET error = NULL WHERE broadcast_id = ? AND chat_id = ? AND status = 'pending'",
        (broadcast_id, chat_id),
    )


async def finish(
    db: Database, broadcast_id: int, chat_id: int, status: str, error: str | None, now: int,
    interaction: tuple | None = None, unsubscribe: bool = False,
) -> None:
    """Record the outcome of one send (and its interaction, and the unsubscription) in one transaction."""
    async with db.transaction() as conn:
        await conn.execute(
            "UPDATE deliveries SET status = ?, error = ?, sent_at = ? WHERE broadcast_id = ? AND chat_id = ?",
            (status, error, now if status == "sent" else None, broadcast_id, chat_id),
        )
        if unsubscribe:
            await conn.execute("UPDATE users SET active = 0, alerts_enabled = 0 WHERE chat_id = ?", (chat_id,))
        if interaction is not None:
            await conn.execute(INSERT_INTERACTION, interaction)


async def requeue_interrupted(db: Database, broadcast_id: int) -> int:
    """Deliveries in flight when the bot stopped (their request may or may not have left): back to
    pending, to be sent again — at least once, never lost; counted in ``broadcasts.resent``."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE deliveries SET error = NULL WHERE broadcast_id = ? AND status = 'pending' AND error = ?",
            (broadcast_id, IN_FLIGHT),
        )
        count = cursor.rowcount
        if count:
            await conn.execute("UPDATE broadcasts SET resent = resent + ? WHERE id = ?", (count, broadcast_id))
        return count


async def failure_reasons(db: Database, broadcast_id: int) -> dict[str, int]:
    """How many deliveries failed for each reason (the part of ``error`` before « : »), most frequent first."""
    rows = await db.fetchall("SELECT error FROM deliveries WHERE broadcast_id = ? AND status = 'failed'", (broadcast_id,))
    out: dict[str, int] = {}
    for row in rows:
        reason = (row[0] or "").split(" : ", 1)[0]
        out[reason] = out.get(reason, 0) + 1
    return dict(sorted(out.items(), key=lambda item: (-item[1], item[0])))


async def counts(db: Database, broadcast_id: int) -> dict[str, int]:
    rows = await db.fetchall("SELECT status, COUNT(*) FROM deliveries WHERE broadcast_id = ? GROUP BY status", (broadcast_id,))
    out = {"pending": 0, "sent": 0, "blocked": 0, "failed": 0}
    out.update({r[0]: r[1] for r in rows})
    return out


async def mark_started(db: Database, broadcast_id: int, now: int) -> None:
    await db.execute(
        "UPDATE broadcasts SET status = 'sending', started_at = COALESCE(started_at, ?) WHERE id = ?", (now, broadcast_id)
    )


async def mark_done(db: Database, broadcast_id: int, now: int, numbers: dict[str, int]) -> None:
    await db.execute(
        "UPDATE broadcasts SET status = 'done', finished_at = ?, sent = ?, blocked = ?, failed = ? WHERE id = ?",
        (now, numbers["sent"], numbers["blocked"], numbers["failed"], broadcast_id),
    )


async def set_progress_message(db: Database, broadcast_id: int, chat_id: int, message_id: int) -> None:
    await db.execute(
        "UPDATE broadcasts SET progress_chat_id = ?, progress_message_id = ? WHERE id = ?", (chat_id, message_id, broadcast_id)
    )


async def set_user_active(db: Database, chat_id: int, active: bool) -> bool:
    """my_chat_member: blocked → inactive and alerts off; unblocked → active again. True if the row exists."""
    row = await db.fetchone("SELECT chat_id FROM users WHERE chat_id = ?", (chat_id,))
    if row is None:
        return False
    if active:
        await db.execute("UPDATE users SET active = 1 WHERE chat_id = ?", (chat_id,))
    else:
        await db.execute("UPDATE users SET active = 0, alerts_enabled = 0 WHERE chat_id = ?", (chat_id,))
    return True


def decode_markup(row: Any) -> dict | None:
    return json.loads(row["markup"]) if row["markup"] else None


async def unfinished_count(db: Database) -> int:
    """Broadcasts not finished yet (pending or sending), for /healthz."""
    return int(await db.scalar("SELECT COUNT(*) FROM broadcasts WHERE status != 'done'") or 0)


async def delivery_totals(db: Database, since: int) -> tuple[dict[str, int], int]:
    """({status: deliveries} over every broadcast, deliveries sent since ``since``), for /metrics: the
    finished broadcasts' cached counts plus the deliveries of the unfinished ones (never a full scan)."""
    done = await db.fetchone(
        "SELECT COALESCE(SUM(sent), 0), COALESCE(SUM(blocked), 0), COALESCE(SUM(failed), 0) FROM broadcasts WHERE status = 'done'"
    )
    totals = {"pending": 0, "sent": int(done[0]), "blocked": int(done[1]), "failed": int(done[2])}
    rows = await db.fetchall(
        "SELECT d.status, COUNT(*) FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id WHERE b.status != 'done' GROUP BY d.status"
    )
    for status, n in rows:
        totals[status] = totals.get(status, 0) + int(n)
    recent = await db.scalar(
        "SELECT COUNT(*) FROM deliveries d JOIN broadcasts b ON b.id = d.broadcast_id"
        " WHERE b.status = 'sending' AND d.status = 'sent' AND d.sent_at >= ?",
        (since,),
    )
    return totals, int(recent or 0)
