"""The statistics' sources outside the interactions log: events and their organisers and companies,
broadcasts, innovations, and the weekly digest's bookkeeping (the partnership's indicators read them)."""

from __future__ import annotations

import aiosqlite

from storage.db import Database, region_clause

ML_NETWORKS = ("mission_locale", "arml")


_EVENTS = (
    "SELECT e.id, e.title, e.type, e.scope, e.region, e.city, e.status, e.starts_at, e.attendance,"
    " e.integrated_apprenticeship, e.integrated_cej, e.integrated_job, e.integrated_training,"
    f" EXISTS (SELECT 1 FROM event_organisers o WHERE o.event_id = e.id AND o.network IN {ML_NETWORKS!r}) AS ml,"
    " EXISTS (SELECT 1 FROM event_organisers o WHERE o.event_id = e.id AND o.network = 'opcommerce') AS op,"
    " (SELECT COUNT(*) FROM registrations r WHERE r.event_id = e.id AND r.status = 'registered') AS registered"
    " FROM events e WHERE e.starts_at >= ? AND e.starts_at < ? AND e.status != 'annule' AND e.is_example = 0"
)


async def events_between(db: Database, start_ts: int, end_ts: int, region: str | None) -> list[aiosqlite.Row]:
    """The events (not cancelled, not demonstration examples) that start in [start_ts, end_ts)."""
    clause, params = region_clause(region, "e.region")
    return await db.fetchall(_EVENTS + clause + " ORDER BY e.starts_at, e.id", (start_ts, end_ts, *params))


async def event_companies(db: Database, start_ts: int, end_ts: int) -> list[aiosqlite.Row]:
    """(event_id, company name, present) for the events of :func:`events_between`."""
    return await db.fetchall(
        "SELECT c.event_id, c.name, c.present FROM event_companies c JOIN events e ON e.id = c.event_id"
        " WHERE e.starts_at >= ? AND e.starts_at < ? AND e.status != 'annule' AND e.is_example = 0",
        (start_ts, end_ts),
    )


async def event_organisers(db: Database, start_ts: int, end_ts: int) -> list[aiosqlite.Row]:
    return await db.fetchall(
        "SELECT o.event_id, o.network, o.name FROM event_organisers o JOIN events e ON e.id = o.event_id"
        " WHERE e.starts_at >= ? AND e.starts_at < ? AND e.status != 'annule' AND e.is_example = 0 ORDER BY o.network, o.name",
        (start_ts, end_ts),
    )


async def broadcasts_between(db: Database, start_ts: int, end_ts: int) -> list[aiosqlite.Row]:
    """Announcements whose sending started in [start_ts, end_ts)."""
    return await db.fetchall(
        "SELECT id, kind, region, joint FROM broadcasts WHERE started_at >= ? AND started_at < ? AND status != 'pending'",
        (start_ts, end_ts),
    )


async def innovations_between(db: Database, start_ts: int, end_ts: int, region: str | None) -> list[aiosqlite.Row]:
    clause, params = region_clause(region, "i.region")
    return await db.fetchall(
        "SELECT i.id, i.at, i.region, i.text, r.organisation, r.network, r.kind AS role_kind FROM innovations i"
        f" LEFT JOIN roles r ON r.id = i.role_id WHERE i.at >= ? AND i.at < ?{clause} ORDER BY i.at, i.id",
        (start_ts, end_ts, *params),
    )


async def add_innovation(db: Database, at: int, role_id: int, region: str | None, text: str) -> int:
    return await db.execute("INSERT INTO innovations(at, role_id, region, text) VALUES (?, ?, ?, ?)", (at, role_id, region, text))


# ---------------------------------------------------------------- weekly digest

async def set_digest(db: Database, role_id: int, enabled: bool) -> None:
    await db.execute("UPDATE roles SET digest_enabled = ? WHERE id = ?", (int(enabled), role_id))


async def digest_recipients(db: Database) -> list[aiosqlite.Row]:
    """Active coordinators (national, regional) who keep the weekly digest."""
    return await db.fetchall(
        "SELECT id, chat_id, kind, region FROM roles WHERE revoked_at IS NULL AND kind IN ('national', 'regional')"
        " AND digest_enabled = 1 ORDER BY id"
    )


async def claim_digest(db: Database, role_id: int, week: str, at: int) -> bool:
    """Reserve this role's digest of this week before sending it; False when already sent or being sent
    (by this instance or another one sharing the database)."""
    async with db.transaction() as conn:
        cursor = await conn.execute(
            "INSERT INTO stats_digest_sent(role_id, week, sent_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING", (role_id, week, at))
        return cursor.rowcount > 0


async def unclaim_digest(db: Database, role_id: int, week: str) -> None:
    """Not delivered: the next run tries again."""
    await db.execute("DELETE FROM stats_digest_sent WHERE role_id = ? AND week = ?", (role_id, week))
