"""The kill -9 scenario: ``passerelle run`` killed several times during a broadcast, restarted each time.

Used by ``tests/test_advisors_broadcast_crash.py`` and ``bench/bench_crash.py``. The bot runs as a real
process talking HTTP to the emulator (:mod:`devtools.httpapi`) in this process. When the emulator
receives the n-th announcement (``kill_at``), it kills the process with SIGKILL on the spot: on odd
kills the request is still processed (the person got the message but the bot never learnt it: the
ambiguous case), on even kills it is not. Figures: people who never got the announcement (lost) and
extra copies, per restart.
"""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from devtools.httpapi import HTTPEmulator
from devtools.localapi import BotAPIError

ROOT = Path(__file__).resolve().parent.parent
ADVISOR = 2001
TEXT = "Nouvelles offres en alternance (test d'arrêt brutal)"


@dataclass
class Figures:
    recipients: int
    workers: int
    kills: int = 0
    lost: int = 0
    duplicates_per_restart: list[int] = field(default_factory=list)
    duplicates_without_restart: int = 0
    finished: bool = False
    report_sent: bool = False
    seconds: float = 0.0

    @property
    def duplicates(self) -> int:
        return sum(self.duplicates_per_restart) + self.duplicates_without_restart


async def seed(ctx, recipients: int) -> tuple[list[int], object]:
    """``recipients`` young people of the Hauts-de-France (region 32) with alerts on, and the advisor
    :data:`ADVISOR` of that region; their chat ids and the advisor's role."""
    from bot import roles

    ids = list(range(50_000, 50_000 + recipients))
    now = ctx.clock.timestamp()
    await ctx.db.executemany(
        "INSERT INTO users(chat_id, first_name, created_at, last_seen_at, region, alerts_enabled) VALUES (?, ?, ?, ?, '32', 1)",
        [(i, f"Jeune{i}", now, now) for i in ids])
    role = await roles.grant(ctx, None, chat_id=ADVISOR, kind="advisor", region="32",
                             organisation="Mission Locale de Lille", network="mission_locale", display_name="Samir")
    return ids, role


async def prepare(workdir: Path, recipients: int, rate: float) -> tuple[dict[str, str], list[int]]:
    """A database with ``recipients`` subscribed young people and one pending broadcast; the environment."""
    from bot.app import build_context
    from bot.config import load_settings
    from storage import broadcasts

    config = workdir / "config.yaml"
    config.write_text(f"broadcast:\n  messages_per_second: {rate}\ntelegram:\n  overall_per_second: 1000\n", encoding="utf-8")
    env = {"PASSERELLE_DB": str(workdir / "crash.db"), "PASSERELLE_SECRET": "crash", "PASSERELLE_CONFIG": str(config)}
    ctx = await build_context(load_settings(config, env=env))
    try:
        ids, role = await seed(ctx, recipients)
        now = ctx.clock.timestamp()
        await broadcasts.create(ctx.db, kind="message", event_id=None, text=TEXT, markup=None, title="Test", region="32",
                                branches=[], joint=False, scope="regional", created_by=role.id, now=now,
                                progress_chat_id=ADVISOR)
    finally:
        await ctx.log.close()
        await ctx.db.close()
    return env, ids


async def kill_scenario(workdir: Path, recipients: int = 300, kill_at: tuple[int, ...] = (15, 70, 130, 190, 250),
                        rate: float = 150, timeout: float = 60) -> Figures:
    """Run the scenario in ``workdir``; return the figures (see the module)."""
    from bot.broadcast.sender import WORKERS

    started = time.monotonic()
    env, ids = await prepare(workdir, recipients, rate)
    wanted = set(ids)
    emulator = HTTPEmulator()
    await emulator.start()
    for chat_id in ids:
        emulator.api.user(chat_id, f"Jeune{chat_id}")
    state = {"run": 0, "seen": 0, "pid": None}
    deliveries: list[tuple[int, int]] = []  # (run, chat id) of every announcement the emulator accepted
    kills = list(kill_at)

    def fault(method: str, params: dict) -> BotAPIError | None:
        if method != "sendMessage" or int(params.get("chat_id", 0)) not in wanted:
            return None
        state["seen"] += 1
        if kills and state["seen"] >= kills[0] and state["pid"]:
            kills.pop(0)
            os.kill(state["pid"], signal.SIGKILL)
            state["pid"] = None
            if (len(kill_at) - len(kills)) % 2 == 0:  # even kills: the request dies with the process
                return BotAPIError(500, "Internal Server Error")
        deliveries.append((state["run"], int(params["chat_id"])))
        return None

    emulator.api.fault = fault
    full_env = {**os.environ, **env, "TELEGRAM_BOT_TOKEN": "123456789:AAcrashScenarioToken_abcdefghijk",
                "TELEGRAM_API_BASE_URL": emulator.base_url, "TELEGRAM_API_FILE_URL": f"http://127.0.0.1:{emulator.port}/file/bot"}
    figures = Figures(recipients, WORKERS)
    log = open(workdir / "bot.log", "ab")
    try:
        for run in range(len(kill_at) + 1):
            state["run"] = run
            process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=full_env,
                                                           stdout=log, stderr=log)
            state["pid"] = process.pid
            deadline = time.monotonic() + timeout
            while process.returncode is None and time.monotonic() < deadline:
                if run == len(kill_at) and _report_sent(emulator):
                    break
                await asyncio.sleep(0.02)
            if process.returncode is None and state["pid"] is not None and run < len(kill_at):
                raise AssertionError(f"le processus n'a pas été tué (passage {run}, {state['seen']} envois)")
            if run < len(kill_at):
                await asyncio.wait_for(process.wait(), timeout=10)
                figures.kills += 1
            else:
                process.terminate()
                await asyncio.wait_for(process.wait(), timeout=20)
    finally:
        log.close()
        await emulator.stop()
    got: dict[int, int] = {}
    per_run = [0] * (len(kill_at) + 1)
    for run, chat_id in deliveries:
        if got.get(chat_id):
            per_run[run] += 1
        got[chat_id] = got.get(chat_id, 0) + 1
    figures.lost = sum(1 for i in ids if not got.get(i))
    figures.duplicates_per_restart = per_run[1:]
    figures.duplicates_without_restart = per_run[0]
    figures.report_sent = _report_sent(emulator)
    figures.finished = await _finished(env["PASSERELLE_DB"])
    figures.seconds = time.monotonic() - started
    return figures


def _report_sent(emulator: HTTPEmulator) -> bool:
    return any("Diffusion terminée" in m.get("text", "") for m in emulator.api.bot_messages(ADVISOR))


async def _finished(path: str) -> bool:
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT status FROM broadcasts").fetchone()[0] == "done"
    finally:
        conn.close()
