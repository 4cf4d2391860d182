"""The audit log: who (a role record, or NULL for the system) did what, when."""

from __future__ import annotations

import json
from typing import Any

import aiosqlite

from storage.db import Database


async def insert(db: Database | Any, at: int, actor: int | None, action: str, target: str | None, details: dict[str, Any] | None) -> None:
    """The one writer of the audit log; ``db``: the Database, or a transaction's connection."""
    await db.execute(
        "INSERT INTO audit_log(at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)",
        (at, actor, action, target, json.dumps(details or {}, ensure_ascii=False, sort_keys=True, default=str)),
    )


async def recent(db: Database, limit: int = 50, action: str | None = None) -> list[aiosqlite.Row]:
    if action is None:
        return await db.fetchall("SELECT * FROM audit_log ORDER BY id DESC LIMIT ?", (limit,))
    return await db.fetchall("SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT ?", (action, limit))
