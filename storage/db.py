"""The database: SQLite (one aiosqlite connection, WAL) or PostgreSQL (storage/pg.py), versioned migrations,
a write transaction helper. Dialect differences live in storage/dialect.py."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
import time
import weakref
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from storage import sqlite_file
from storage.dialect import SQLITE, Dialect, is_postgres, sqlite_path
from storage.schema import Row, migration_files
from storage.sqlite_file import StorageError

log = logging.getLogger(__name__)
__all__ = ["Database", "StorageError", "read_all", "read_one"]


class Database:
    """One aiosqlite connection shared by the whole bot; writes go through :meth:`transaction`.
    :meth:`open` with a ``postgresql://`` address gives the PostgreSQL flavour (storage/pg.py)."""

    dialect: Dialect = SQLITE

    def __init__(self, conn: aiosqlite.Connection, path: str) -> None:
        self.conn = conn
        self.path = path
        self._write_lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: Path | str, migrate: bool = True) -> "Database":
        """Check the file (:mod:`storage.sqlite_file`: a damaged file, a directory, a missing or read-only
        location, another application's database raise :class:`StorageError` before anything is written),
        then open it, switch to WAL, mark it as ours and apply pending migrations.
        With ``postgresql://user:pass@host:port/db``: the PostgreSQL flavour (storage/pg.py)."""
        if is_postgres(path):
            from storage.pg import PgDatabase

            return await PgDatabase.connect(str(path), migrate=migrate)
        path = sqlite_path(path)
        kind = sqlite_file.NEW
        if path != ":memory:":
            kind = await asyncio.to_thread(sqlite_file.inspect, path)
            Path(path).parent.mkdir(exist_ok=True)
        try:
            conn = await aiosqlite.connect(path, isolation_level=None)
        except sqlite3.Error as error:
            raise StorageError(path, f"impossible de l'ouvrir ({error})") from None
        try:  # a failure must close the connection: its thread would keep the process alive forever
            conn.row_factory = aiosqlite.Row
            await conn.execute("PRAGMA journal_mode=WAL")
            await conn.execute("PRAGMA synchronous=NORMAL")
            await conn.execute("PRAGMA foreign_keys=ON")
            await conn.execute("PRAGMA busy_timeout=5000")
            if kind != sqlite_file.OURS:
                await conn.execute(f"PRAGMA application_id = {sqlite_file.APPLICATION_ID}")
            db = cls(conn, path)
            if migrate:
                await db.migrate()
        except BaseException as error:
            await conn.close()
            if isinstance(error, sqlite3.Error):
                raise StorageError(path, f"erreur SQLite à l'ouverture ({error})") from error
            raise
        return db

    async def close(self) -> None:
        await self.conn.close()

    async def migrate(self) -> list[int]:
        """Apply every migration not yet applied, each in its own transaction; return the new versions."""
        await self.conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL,"
            " applied_at TEXT NOT NULL DEFAULT (datetime('now')))"
        )
        done = {row[0] for row in await self.conn.execute_fetchall("SELECT version FROM schema_migrations")}
        applied = []
        for version, file in migration_files():
            if version in done:
                continue
            script = file.read_text(encoding="utf-8")
            async with self._write_lock:
                try:
                    await self.conn.executescript(
                        "BEGIN IMMEDIATE;\n" + script + f"\nINSERT INTO schema_migrations(version, name) VALUES ({version}, '{file.name}');\nCOMMIT;"
                    )
                except Exception:
                    if self.conn.in_transaction:
                        await self.conn.execute("ROLLBACK")
                    raise
            log.info("migration %s appliquée", file.name)
            applied.append(version)
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """A write transaction (BEGIN IMMEDIATE), serialised with every other writer of this process."""
        async with self._write_lock:
            try:
                await self.conn.execute("BEGIN IMMEDIATE")
            except asyncio.CancelledError:
                # cancelled while waiting: the BEGIN still runs in aiosqlite's thread, and the next
                # transaction would fail; undo it (queued after it) before giving up
                with contextlib.suppress(Exception):
                    await self.conn.execute("ROLLBACK")
                raise
            try:
                yield self.conn
            except BaseException:
                await self.conn.execute("ROLLBACK")
                raise
            else:
                await self.conn.execute("COMMIT")

    async def execute(self, sql: str, params: Iterable[Any] | dict = ()) -> int:
        """Run one write statement in its own transaction; return the last row id."""
        async with self._write_lock:
            row = await self.conn.execute_insert(sql, params)
            return (row[0] if row else 0) or 0

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Iterable[Any] | dict = ()) -> list[aiosqlite.Row]:
        return list(await self.conn.execute_fetchall(sql, params))

    async def fetchone(self, sql: str, params: Iterable[Any] | dict = ()) -> aiosqlite.Row | None:
        rows = await self.conn.execute_fetchall(sql, params)
        return rows[0] if rows else None

    async def write_returning(self, sql: str, params: Iterable[Any] | dict = ()) -> list[aiosqlite.Row]:
        """Run one write statement with a RETURNING clause; return its rows (one round trip)."""
        async with self._write_lock:
            return list(await self.conn.execute_fetchall(sql, params))

    async def scalar(self, sql: str, params: Iterable[Any] | dict = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def table_names(self) -> list[str]:
        """The tables of the data model (not the engine's own), sorted."""
        rows = await self.fetchall("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        return [r[0] for r in rows]


async def read_all(source: Any, sql: str, params: Iterable[Any] | dict = ()) -> list[Row]:
    """Rows of a query, from the Database or from the connection of an open :meth:`Database.transaction`."""
    if hasattr(source, "execute_fetchall"):  # a transaction's connection (aiosqlite, or storage.pg.PgConn)
        return list(await source.execute_fetchall(sql, params))
    return await source.fetchall(sql, params)


async def read_one(source: Any, sql: str, params: Iterable[Any] | dict = ()) -> Row | None:
    """The first row of a query (or None), from the Database or a transaction's connection."""
    rows = await read_all(source, sql, params)
    return rows[0] if rows else None


def placeholders(values: Iterable[Any]) -> str:
    """``?,?,…``: one parameter per value of an ``IN (…)``."""
    return ",".join("?" for _ in values)


def region_clause(region: str | None, column: str = "region") -> tuple[str, tuple]:
    """An extra ``AND`` clause restricting to one region, or nothing for the whole country."""
    return ("", ()) if region is None else (f" AND {column} = ?", (region,))


class PerDatabase:
    """One in-process dict for each open database, dropped with it (the memos of storage modules)."""

    def __init__(self) -> None:
        self._dicts: "weakref.WeakKeyDictionary[Any, dict]" = weakref.WeakKeyDictionary()

    def of(self, db: Any) -> dict:
        found = self._dicts.get(db)
        if found is None:
            found = self._dicts[db] = {}
        return found


class KnownAbsent:
    """Chats this process last saw without a row of one table (read none, or deleted it), with when
    (time.monotonic): a storage module whose every write goes through it keeps the marks exact within
    one process; ``max_age`` (the person cache's delay, 0 with PostgreSQL) covers another process."""

    LIMIT = 50_000

    def __init__(self) -> None:
        self._marks = PerDatabase()

    def mark(self, db: Any, chat_id: int) -> None:
        marks = self._marks.of(db)
        if len(marks) >= self.LIMIT:
            marks.clear()
        marks[chat_id] = time.monotonic()

    def forget(self, db: Any, chat_id: int) -> None:
        self._marks.of(db).pop(chat_id, None)

    def known(self, db: Any, chat_id: int, max_age: float) -> bool:
        """True when the chat was seen without a row less than ``max_age`` seconds ago, none written since."""
        since = self._marks.of(db).get(chat_id)
        return since is not None and time.monotonic() - since < max_age
