"""The pseudonymous interactions log (insert only; the statistics read it)."""

from __future__ import annotations

from collections.abc import Iterable

from storage.db import Database

INSERT = "INSERT INTO interactions(at, user_key, kind, key, region, branch) VALUES (?, ?, ?, ?, ?, ?)"


async def insert(db: Database, at: int, user_key: str, kind: str, key: str | None, region: str | None, branch: str | None) -> None:
    await db.execute(INSERT, (at, user_key, kind, key, region, branch))


async def insert_many(db: Database, rows: Iterable[tuple]) -> None:
    await db.executemany(INSERT, rows)


async def any_key_starting(db: Database, prefix: str) -> bool:
    """True if some interaction's pseudonymous key starts with ``prefix`` (e.g. the console's ``demo-``)."""
    return bool(await db.scalar("SELECT 1 FROM interactions WHERE user_key LIKE ? LIMIT 1", (prefix + "%",)))
