"""Several ``passerelle run`` processes in webhook mode behind a round-robin dispatcher, for the proof of
issue 12 (``tests/test_cluster_proof.py``).

- :class:`Dispatcher`: a tiny load balancer on 127.0.0.1. Each update the emulator POSTs goes to the next
  instance in turn (an instance that does not answer is skipped, as Caddy's ``lb_try_duration`` does);
  it records which instance accepted each update.
- :class:`Instance`: one real ``passerelle run`` process (its own PASSERELLE_LISTEN port), started,
  stopped, or killed with SIGKILL; its ``/healthz`` and the updates it has handled (``/metrics``).
- :class:`ClusterChat`: people writing to the bot through the emulator's webhook delivery (the
  :class:`devtools.localchat.Person` API: ``send``, ``press``, ``last``); each update returns once the
  instance that got it has handled it (its ``passerelle_updates_total`` counts it).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import os
import signal
import socket
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from typing import Any, Callable

from bot.httpserver import Request, SmallServer, post_json, response
from devtools.localapi import LocalBotAPI
from devtools.localchat import Person

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAClusterProofToken_abcdefghijk"
SECRET = "secret-du-webhook-de-la-preuve-0123"
PATH = "/telegram"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_get(url: str, timeout: float = 5) -> tuple[int, bytes]:
    """A GET (status, body); status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (OSError, ValueError):
        return 0, b""


async def wait_for(predicate: Callable[[], Any], what: str, seconds: float, step: float = 0.05) -> Any:
    """Poll ``predicate`` (plain or async) until it is true; AssertionError naming ``what`` after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        found = predicate()
        if asyncio.iscoroutine(found):
            found = await found
        if found:
            return found
        if time.monotonic() > deadline:
            raise AssertionError(f"au bout de {seconds:.0f} s, toujours pas : {what}")
        await asyncio.sleep(step)


class Dispatcher(SmallServer):
    """Round-robin between the instances' webhook ports; ``record`` holds (update id, instance index)."""

    def __init__(self, ports: list[int]) -> None:
        super().__init__("127.0.0.1", 0)
        self.ports = ports
        self._turn = itertools.count()
        self.record: list[tuple[int, int]] = []
        self.accepted: Counter[int] = Counter()
        self.skipped = 0  # tries on an instance that did not answer
        self.refused: Counter[int] = Counter()  # answers other than 200 (503: the database is known to be down), by instance

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{PATH}"

    async def answer(self, request: Request) -> bytes:
        if request.method != "POST" or request.target != PATH:
            return response(404, b'{"error": "not found"}')
        headers = {"X-Telegram-Bot-Api-Secret-Token": request.headers.get("x-telegram-bot-api-secret-token", "")}
        status = 502
        for _ in self.ports:
            index = next(self._turn) % len(self.ports)
            try:
                status = await post_json(f"http://127.0.0.1:{self.ports[index]}{PATH}", request.body, headers, timeout=5)
            except (OSError, asyncio.TimeoutError, ValueError, IndexError):
                self.skipped += 1
                continue
            if status == 200:
                self.record.append((json.loads(request.body)["update_id"], index))
                self.accepted[index] += 1
            else:
                self.refused[index] += 1
            break
        return response(status, b"{}")

    def handled_by(self, update_id: int) -> int | None:
        return next((index for uid, index in self.record if uid == update_id), None)


