"""The PostgreSQL flavour of :class:`storage.db.Database` (asyncpg): same methods, same SQL, same rows.

What it adapts, once per statement (cached): ``?``/``:name`` placeholders to ``$n``; Python values to the
parameter types the server expects (asyncpg is strict where SQLite is not: '32' for an integer, 7 for a
text); ``RETURNING id`` added to an ``INSERT`` into a table with an ``id`` column, so that ``execute``
and ``cursor.lastrowid`` behave as with SQLite. ``numeric`` results (``SUM`` of integers, ``AVG``)
come back as int or float, like SQLite's. Write transactions take a transaction-scoped advisory lock:
one writer at a time across every instance, the same guarantee as SQLite's ``BEGIN IMMEDIATE``.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import asyncpg

from storage.dialect import POSTGRES, numbered
from storage.schema import Row, migration_files

log = logging.getLogger(__name__)

WRITE_LOCK = 0x5041_5353  # advisory lock key: one write transaction at a time ("PASS")
MIGRATE_LOCK = 0x5041_5354
_INSERT = re.compile(r"^\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_RETURNING = re.compile(r"\bRETURNING\b", re.IGNORECASE)
_INTS = {"int2", "int4", "int8", "oid"}
_TEXTS = {"text", "varchar", "bpchar", "name", "unknown"}
_FLOATS = {"float4", "float8"}


def _number(text: str) -> int | float:
    """numeric → int when whole (SUM of integers), else float (AVG), as SQLite gives them."""
    try:
        return int(text)
    except ValueError:
        value = float(text)
        return value


def _coerce(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind in _INTS:
        return value if type(value) is int else int(value)
    if kind in _TEXTS:
        return value if isinstance(value, str) else str(int(value) if isinstance(value, bool) else value)
    if kind in _FLOATS:
        return float(value)
    if kind == "bool":
        return bool(value)
    if kind == "numeric":
        return str(value)
    return value


async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec("numeric", schema="pg_catalog", encoder=str, decoder=_number, format="text")


@dataclass
class Cursor:
    """What the callers read from ``conn.execute``: the new row's id and the rows changed."""

    lastrowid: int | None
    rowcount: int


class _Statements:
    """Translated statements and their parameter types, shared by every connection of the pool."""

    def __init__(self) -> None:
        self.id_tables: set[str] = set()
        self.translated: dict[str, tuple[str, tuple[str, ...] | None, bool]] = {}
        self.types: dict[str, list[str]] = {}

    def translate(self, sql: str) -> tuple[str, tuple[str, ...] | None, bool]:
        found = self.translated.get(sql)
        if found is None:
            query, names = numbered(sql)
            insert = _INSERT.match(query)
            auto_id = bool(insert and insert.group(1).lower() in self.id_tables and not _RETURNING.search(query))
            if auto_id:
                query += " RETURNING id"
            found = self.translated[sql] = (query, names, auto_id)
        return found

    async def arguments(self, conn: asyncpg.Connection, query: str, names: tuple[str, ...] | None, params: Any) -> list[Any]:
        values = [params[n] for n in names] if names else list(params or ())
        types = self.types.get(query)
        if types is None:
            statement = await conn.prepare(query)
            types = self.types[query] = [t.name for t in statement.get_parameters()]
        return [_coerce(kind, value) for kind, value in zip(types, values)]


class PgConn:
    """One pooled connection (inside a transaction), with the aiosqlite connection methods storage uses."""

    def __init__(self, raw: asyncpg.Connection, statements: _Statements) -> None:
        self.raw = raw
        self.statements = statements

    async def execute_fetchall(self, sql: str, params: Iterable[Any] | dict = ()) -> list[Row]:
        query, names, _ = self.statements.translate(sql)
        return await self.raw.fetch(query, *await self.statements.arguments(self.raw, query, names, params))

    fetchall = execute_fetchall

    async def fetchone(self, sql: str, params: Iterable[Any] | dict = ()) -> Row | None:
        rows = await self.execute_fetchall(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Iterable[Any] | dict = ()) -> Cursor:
        query, names, auto_id = self.statements.translate(sql)
        args = await self.statements.arguments(self.raw, query, names, params)
        if auto_id or _RETURNING.search(query):
            rows = await self.raw.fetch(query, *args)
            return Cursor(rows[-1][0] if rows and auto_id else None, len(rows))
        status = await self.raw.execute(query, *args)
        tail = status.rsplit(" ", 1)[-1]
        return Cursor(None, int(tail) if tail.isdigit() else -1)

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        query, names, _ = self.statements.translate(sql)
        rows = list(rows)
        if not rows:
            return
        args = [await self.statements.arguments(self.raw, query, names, r) for r in rows]
        await self.raw.executemany(query, args)


