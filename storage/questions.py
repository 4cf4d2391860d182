"""Questions of young people to advisors: threads, notices, blocks and the anonymous counts (all the SQL)."""

from __future__ import annotations

from typing import Any

import aiosqlite

from storage.db import Database, read_one


async def create(db: Database, *, chat_id: int, region: str | None, mission_locale: str | None, context_kind: str | None,
                 context_key: str | None, first_name: str | None, urgent: bool, text: str, now: int) -> int:
    """A new open question with its first message and its anonymous statistics row; return its id."""
    async with db.transaction() as conn:
        stats = await conn.execute("INSERT INTO question_stats(region, asked_at, urgent) VALUES (?, ?, ?)", (region, now, int(urgent)))
        cursor = await conn.execute(
            "INSERT INTO questions(chat_id, region, mission_locale, context_kind, context_key, first_name, urgent,"
            " created_at, last_message_at, stats_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (chat_id, region, mission_locale, context_kind, context_key, first_name, int(urgent), now, now, stats.lastrowid),
        )
        await conn.execute("INSERT INTO question_messages(question_id, sender, text, at) VALUES (?, 'young', ?, ?)",
                           (cursor.lastrowid, text, now))
        return cursor.lastrowid


async def get(db: Database, question_id: int) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM questions WHERE id = ?", (question_id,))


async def messages(db: Database, question_id: int) -> list[aiosqlite.Row]:
    return await db.fetchall("SELECT * FROM question_messages WHERE question_id = ? ORDER BY id", (question_id,))


async def take(db: Database, question_id: int, role_id: int, now: int) -> bool:
    """Give an open question to ``role_id``; False if someone took it first (one atomic update)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE questions SET status = 'taken', taken_by = ?, taken_at = ? WHERE id = ? AND status = 'open'",
            (role_id, now, question_id),
        )
        return cursor.rowcount == 1


async def reopen(db: Database, question_id: int) -> None:
    """Nobody holds the question any more (the advisor lost their role): open to every reader again."""
    await db.execute("UPDATE questions SET status = 'open', taken_by = NULL, taken_at = NULL WHERE id = ? AND status = 'taken'",
                     (question_id,))


async def add_message(db: Database, question_id: int, sender: str, role_id: int | None, text: str, now: int) -> None:
    """A message of the thread; the first advisor's answer sets the answer delay of the statistics."""
    waiting = "young" if sender == "advisor" else "advisor"
    async with db.transaction() as conn:
        await conn.execute("INSERT INTO question_messages(question_id, sender, role_id, text, at) VALUES (?, ?, ?, ?, ?)",
                           (question_id, sender, role_id, text, now))
        await conn.execute("UPDATE questions SET waiting_for = ?, last_message_at = ? WHERE id = ?", (waiting, now, question_id))
        if sender == "advisor":
            row = await read_one(conn, "SELECT first_answer_at, created_at, stats_id FROM questions WHERE id = ?", (question_id,))
            if row is not None and row["first_answer_at"] is None:
                await conn.execute("UPDATE questions SET first_answer_at = ? WHERE id = ?", (now, question_id))
                await conn.execute("UPDATE question_stats SET first_answer_seconds = ? WHERE id = ?",
                                   (now - row["created_at"], row["stats_id"]))