class Instance:
    """One ``passerelle run`` process in webhook mode (output in ``<workdir>/instance<index>.log``)."""

    def __init__(self, index: int, workdir: Path, env: dict[str, str]) -> None:
        self.index, self.workdir, self.port = index, workdir, free_port()
        self.env = {**env, "PASSERELLE_LISTEN": f"127.0.0.1:{self.port}"}
        self.process: asyncio.subprocess.Process | None = None
        self.log_path = workdir / f"instance{index}.log"

    @property
    def name(self) -> str:
        """How the broadcast lease names this instance (bot/broadcast/sender.py)."""
        return f"{socket.gethostname()}/127.0.0.1:{self.port}"

    async def start(self) -> None:
        with open(self.log_path, "ab") as output:
            self.process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=self.env,
                                                                stdout=output, stderr=asyncio.subprocess.STDOUT)

    async def healthy(self, seconds: float) -> None:
        def up() -> bool:
            if self.process is not None and self.process.returncode is not None:
                raise AssertionError(f"l'instance {self.index} s'est arrêtée au démarrage :\n{self.log_tail()}")
            return self.health()[0] == 200

        await wait_for(lambda: asyncio.to_thread(up), f"l'instance {self.index} répond 200 sur /healthz\n{self.log_tail()}", seconds, 0.1)

    def health(self) -> tuple[int, dict]:
        status, body = http_get(f"http://127.0.0.1:{self.port}/healthz")
        return status, json.loads(body) if status else {}

    def metrics(self) -> str:
        status, body = http_get(f"http://127.0.0.1:{self.port}/metrics")
        return body.decode() if status == 200 else ""

    def handled(self) -> int:
        """Updates this instance has finished handling (state written), from its /metrics."""
        return sum(int(line.rsplit(" ", 1)[1]) for line in self.metrics().splitlines() if line.startswith("passerelle_updates_total{"))

    @property
    def alive(self) -> bool:
        return self.process is not None and self.process.returncode is None

    def kill(self) -> None:
        """SIGKILL, right now (synchronous: may be called from the emulator's fault hook)."""
        if self.alive:
            os.kill(self.process.pid, signal.SIGKILL)

    async def stop(self) -> None:
        """Stop cleanly (SIGTERM), or kill after 20 s; never leaves the process behind."""
        if self.process is None:
            return
        if self.process.returncode is None:
            self.process.terminate()
            try:
                await asyncio.wait_for(self.process.wait(), 20)
            except asyncio.TimeoutError:
                self.process.kill()
                await self.process.wait()

    def log_tail(self, lines: int = 25) -> str:
        text = self.log_path.read_text(errors="replace") if self.log_path.exists() else ""
        return f"--- instance {self.index} ---\n" + "\n".join(text.splitlines()[-lines:])


def instance_env(emulator_port: int, database: str, config: Path, webhook_url: str) -> dict[str, str]:
    """The environment of every instance: same token, database, secrets and webhook address."""
    return {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{emulator_port}/bot",
            "TELEGRAM_API_FILE_URL": f"http://127.0.0.1:{emulator_port}/file/bot", "PASSERELLE_DB": database,
            "PASSERELLE_SECRET": "preuve", "PASSERELLE_CONFIG": str(config), "PASSERELLE_WEBHOOK_URL": webhook_url,
            "PASSERELLE_WEBHOOK_SECRET": SECRET}


class ClusterChat:
    """Feeds updates through the emulator's webhook delivery; ``person()`` gives a :class:`Person`."""

    def __init__(self, api: LocalBotAPI, dispatcher: Dispatcher, instances: list[Instance], seconds: float = 30) -> None:
        self.api, self.dispatcher, self.instances, self.seconds = api, dispatcher, instances, seconds
        self._before: dict[int, tuple[int, int]] = {}  # instance index → (pid, updates accepted by its earlier processes)

    def person(self, user_id: int, first_name: str = "Camille") -> Person:
        return Person(self, self.api.user(user_id, first_name))

    async def feed(self, update: dict[str, Any]) -> None:
        """Queue the update; return when the instance that accepted it has handled it."""
        self.api.push_update(update)
        uid = update["update_id"]
        await wait_for(lambda: self.dispatcher.handled_by(uid) is not None, f"la mise à jour {uid} livrée par webhook", self.seconds)
        index = self.dispatcher.handled_by(uid)
        instance = self.instances[index]
        pid, before = self._before.get(index, (None, 0))
        if pid != instance.process.pid:  # a restarted instance counts from zero again
            before = self.dispatcher.accepted[index] - 1 if pid is not None else before
            self._before[index] = (instance.process.pid, before)
        wanted = self.dispatcher.accepted[index] - before
        await wait_for(lambda: asyncio.to_thread(lambda: instance.handled() >= wanted),
                       f"la mise à jour {uid} traitée par l'instance {index}\n{instance.log_tail()}", self.seconds)
