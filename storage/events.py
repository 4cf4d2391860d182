"""Events (regional actions): rows, their branches, organisers and companies, statuses, audit entries.

Write helpers take the connection yielded by ``db.transaction()`` so that a service can group them;
read helpers take the :class:`Database`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite

from storage.db import Database, placeholders, read_all, read_one

_COLUMN = re.compile(r"[a-z_]{1,40}")


def _checked(columns: dict[str, Any]) -> dict[str, Any]:
    """The columns of an event input (bot.events.model.EventInput.columns: names written in the code, never typed)."""
    if not all(_COLUMN.fullmatch(name) for name in columns):
        raise ValueError(f"not an events column: {sorted(columns)}")
    return dict(columns)


async def insert(conn: aiosqlite.Connection, columns: dict[str, Any], *, source: str, created_by: int | None, now: int) -> int:
    values = _checked(columns) | {"source": source, "created_by": created_by, "created_at": now, "updated_at": now}
    names = ", ".join(values)
    cursor = await conn.execute(f"INSERT INTO events({names}) VALUES ({', '.join('?' * len(values))})", tuple(values.values()))
    return cursor.lastrowid


async def update(conn: aiosqlite.Connection, event_id: int, columns: dict[str, Any], *, now: int) -> None:
    values = _checked(columns) | {"updated_at": now}
    assignments = ", ".join(f"{k} = ?" for k in values)
    await conn.execute(f"UPDATE events SET {assignments} WHERE id = ?", (*values.values(), event_id))


async def set_links(
    conn: aiosqlite.Connection,
    event_id: int,
    branches: Iterable[str],
    organisers: Iterable[tuple[str, str]],
    companies: Iterable[str],
) -> None:
    """Replace the event's branches, organisers and companies (a company's ``present`` flag is kept)."""
    companies = list(dict.fromkeys(companies))
    await conn.execute("DELETE FROM event_branches WHERE event_id = ?", (event_id,))
    await conn.executemany("INSERT INTO event_branches(event_id, branch_id) VALUES (?, ?)", [(event_id, b) for b in dict.fromkeys(branches)])
    await conn.execute("DELETE FROM event_organisers WHERE event_id = ?", (event_id,))
    await conn.executemany(
        "INSERT INTO event_organisers(event_id, network, name) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [(event_id, n, m) for n, m in organisers]
    )
    await conn.execute(
        f"DELETE FROM event_companies WHERE event_id = ? AND name NOT IN ({', '.join('?' * len(companies))})", (event_id, *companies)
    )
    await conn.executemany("INSERT INTO event_companies(event_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", [(event_id, c) for c in companies])


async def id_by_external(conn: aiosqlite.Connection | Database, external_id: str) -> int | None:
    row = await read_one(conn, "SELECT id FROM events WHERE external_id = ?", (external_id,))
    return None if row is None else row[0]


async def status_of(db: Database, event_id: int) -> str | None:
    """The event's status ('a_venir', 'a_cloturer', 'cloture', 'annule'), or None if there is no such event."""
    return await db.scalar("SELECT status FROM events WHERE id = ?", (event_id,))


async def load(db: Database | aiosqlite.Connection, ids: Sequence[int]) -> list[dict[str, Any]]:
    """Full records, in the order of ``ids``: ``{"row", "branches", "organisers", "companies", "present", "registered", "waiting"}``."""
    if not ids:
        return []
    marks = placeholders(ids)

    async def fetch(sql: str) -> list[aiosqlite.Row]:
        return await read_all(db, sql, tuple(ids))

    rows = {r["id"]: r for r in await fetch(f"SELECT * FROM events WHERE id IN ({marks})")}
    out: dict[int, dict[str, Any]] = {
        i: {"row": rows[i], "branches": [], "organisers": [], "companies": [], "present": [], "registered": 0, "waiting": 0}
        for i in ids if i in rows
    }
    for r in await fetch(f"SELECT event_id, branch_id FROM event_branches WHERE event_id IN ({marks}) ORDER BY branch_id"):
        out[r[0]]["branches"].append(r[1])
    for r in await fetch(f"SELECT event_id, network, name FROM event_organisers WHERE event_id IN ({marks}) ORDER BY network DESC, name"):
        out[r[0]]["organisers"].append((r[1], r[2]))
    for r in await fetch(f"SELECT event_id, name, present FROM event_companies WHERE event_id IN ({marks}) ORDER BY name"):
        out[r[0]]["companies"].append(r[1])
        if r[2]:
            out[r[0]]["present"].append(r[1])
    for r in await fetch(f"SELECT event_id, status, count(*) FROM registrations WHERE event_id IN ({marks}) GROUP BY event_id, status"):
        out[r[0]][r[1]] = r[2]
    return [out[i] for i in ids if i in out]


async def set_status(conn: aiosqlite.Connection, event_id: int, status: str, *, now: int, reason: str | None = None) -> None:
    if status == "annule":
        await conn.execute(
            "UPDATE events SET status = 'annule', cancelled_at = ?, cancel_reason = ?, updated_at = ? WHERE id = ?",
            (now, reason, now, event_id),
        )
    else:
        await conn.execute("UPDATE events SET status = ?, updated_at = ? WHERE id = ?", (status, now, event_id))


