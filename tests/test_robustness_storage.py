"""Bad storage is a clear error, never a hang: every command prints one French line and leaves the file alone.

Each case runs the real ``passerelle`` command in a subprocess with a timeout (a hang fails the test);
the cases run side by side to keep the suite fast. Also: the bot's files are marked
(``PRAGMA application_id``), older files of the bot are accepted and marked, and ``passerelle backup``
makes a consistent copy of a database that is being written.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from bot.cli import main
from storage import sqlite_file
from storage.db import Database, StorageError

ROOT = Path(__file__).resolve().parent.parent
LIMIT = 90  # seconds: a hang detector (a hang is forever); each case takes 1 to 3 s on an idle machine,
# most of it Python's start-up, but the CI and the shared development machine can be many times slower
#: root without capabilities is subject to file permissions like anyone
DROP_PRIVILEGES = ["setpriv", "--inh-caps=-all", "--bounding-set=-all", "--"]


async def passerelle(db: Path, *args: str, unprivileged: bool = False) -> tuple[int, str, float]:
    """Run ``passerelle ARGS`` on the database ``db``: (exit code, stderr, seconds); killed after LIMIT."""
    env = {**os.environ, "PASSERELLE_DB": str(db), "PASSERELLE_SECRET": "s", "TELEGRAM_BOT_TOKEN": "1:AAtest",
           "TELEGRAM_API_BASE_URL": "http://127.0.0.1:9/bot"}
    started = time.monotonic()
    prefix = DROP_PRIVILEGES if unprivileged and os.geteuid() == 0 else []  # root writes everywhere
    process = await asyncio.create_subprocess_exec(
        *prefix, sys.executable, "-m", "bot.cli", *args, cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        _, err = await asyncio.wait_for(process.communicate(), timeout=LIMIT)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError(f"passerelle {' '.join(args)} sur {db} ne s'arrête pas (> {LIMIT} s)") from None
    return process.returncode, err.decode(), time.monotonic() - started


async def bot_database(path: Path, rows: int = 400) -> Path:
    """A real database of the bot, a few pages long."""
    db = await Database.open(path)
    await db.executemany("INSERT INTO users(chat_id, first_name, created_at, last_seen_at) VALUES (?, ?, 0, 0)",
                         [(i, f"Prénom {i} " + "x" * 40) for i in range(1, rows)])
    await db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    await db.close()
    for suffix in ("-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    return path


def foreign_database(path: Path, application_id: int) -> Path:
    """The SQLite file of another application (a customer table, some rows)."""
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {application_id}")
    conn.execute("CREATE TABLE clients(id INTEGER PRIMARY KEY, nom TEXT)")
    conn.execute("INSERT INTO clients(nom) VALUES ('Dupont')")
    conn.commit()
    conn.close()
    return path


def snapshot(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


async def bad_files(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    """name -> (database path, words the error must contain)."""
    cases: dict[str, tuple[Path, str]] = {}
    junk = tmp_path / "junk.db"
    junk.write_bytes(os.urandom(6000))
    cases["junk"] = (junk, "pas une base SQLite")
    truncated = await bot_database(tmp_path / "truncated.db")
    data = truncated.read_bytes()
    truncated.write_bytes(data[: len(data) // 2 // 4096 * 4096])
    cases["truncated"] = (truncated, "tronqué")
    cut = await bot_database(tmp_path / "cut.db")
    cut.write_bytes(cut.read_bytes()[:-1000])
    cases["cut"] = (cut, "tronqué")
    damaged = await bot_database(tmp_path / "damaged.db")
    data = bytearray(damaged.read_bytes())
    data[4096 + 200: 4096 * 3] = os.urandom(4096 * 2 - 200)  # pages 2 and 3: the schema and the first tables
    damaged.write_bytes(bytes(data))
    cases["damaged"] = (damaged, "abîmé")
    folder = tmp_path / "folder.db"
    folder.mkdir()
    cases["directory"] = (folder, "dossier")
    cases["missing location"] = (tmp_path / "absent" / "data" / "bot.db", "n'existe pas")
    cases["other application"] = (foreign_database(tmp_path / "other.db", 0), "autre application")
    cases["other application id"] = (foreign_database(tmp_path / "stamped.db", 1234), "autre application")
    return cases


async def test_bad_storage_is_one_french_line_fast_and_the_file_is_untouched(tmp_path):
    cases = await bad_files(tmp_path)
    before = {name: snapshot(path) for name, (path, _) in cases.items()}
    results = await asyncio.gather(*(passerelle(path, "run") for path, _ in cases.values()))
    for (name, (path, words)), (code, err, seconds) in zip(cases.items(), results):
        lines = [line for line in err.splitlines() if line.strip()]
        assert code != 0, name
        assert len(lines) == 1 and "Traceback" not in err, f"{name}: {err}"
        assert str(path) in lines[0] and words in lines[0], f"{name}: {lines[0]}"
        assert lines[0].startswith("Base de données"), lines[0]
        assert snapshot(path) == before[name], f"{name}: le fichier a été modifié"
        assert not Path(str(path) + "-wal").exists() and not Path(str(path) + "-journal").exists(), name
    assert not (tmp_path / "absent").exists()


async def test_every_command_refuses_a_damaged_file_the_same_way(tmp_path):
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + os.urandom(8000))
    before = junk.read_bytes()
    csv = tmp_path / "actions.csv"
    csv.write_text("titre;date\nAtelier;12/03/2027 14:00\n", encoding="utf-8")
    commands = [("run",), ("stats",), ("backup", str(tmp_path / "copie.db")), ("qr", "evt_1"),
                ("import-events", str(csv), "--dry-run")]
    results = await asyncio.gather(*(passerelle(junk, *command) for command in commands))
    for command, (code, err, _) in zip(commands, results):
        lines = [line for line in err.splitlines() if line.strip()]
        assert code != 0 and len(lines) == 1 and str(junk) in lines[0], (command, err)
    assert junk.read_bytes() == before
    assert not (tmp_path / "copie.db").exists()


async def test_an_unwritable_location_is_refused(tmp_path):
    """The folder is read-only: the bot cannot create the file (nor its WAL journal next to an existing one)."""
    (tmp_path / "ro").mkdir()
    existing = await bot_database(tmp_path / "ro" / "bot.db")
    (tmp_path / "ro").chmod(0o555)
    existing.chmod(0o444)
    before = existing.read_bytes()
    if os.geteuid() == 0 and shutil.which("setpriv") is None:
        pytest.skip("root sans setpriv : les droits des fichiers ne s'appliquent pas")
    results = await asyncio.gather(passerelle(existing, "run", unprivileged=True),
                                   passerelle(tmp_path / "ro" / "new.db", "run", unprivileged=True))
    for code, err, _ in results:
        lines = [line for line in err.splitlines() if line.strip()]
        assert code != 0 and len(lines) == 1, err
        assert "lecture seule" in lines[0] or "pas le droit d'écrire" in lines[0], lines[0]
    assert existing.read_bytes() == before
    assert not (tmp_path / "ro" / "new.db").exists()


async def test_our_files_are_marked_and_older_bot_files_are_accepted(tmp_path):
    db = await Database.open(tmp_path / "new.db")
    assert await db.scalar("PRAGMA application_id") == sqlite_file.APPLICATION_ID
    await db.close()
    # a database made by an earlier version of the bot: our migrations, no application id yet
    old = await bot_database(tmp_path / "old.db")
    conn = sqlite3.connect(old)
    conn.execute("PRAGMA application_id = 0")
    conn.commit()
    conn.close()
    assert sqlite_file.inspect(old) == sqlite_file.LEGACY
    db = await Database.open(old)
    assert await db.scalar("PRAGMA application_id") == sqlite_file.APPLICATION_ID
    assert await db.scalar("SELECT COUNT(*) FROM users") == 399
    await db.close()
    assert sqlite_file.inspect(old) == sqlite_file.OURS
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, name TEXT)").connection.close()
    with pytest.raises(StorageError, match="autre application"):
        await Database.open(other)


async def test_backup_is_a_consistent_copy_of_a_database_being_written(tmp_path):
    db = await Database.open(tmp_path / "live.db")
    await db.executemany("INSERT INTO users(chat_id, created_at, last_seen_at) VALUES (?, 0, 0)", [(i,) for i in range(1, 2001)])
    writing = True

    async def writer():
        chat_id = 10_000
        while writing:  # transactions of 50 rows: a consistent copy never holds part of one
            async with db.transaction() as conn:
                await conn.executemany("INSERT INTO users(chat_id, created_at, last_seen_at) VALUES (?, 0, 0)",
                                       [(chat_id + i,) for i in range(50)])
            chat_id += 50
            await asyncio.sleep(0)

    task = asyncio.create_task(writer())
    await asyncio.sleep(0.05)
    size = await sqlite_file.backup(tmp_path / "live.db", tmp_path / "copy.db")
    writing = False
    await task
    await db.close()
    assert size > 0
    conn = sqlite3.connect(tmp_path / "copy.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    count = conn.execute("SELECT COUNT(*) FROM users").fetchone()[0]
    conn.close()
    assert count >= 2000 and (count - 2000) % 50 == 0
    # restore: the copy is a database of the bot, usable as is
    restored = await Database.open(tmp_path / "copy.db")
    assert await restored.scalar("SELECT COUNT(*) FROM users") == count
    await restored.close()
    with pytest.raises(StorageError, match="existe déjà"):
        await sqlite_file.backup(tmp_path / "live.db", tmp_path / "copy.db")


def test_backup_command(tmp_path, capsys, monkeypatch):
    asyncio.run(bot_database(tmp_path / "bot.db"))
    monkeypatch.setenv("PASSERELLE_DB", str(tmp_path / "bot.db"))
    monkeypatch.setenv("PASSERELLE_SECRET", "s")
    assert main(["backup", str(tmp_path / "sauvegarde.db")]) == 0
    assert "sauvegarde.db" in capsys.readouterr().out
    assert sqlite_file.inspect(tmp_path / "sauvegarde.db") == sqlite_file.OURS
    assert main(["backup", str(tmp_path / "sauvegarde.db")]) == 3
    assert "existe déjà" in capsys.readouterr().err
