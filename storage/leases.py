"""Leases on shared duties (table ``leases``, migration 0013): one instance at a time holds a name until it expires."""

from __future__ import annotations

from storage.db import Database


async def acquire(db: Database, name: str, holder: str, now: int, seconds: int) -> bool:
    """Take (or renew) the lease when it is free, expired or already ours; True if we hold it now."""
    rows = await db.write_returning(
        "INSERT INTO leases(name, holder, expires_at) VALUES (?, ?, ?)"
        " ON CONFLICT(name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at"
        " WHERE leases.holder = excluded.holder OR leases.expires_at <= ?"
        " RETURNING holder",
        (name, holder, now + seconds, now),
    )
    return bool(rows)


async def release(db: Database, name: str, holder: str) -> None:
    """Give the lease back (a clean stop): another instance may take it at once."""
    await db.execute("DELETE FROM leases WHERE name = ? AND holder = ?", (name, holder))


async def holder(db: Database, name: str, now: int) -> str | None:
    """Who holds the lease now (None when free or expired)."""
    return await db.scalar("SELECT holder FROM leases WHERE name = ? AND expires_at > ?", (name, now))
