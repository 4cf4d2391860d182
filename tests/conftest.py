"""Shared fixtures: a bot on the in-process emulator, people who type and press buttons, a movable clock."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import os
import sys
import threading
from pathlib import Path

import pytest

from bot.app import build_context, shutdown
from bot.catalogue import load_catalogue
from bot.clock import PARIS, FrozenClock
from bot.config import load_settings
from devtools.localapi import LocalBotAPI
from devtools.localchat import LocalChat, start_local_chat
from tests import pgcluster

ROOT = Path(__file__).resolve().parent.parent


def _daemon_sqlite_threads() -> None:
    """A test that fails before closing its database leaves an aiosqlite thread behind; a non-daemon
    thread keeps pytest from ever exiting (the whole run then hangs after its report). In the tests
    only, those threads do not hold the process."""
    import aiosqlite.core

    original = aiosqlite.core.Connection.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        self._thread.daemon = True

    aiosqlite.core.Connection.__init__ = init


_daemon_sqlite_threads()


@pytest.fixture(scope="session")
def catalogue():
    """The shipped content, loaded once."""
    return load_catalogue(ROOT / "content")


@pytest.fixture
def clock() -> FrozenClock:
    """Monday 1 March 2027, 10:00 in Paris; move it with ``clock.advance(hours=2)``."""
    return FrozenClock(dt.datetime(2027, 3, 1, 10, 0, tzinfo=PARIS))


@pytest.fixture(scope="session")
def pg_cluster():
    """One throwaway PostgreSQL server for the whole session (skipped, or failed under
    PASSERELLE_REQUIRE_PG=1 as in .ci/run, when the binaries are missing)."""
    if not pgcluster.binaries_found():
        if os.environ.get("PASSERELLE_REQUIRE_PG") == "1":
            pytest.fail(pgcluster.INSTALL_HINT + " (PASSERELLE_REQUIRE_PG=1 : obligatoires ici)")
        pytest.skip(pgcluster.INSTALL_HINT)
    cluster = pgcluster.Cluster().start()
    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:  # requested from inside a running event loop
            pool.submit(asyncio.run, cluster.create_template()).result()
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request, tmp_path):
    """The address of an empty, migrated database: a SQLite file, then a fresh PostgreSQL database."""
    if request.param == "sqlite":
        yield str(tmp_path / "test.db")
        return
    cluster = request.getfixturevalue("pg_cluster")
    url = await cluster.fresh()
    yield url
    await cluster.drop(url)


@pytest.fixture
def settings(tmp_path, database_url):
    return load_settings(
        ROOT / "config.yaml",
        env={"PASSERELLE_DB": database_url, "PASSERELLE_SECRET": "secret-de-test", "PASSERELLE_COORDINATORS": "900001"},
    )


class BotHarness(LocalChat):
    """A LocalChat that also remembers handler errors (a test fails if any is left unchecked)."""

    errors: list[BaseException]


async def make_bot(settings, clock, catalogue, api: LocalBotAPI | None = None) -> BotHarness:
    ctx = await build_context(settings, clock=clock, catalogue=catalogue, log_batch=1)
    chat = await start_local_chat(ctx, api)
    harness = BotHarness(chat.app, chat.api, ctx)
    harness.errors = []

    async def collect(update, context):
        harness.errors.append(context.error)

    chat.app.add_error_handler(collect)
    return harness


async def close_bot(harness: BotHarness) -> None:
    await shutdown(harness.app)


@pytest.fixture
async def bot(settings, clock, catalogue):
    """A fresh bot on an empty database; fails the test if a handler raised."""
    harness = await make_bot(settings, clock, catalogue)
    yield harness
    errors = list(harness.errors)
    await close_bot(harness)
    assert not errors, f"un handler a levé une exception : {errors!r}"


@pytest.fixture
def db(bot):
    return bot.ctx.db


def pytest_terminal_summary(terminalreporter):
    """One clear line when the PostgreSQL half of the suite could not run."""
    skipped = terminalreporter.stats.get("skipped", [])
    if any(pgcluster.INSTALL_HINT in str(getattr(report, "longrepr", "")) for report in skipped):
        terminalreporter.write_line(f"ATTENTION : tests PostgreSQL sautés. {pgcluster.INSTALL_HINT}.", yellow=True)


_EXIT = {"status": 0}


def pytest_sessionfinish(session, exitstatus):
    _EXIT["status"] = int(exitstatus)


def pytest_unconfigure(config):
    """A database connection a test forgot to close must never keep the run alive (CI would hang):
    name the leftover threads, then end the process with pytest's own exit status."""
    left = [t for t in threading.enumerate() if t is not threading.main_thread() and t.is_alive() and not t.daemon]
    if left:
        names = ", ".join(sorted({t.name for t in left}))
        print(f"\nATTENTION : {len(left)} fil(s) encore ouvert(s) en fin de tests ({names}) : connexion non fermée.", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_EXIT["status"])
