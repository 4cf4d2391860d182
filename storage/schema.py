"""The migration files (storage/migrations/NNNN_name.sql, applied in order) and the row type both engines return."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

Row = Any  # aiosqlite.Row or asyncpg.Record: both give values by index and by column name


def migration_files() -> list[tuple[int, Path]]:
    """(version, file) of every migration, in the order they apply."""
    found = []
    for file in sorted(MIGRATIONS.glob("*.sql")):
        match = _NAME.match(file.name)
        if match:
            found.append((int(match.group(1)), file))
    return found