async def close(db: Database, question_id: int, closed_by: str, now: int) -> bool:
    """Close a thread; False if it was already closed."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "UPDATE questions SET status = 'closed', closed_at = ?, closed_by = ? WHERE id = ? AND status != 'closed'",
            (now, closed_by, question_id),
        )
        if cursor.rowcount != 1:
            return False
        await conn.execute(
            "UPDATE question_stats SET closed_at = ?, closed_by = ? WHERE id = (SELECT stats_id FROM questions WHERE id = ?)",
            (now, closed_by, question_id),
        )
        return True


async def add_notice(db: Database, question_id: int, chat_id: int, message_id: int) -> None:
    await db.execute("INSERT INTO question_notices(question_id, chat_id, message_id) VALUES (?, ?, ?)"
                     " ON CONFLICT (question_id, chat_id) DO UPDATE SET message_id = excluded.message_id",
                     (question_id, chat_id, message_id))


async def notices(db: Database, question_id: int) -> list[aiosqlite.Row]:
    return await db.fetchall("SELECT * FROM question_notices WHERE question_id = ?", (question_id,))


async def of_person(db: Database, chat_id: int) -> list[aiosqlite.Row]:
    return await db.fetchall("SELECT * FROM questions WHERE chat_id = ? ORDER BY id", (chat_id,))


async def in_scope(db: Database, *, region: str | None, mission_locales: list[str] | None, closed_since: int) -> list[aiosqlite.Row]:
    """Questions of a region (None: every region) not closed, or closed since ``closed_since``, newest first.
    ``mission_locales``: only those sent to these Missions Locales or to the whole region."""
    sql = "SELECT * FROM questions WHERE (status != 'closed' OR closed_at >= ?)"
    params: list[Any] = [closed_since]
    if region is not None:
        sql += " AND region = ?"
        params.append(region)
    if mission_locales is not None:
        marks = ", ".join("?" for _ in mission_locales)
        sql += f" AND (mission_locale IS NULL{f' OR mission_locale IN ({marks})' if mission_locales else ''})"
        params.extend(mission_locales)
    return await db.fetchall(sql + " ORDER BY id DESC", params)


async def unanswered(db: Database) -> list[aiosqlite.Row]:
    """Questions not closed, with no advisor answer yet and not escalated."""
    return await db.fetchall(
        "SELECT * FROM questions WHERE status != 'closed' AND first_answer_at IS NULL AND escalated_at IS NULL ORDER BY id"
    )


async def mark_escalated(db: Database, question_id: int, now: int) -> None:
    async with db.transaction() as conn:
        await conn.execute("UPDATE questions SET escalated_at = ? WHERE id = ?", (now, question_id))
        await conn.execute("UPDATE question_stats SET escalated = 1 WHERE id = (SELECT stats_id FROM questions WHERE id = ?)",
                           (question_id,))


async def block(db: Database, user_key: str, until: int) -> None:
    await db.execute("INSERT INTO question_blocks(user_key, until) VALUES (?, ?)"
                     " ON CONFLICT (user_key) DO UPDATE SET until = excluded.until", (user_key, until))


async def blocked_until(db: Database, user_key: str, now: int) -> int | None:
    row = await db.fetchone("SELECT until FROM question_blocks WHERE user_key = ? AND until > ?", (user_key, now))
    return row["until"] if row else None


async def _delete(conn: aiosqlite.Connection, where: str, params: tuple) -> int:
    ids = f"SELECT id FROM questions WHERE {where}"
    await conn.execute(f"DELETE FROM question_messages WHERE question_id IN ({ids})", params)
    await conn.execute(f"DELETE FROM question_notices WHERE question_id IN ({ids})", params)
    cursor = await conn.execute(f"DELETE FROM questions WHERE {where}", params)
    return cursor.rowcount


async def erase_person(conn: aiosqlite.Connection, chat_id: int) -> None:
    """Inside the erasure transaction: every thread of the person (the anonymous counts stay)."""
    await _delete(conn, "chat_id = ?", (chat_id,))


async def purge_closed(db: Database, before: int, now: int) -> int:
    """Delete the threads closed before ``before`` and the blocks ended by ``now``; return how many threads."""
    async with db.transaction() as conn:
        await conn.execute("DELETE FROM question_blocks WHERE until < ?", (now,))
        return await _delete(conn, "status = 'closed' AND closed_at < ?", (before,))


async def counts(db: Database, start: int, end: int, region: str | None) -> list[aiosqlite.Row]:
    """The anonymous rows of the questions asked in [start, end) (of a region, or all)."""
    sql = "SELECT * FROM question_stats WHERE asked_at >= ? AND asked_at < ?"
    params: list[Any] = [start, end]
    if region is not None:
        sql += " AND region = ?"
        params.append(region)
    return await db.fetchall(sql, params)
