"""Staff roles (national, regional, advisor) and invitations: the only SQL about them."""

from __future__ import annotations

import aiosqlite

from storage.db import Database, read_one


async def active_for_chat(db: Database, chat_id: int) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM roles WHERE chat_id = ? AND revoked_at IS NULL", (chat_id,))


async def get(db: Database, role_id: int) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM roles WHERE id = ?", (role_id,))


async def active(db: Database, region: str | None = None) -> list[aiosqlite.Row]:
    """Active roles, all of them or those of one region (national coordinators have no region)."""
    if region is None:
        return await db.fetchall("SELECT * FROM roles WHERE revoked_at IS NULL ORDER BY kind, region, id")
    return await db.fetchall(
        "SELECT * FROM roles WHERE revoked_at IS NULL AND region = ? ORDER BY kind, id", (region,)
    )


async def insert(
    db: Database,
    *,
    chat_id: int,
    kind: str,
    region: str | None,
    organisation: str | None,
    network: str | None,
    display_name: str | None,
    granted_by: int | None,
    now: int,
    conn: aiosqlite.Connection | None = None,
    mission_locale: str | None = None,
) -> int:
    """Grant a role, replacing (revoking) any active role of the same chat; return the new id."""
    sql_revoke = "UPDATE roles SET revoked_at = ? WHERE chat_id = ? AND revoked_at IS NULL"
    sql_insert = (
        "INSERT INTO roles(chat_id, kind, region, organisation, network, display_name, granted_by, granted_at, mission_locale)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    )
    params = (chat_id, kind, region, organisation, network, display_name, granted_by, now, mission_locale)
    if conn is not None:
        await conn.execute(sql_revoke, (now, chat_id))
        cursor = await conn.execute(sql_insert, params)
        return cursor.lastrowid
    async with db.transaction() as c:
        await c.execute(sql_revoke, (now, chat_id))
        cursor = await c.execute(sql_insert, params)
        return cursor.lastrowid


async def revoke(db: Database, role_id: int, now: int) -> bool:
    cursor_id = await db.fetchone("SELECT id FROM roles WHERE id = ? AND revoked_at IS NULL", (role_id,))
    if cursor_id is None:
        return False
    await db.execute("UPDATE roles SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", (now, role_id))
    return True


async def set_digest(db: Database, role_id: int, enabled: bool) -> None:
    await db.execute("UPDATE roles SET digest_enabled = ? WHERE id = ?", (1 if enabled else 0, role_id))


async def set_display_name(db: Database, role_id: int, name: str | None) -> None:
    await db.execute("UPDATE roles SET display_name = ? WHERE id = ?", (name, role_id))


# --- invitations ---------------------------------------------------------------------------------
async def create_invitation(
    db: Database, *, code: str, kind: str, region: str | None, organisation: str | None, network: str | None,
    created_by: int, now: int, expires_at: int, mission_locale: str | None = None,
) -> None:
    await db.execute(
        "INSERT INTO invitations(code, kind, region, organisation, network, created_by, created_at, expires_at, mission_locale)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (code, kind, region, organisation, network, created_by, now, expires_at, mission_locale),
    )


async def get_invitation(db: Database, code: str) -> aiosqlite.Row | None:
    return await db.fetchone("SELECT * FROM invitations WHERE code = ?", (code,))


async def use_invitation(
    db: Database, code: str, *, chat_id: int, display_name: str | None, now: int
) -> int | None:
    """Atomically mark the invitation used and grant its role; None if already used or expired."""
    async with db.transaction() as conn:
        inv = await read_one(conn, "SELECT * FROM invitations WHERE code = ? AND used_at IS NULL AND expires_at > ?", (code, now))
        if inv is None:
            return None
        role_id = await insert(
            db, chat_id=chat_id, kind=inv["kind"], region=inv["region"], organisation=inv["organisation"],
            network=inv["network"], display_name=display_name, granted_by=inv["created_by"], now=now, conn=conn,
            mission_locale=inv["mission_locale"],
        )
        await conn.execute("UPDATE invitations SET used_by_role = ?, used_at = ? WHERE code = ?", (role_id, now, code))
        return role_id


async def pending_invitations(db: Database, region: str | None, now: int) -> list[aiosqlite.Row]:
    if region is None:
        return await db.fetchall(
            "SELECT * FROM invitations WHERE used_at IS NULL AND expires_at > ? ORDER BY created_at", (now,)
        )
    return await db.fetchall(
        "SELECT * FROM invitations WHERE used_at IS NULL AND expires_at > ? AND region = ? ORDER BY created_at",
        (now, region),
    )
