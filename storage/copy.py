"""Copy every table of one database into another, empty one (``passerelle migrate-db``), checking the counts.

Both databases are opened with every migration applied, so they have the same tables. Tables are
copied in the order the migrations create them (a table only points to earlier ones), rows in key
order, in batches, inside one write transaction on the target: a failure leaves the target empty.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from storage.db import Database, read_one
from storage.schema import migration_files

BATCH = 5000
_CREATE = re.compile(r"CREATE\s+TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(\w+)", re.IGNORECASE)


class CopyError(Exception):
    """Why the copy was refused or is wrong; one French line."""


def tables_in_order() -> list[str]:
    """Every table of the data model, in the order the migrations create them."""
    found: list[str] = []
    for _, file in migration_files():
        for name in _CREATE.findall(file.read_text(encoding="utf-8")):
            if name not in found:
                found.append(name)
    return found


async def count(db: Database, table: str) -> int:
    return int(await db.scalar(f"SELECT COUNT(*) FROM {table}") or 0)  # noqa: S608 (names from the migrations)


async def copy_database(source: Database, target: Database, progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """Copy ``source`` into ``target`` (refused unless every table of the target is empty); rows per table."""
    tables = [t for t in tables_in_order() if t in set(await source.table_names())]
    versions = "SELECT version FROM schema_migrations ORDER BY version"
    if [r[0] for r in await source.fetchall(versions)] != [r[0] for r in await target.fetchall(versions)]:
        raise CopyError("les deux bases n'ont pas les mêmes migrations : mettez d'abord le bot à jour")
    for table in tables:
        if await count(target, table):
            raise CopyError(f"la base cible n'est pas vide (table {table}) : la copie se fait vers une base neuve")
    copied: dict[str, int] = {}
    async with target.transaction() as conn:
        for table in tables:
            offset, total = 0, 0
            columns = await _columns(source, table)
            order = ", ".join(str(i) for i in range(1, len(columns) + 1))  # every column: a total order for the pages
            while columns:
                rows = await source.fetchall(f"SELECT * FROM {table} ORDER BY {order} LIMIT {BATCH} OFFSET {offset}")  # noqa: S608
                if not rows:
                    break
                await conn.executemany(
                    f"INSERT INTO {table}({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",  # noqa: S608
                    [tuple(r) for r in rows],
                )
                offset += len(rows)
                total += len(rows)
            reset = target.dialect.identity_reset(table) if "id" in columns else None
            if reset and total:
                await conn.execute(reset)
            copied[table] = total
            if progress:
                progress(table, total)
        for table in tables:  # checked before the commit: a wrong copy leaves the target empty
            expected = await count(source, table)
            found = (await read_one(conn, f"SELECT COUNT(*) FROM {table}"))[0]  # noqa: S608
            if expected != found:
                raise CopyError(f"table {table} : {expected} lignes dans la source, {found} dans la cible")
    return copied


async def _columns(db: Database, table: str) -> list[str]:
    rows = await db.fetchall(f"SELECT * FROM {table} LIMIT 1")  # noqa: S608
    return list(rows[0].keys()) if rows else []

