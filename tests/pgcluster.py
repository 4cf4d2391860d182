"""A throwaway PostgreSQL cluster for the tests: initdb in a temporary folder, a free port, stopped at the end.

The server refuses to run as root: when the tests run as root (CI, development machines) it runs as the
unprivileged ``postgres`` user (``runuser -u postgres --``). Each test gets a fresh database copied from
a template that already holds every migration (CREATE DATABASE … TEMPLATE: a few milliseconds).
"""

from __future__ import annotations

import itertools
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

INSTALL_HINT = (
    "PostgreSQL 15 introuvable (initdb, pg_ctl, postgres) : installez-le (apt-get install postgresql-15, "
    "puis ajoutez /usr/lib/postgresql/15/bin au PATH) pour lancer les tests sur PostgreSQL"
)
TEMPLATE = "passerelle_template"


def binaries_found() -> bool:
    return all(shutil.which(name) for name in ("initdb", "pg_ctl", "postgres"))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Cluster:
    """One running server; ``url(name)`` is the address of one of its databases."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="passerelle-pg-"))
        self.data = self.folder / "data"
        self.port = _free_port()
        self.runas: list[str] = []
        if os.geteuid() == 0:
            import pwd

            user = pwd.getpwnam("postgres")
            os.chown(self.folder, user.pw_uid, user.pw_gid)
            self.runas = ["runuser", "-u", "postgres", "--"]
        self._names = itertools.count(1)

    def _run(self, *command: str) -> None:
        subprocess.run([*self.runas, *command], check=True, capture_output=True, timeout=120)

    def start(self) -> "Cluster":
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self.resume()
        return self

    def resume(self) -> None:
        """Start the server (again)."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
            " -c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB"
        )
        self._run("pg_ctl", "-D", str(self.data), "-o", options, "-l", str(self.folder / "log"), "-w", "start")

    def pause(self) -> None:
        """Stop the server, keeping its data (:meth:`resume` starts it again)."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self) -> bool:
        return subprocess.run([*self.runas, "pg_ctl", "-D", str(self.data), "status"], capture_output=True, timeout=30).returncode == 0

    def stop(self) -> None:
        """Stop the server (unless a test paused it and failed before resuming it) and delete its folder."""
        try:
            if self.running():
                self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "stop")
        finally:
            shutil.rmtree(self.folder, ignore_errors=True)

    def url(self, name: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{name}"

    async def create_template(self) -> None:
        """The template database, with every migration applied (copied for each test)."""
        from storage.db import Database

        await self.sql(f"CREATE DATABASE {TEMPLATE}")
        db = await Database.open(self.url(TEMPLATE))
        await db.close()

    async def fresh(self, template: str = TEMPLATE) -> str:
        """A new database copied from the migrated template; its address."""
        name = f"t{next(self._names)}"
        await self.sql(f"CREATE DATABASE {name} TEMPLATE {template}")
        return self.url(name)

    async def drop(self, url: str) -> None:
        await self.sql(f"DROP DATABASE IF EXISTS {url.rsplit('/', 1)[1]} WITH (FORCE)")

    async def sql(self, statement: str) -> None:
        import asyncpg

        conn = await asyncpg.connect(self.url())
        try:
            await conn.execute(statement)
        finally:
            await conn.close()
