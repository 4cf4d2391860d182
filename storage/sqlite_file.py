"""What is wrong with a SQLite database file, found before the bot writes anything to it.

``inspect(path)`` reads the file (header, then a read-only connection) and never modifies it. It
says whether the file is new, ours (``PRAGMA application_id`` is :data:`APPLICATION_ID`), or an
older file of this bot made before the id existed (it has our ``schema_migrations``): the caller
stamps those two. Everything else raises :class:`StorageError`, whose text is one French line
naming the file and the problem (a directory, a missing or unwritable location, a truncated or
damaged file, a file that is not a SQLite database, or the database of another application).
``backup(source, target)`` copies a live database consistently (SQLite's online backup).
"""

from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from urllib.parse import quote

import aiosqlite

#: Written in the header of every database of the bot ("PCOM").
APPLICATION_ID = 0x50434F4D
MAGIC = b"SQLite format 3\x00"
#: Larger files get the header and schema checks only (PRAGMA quick_check reads every page).
QUICK_CHECK_LIMIT = 256 * 1024 * 1024

NEW, OURS, LEGACY = "new", "ours", "legacy"


class StorageError(Exception):
    """The database file cannot be used; ``str()`` is the one line shown to the person running the bot."""

    def __init__(self, path: str | os.PathLike, problem: str) -> None:
        self.path = str(path)
        self.problem = problem = " ".join(problem.split())  # one line, whatever SQLite said
        untouched = " Le fichier n'a pas été modifié." if Path(path).is_file() else ""
        super().__init__(f"Base de données {self.path} : {problem}.{untouched}")


def inspect(path: str | os.PathLike) -> str:
    """:data:`NEW`, :data:`OURS` or :data:`LEGACY`; raise :class:`StorageError` for anything else."""
    file = Path(path)
    if file.is_dir():
        raise StorageError(file, "c'est un dossier, pas un fichier")
    if not file.exists():
        _check_location(file)
        return NEW
    if not os.access(file, os.R_OK):
        raise StorageError(file, "illisible (droits d'accès insuffisants)")
    if not os.access(file, os.W_OK):
        raise StorageError(file, "en lecture seule : le bot doit pouvoir y écrire")
    if not os.access(file.parent, os.W_OK | os.X_OK):
        raise StorageError(file, f"impossible d'écrire dans le dossier {file.parent} (journal de la base)")
    size = file.stat().st_size
    if size == 0:
        return NEW
    _check_header(file, size)
    return _check_content(file, size)


def _check_location(file: Path) -> None:
    parent = file.parent
    if parent.exists():
        if not parent.is_dir():
            raise StorageError(file, f"{parent} n'est pas un dossier")
        if not os.access(parent, os.W_OK | os.X_OK):
            raise StorageError(file, f"impossible de créer le fichier : pas le droit d'écrire dans {parent}")
        return
    # the bot creates the last folder (data/ on a fresh copy), not a whole missing path (a typo, an unmounted disk)
    if not parent.parent.is_dir():
        raise StorageError(file, f"le dossier {parent.parent} n'existe pas")
    if not os.access(parent.parent, os.W_OK | os.X_OK):
        raise StorageError(file, f"impossible de créer le dossier {parent} : pas le droit d'écrire dans {parent.parent}")


def _check_header(file: Path, size: int) -> None:
    with file.open("rb") as handle:
        head = handle.read(100)
    if len(head) < 100 or not head.startswith(MAGIC):
        raise StorageError(file, "ce n'est pas une base SQLite (fichier abîmé ou d'un autre format)")
    page_size = int.from_bytes(head[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        raise StorageError(file, "en-tête abîmé (taille de page invalide)")
    pages = int.from_bytes(head[28:32], "big")
    header_valid = head[24:28] == head[92:96]  # the page count is valid when both change counters agree
    if size % page_size or (header_valid and size < pages * page_size):
        expected = f" au lieu de {pages * page_size}" if header_valid else ""
        raise StorageError(file, f"fichier tronqué ({size} octets{expected})")


def _check_content(file: Path, size: int) -> str:
    # without a WAL journal to read, "immutable" opens the file without creating one next to it
    journal = Path(str(file) + "-wal").exists()
    uri = f"file:{quote(str(file.resolve()))}?mode=ro" + ("" if journal else "&immutable=1")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=2)
    except sqlite3.Error as error:
        raise StorageError(file, f"impossible de l'ouvrir ({error})") from None
    try:
        application_id = conn.execute("PRAGMA application_id").fetchone()[0]
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if size <= QUICK_CHECK_LIMIT:
            verdict = conn.execute("PRAGMA quick_check(1)").fetchone()[0]
            if verdict != "ok":
                raise StorageError(file, f"fichier abîmé ({verdict})")
        ours = application_id == APPLICATION_ID or (application_id == 0 and _has_our_migrations(conn, tables))
    except sqlite3.OperationalError as error:
        if "locked" in str(error) or "busy" in str(error):
            raise StorageError(file, f"verrouillée par un autre programme ({error})") from None
        raise StorageError(file, f"fichier abîmé ({error})") from None
    except sqlite3.DatabaseError as error:
        raise StorageError(file, f"fichier abîmé ({error})") from None
    finally:
        conn.close()
    if application_id == APPLICATION_ID:
        return OURS
    if ours:
        return LEGACY
    if application_id != 0:
        raise StorageError(file, f"appartient à une autre application (application_id {application_id:#x}) : le bot n'y écrit rien")
    if tables:
        names = ", ".join(sorted(tables)[:4]) + ("…" if len(tables) > 4 else "")
        raise StorageError(file, f"appartient à une autre application (tables : {names}) : le bot n'y écrit rien")
    return NEW


def _has_our_migrations(conn: sqlite3.Connection, tables: set[str]) -> bool:
    """A file of this bot made before the application id: our migration table and our first migration."""
    if "schema_migrations" not in tables:
        return False
    row = conn.execute("SELECT name FROM schema_migrations WHERE version = 1").fetchone()
    return row is not None and row[0] == "0001_foundation.sql"


async def backup(source: str | os.PathLike, target: str | os.PathLike) -> int:
    """Copy the database ``source`` (possibly in use by the running bot) to the new file ``target``
    with SQLite's online backup, in one step, so the copy is one consistent state; return its size.
    ``source`` is only read; ``target`` appears complete or not at all."""
    source, target = Path(source), Path(target)
    if inspect(source) == NEW:
        raise StorageError(source, "n'existe pas ou est vide : rien à sauvegarder")
    if target.exists():
        raise StorageError(target, "existe déjà : choisissez un nouveau nom de sauvegarde")
    if not target.parent.is_dir() or not os.access(target.parent, os.W_OK | os.X_OK):
        raise StorageError(target, f"impossible d'écrire dans le dossier {target.parent}")
    handle, partial = tempfile.mkstemp(prefix=target.name + ".", suffix=".partiel", dir=target.parent)
    os.close(handle)
    try:
        async with aiosqlite.connect(f"file:{quote(str(source.resolve()))}?mode=ro", uri=True) as src, \
                aiosqlite.connect(partial) as dst:
            await src.backup(dst, pages=-1)  # all pages in one step: one read transaction, one state
        if inspect(partial) != OURS:
            raise StorageError(target, "la copie ne se relit pas correctement")
        os.replace(partial, target)
    finally:
        if os.path.exists(partial):
            os.unlink(partial)
    return target.stat().st_size