async def close(conn: aiosqlite.Connection, event_id: int, results: dict[str, Any], present: Iterable[str], *, actor: int | None, now: int) -> None:
    """Record the results, mark the companies present (adding new ones), status → cloture."""
    await conn.execute(
        "UPDATE events SET status = 'cloture', attendance = ?, integrated_apprenticeship = ?, integrated_cej = ?,"
        " integrated_job = ?, integrated_training = ?, closed_at = ?, closed_by = ?, updated_at = ? WHERE id = ?",
        (results["attendance"], results["integrated_apprenticeship"], results["integrated_cej"], results["integrated_job"],
         results["integrated_training"], now, actor, now, event_id),
    )
    present = list(dict.fromkeys(present))
    await conn.execute("UPDATE event_companies SET present = 0 WHERE event_id = ?", (event_id,))
    await conn.executemany("INSERT INTO event_companies(event_id, name) VALUES (?, ?) ON CONFLICT DO NOTHING", [(event_id, c) for c in present])
    await conn.executemany("UPDATE event_companies SET present = 1 WHERE event_id = ? AND name = ?", [(event_id, c) for c in present])


async def mark_finished(db: Database, now: int) -> int:
    """Events whose end has passed become « à clôturer »; returns how many."""
    async with db.transaction() as conn:
        cursor = await conn.execute("UPDATE events SET status = 'a_cloturer', updated_at = ? WHERE status = 'a_venir' AND ends_at <= ?", (now, now))
        return cursor.rowcount


async def candidates(db: Database, now: int, region: str | None, branch: str | None = None, kind: str | None = None) -> list[aiosqlite.Row]:
    """Upcoming, not cancelled events a person may be shown: their region's, national and online ones
    (every region when ``region`` is None); ``(id, starts_at, region, scope, branches)`` with branches
    comma-separated. With ``branch``: only events for that branch or for every branch; with ``kind``:
    only events of that type (« atelier »...)."""
    params: list[Any] = [now]
    where = "e.status = 'a_venir' AND e.starts_at > ?"
    if region is not None:
        # two index-friendly halves rather than an OR the planner cannot use
        base = (
            "SELECT id FROM events WHERE status = 'a_venir' AND starts_at > ? AND region = ?"
            " UNION SELECT id FROM events WHERE status = 'a_venir' AND starts_at > ? AND scope IN ('national', 'online')"
        )
        where += f" AND e.id IN ({base})"
        params += [now, region, now]
    if kind is not None:
        where += " AND e.type = ?"
        params.append(kind)
    branches = db.dialect.group_concat("b.branch_id")
    sql = (
        f"SELECT e.id, e.starts_at, e.region, e.scope, {branches} AS branches FROM events e"
        f" LEFT JOIN event_branches b ON b.event_id = e.id WHERE {where} GROUP BY e.id"
    )
    if branch is not None:
        sql += f" HAVING {branches} IS NULL OR ',' || {branches} || ',' LIKE ?"
        params.append(f"%,{branch},%")
    return await db.fetchall(sql, params)


async def created_by(db: Database, role_id: int | None = None, region: str | None = None) -> list[int]:
    """Ids of the events a role created, or of a region's events; newest start first."""
    if role_id is not None:
        rows = await db.fetchall("SELECT id FROM events WHERE created_by = ? ORDER BY starts_at DESC", (role_id,))
    elif region is not None:
        rows = await db.fetchall("SELECT id FROM events WHERE region = ? ORDER BY starts_at DESC", (region,))
    else:
        rows = await db.fetchall("SELECT id FROM events ORDER BY starts_at DESC")
    return [r[0] for r in rows]


async def starting_between(db: Database, start: int, end: int) -> list[aiosqlite.Row]:
    """Upcoming events (status à venir) starting in [start, end) that have someone registered."""
    return await db.fetchall(
        "SELECT id, starts_at FROM events WHERE status = 'a_venir' AND starts_at >= ? AND starts_at < ?"
        " AND EXISTS (SELECT 1 FROM registrations r WHERE r.event_id = events.id AND r.status = 'registered') ORDER BY starts_at",
        (start, end),
    )


async def profile(db: Database, chat_id: int) -> dict[str, Any]:
    """What the suggestions rank with: region, chosen branches, favourite jobs, the quiz's best jobs."""
    user = await db.fetchone("SELECT region FROM users WHERE chat_id = ?", (chat_id,))
    branches = await db.fetchall("SELECT branch_id FROM user_branches WHERE chat_id = ? AND kind = 'interest'", (chat_id,))
    favourites = await db.fetchall("SELECT job_id FROM favourites WHERE chat_id = ?", (chat_id,))
    quiz = await db.fetchone("SELECT top_jobs FROM quiz_results WHERE chat_id = ?", (chat_id,))
    try:
        top_jobs = json.loads(quiz["top_jobs"]) if quiz else []
    except (TypeError, ValueError):
        top_jobs = []
    return {
        "region": user["region"] if user else None,
        "branches": [r[0] for r in branches],
        "favourites": [r[0] for r in favourites],
        "quiz_jobs": [j for j in top_jobs if isinstance(j, str)][:5],
    }