class PgDatabase:
    """A pool of asyncpg connections behind the methods of :class:`storage.db.Database`."""

    dialect = POSTGRES

    def __init__(self, pool: asyncpg.Pool, url: str) -> None:
        self.pool = pool
        self.path = url
        self.conn = None
        self._write_lock = asyncio.Lock()
        self.statements = _Statements()

    @classmethod
    async def connect(cls, url: str, migrate: bool = True, pool_size: int = 10) -> "PgDatabase":
        pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size, init=_init_connection)
        db = cls(pool, url)
        if migrate:
            await db.migrate()
        await db._learn_id_tables()
        return db

    async def close(self) -> None:
        await self.pool.close()

    async def _learn_id_tables(self) -> None:
        rows = await self.pool.fetch(
            "SELECT table_name FROM information_schema.columns WHERE column_name = 'id' AND table_schema = current_schema()"
        )
        self.statements.id_tables = {r[0] for r in rows}
        self.statements.translated.clear()

    async def migrate(self) -> list[int]:
        """Apply pending migrations (rewritten by the dialect), under an advisory lock so that two
        instances starting together never apply one twice."""
        applied = []
        async with self.pool.acquire() as conn:
            await conn.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL DEFAULT (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS')))"
            )
            for version, file in migration_files():
                async with conn.transaction():
                    await conn.execute("SELECT pg_advisory_xact_lock($1)", MIGRATE_LOCK)
                    if await conn.fetchval("SELECT 1 FROM schema_migrations WHERE version = $1", version):
                        continue
                    await conn.execute(self.dialect.ddl(file.read_text(encoding="utf-8")))
                    await conn.execute("INSERT INTO schema_migrations(version, name) VALUES ($1, $2)", version, file.name)
                log.info("migration %s appliquée", file.name)
                applied.append(version)
        if applied:
            await self._learn_id_tables()
        return applied

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PgConn]:
        """A write transaction; one at a time in this process and, through an advisory lock, across instances."""
        async with self._write_lock, self.pool.acquire() as raw, raw.transaction():
            await raw.execute("SELECT pg_advisory_xact_lock($1)", WRITE_LOCK)
            yield PgConn(raw, self.statements)

    @asynccontextmanager
    async def _connection(self) -> AsyncIterator[PgConn]:
        async with self.pool.acquire() as raw:
            yield PgConn(raw, self.statements)

    async def execute(self, sql: str, params: Iterable[Any] | dict = ()) -> int:
        async with self._connection() as conn:
            return (await conn.execute(sql, params)).lastrowid or 0

    async def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> None:
        async with self.transaction() as conn:
            await conn.executemany(sql, rows)

    async def fetchall(self, sql: str, params: Iterable[Any] | dict = ()) -> list[Row]:
        async with self._connection() as conn:
            return await conn.execute_fetchall(sql, params)

    async def fetchone(self, sql: str, params: Iterable[Any] | dict = ()) -> Row | None:
        rows = await self.fetchall(sql, params)
        return rows[0] if rows else None

    async def write_returning(self, sql: str, params: Iterable[Any] | dict = ()) -> list[Row]:
        return await self.fetchall(sql, params)

    async def scalar(self, sql: str, params: Iterable[Any] | dict = ()) -> Any:
        row = await self.fetchone(sql, params)
        return None if row is None else row[0]

    async def table_names(self) -> list[str]:
        rows = await self.fetchall(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
            " AND table_type = 'BASE TABLE' ORDER BY table_name"
        )
        return [r[0] for r in rows]
