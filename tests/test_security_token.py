"""The token never reaches a log or the terminal, even in tracebacks, and an unreachable or refusing
Bot API server ends `passerelle run` with a clear French message (no hang, no raw traceback)."""

from __future__ import annotations

import asyncio
import io
import logging
import os
import socket
import sys
from pathlib import Path

from telegram import Bot

from devtools.httpapi import HTTPEmulator
from devtools.localapi import BotAPIError
from bot.logs import RedactToken

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456789:AAHsecretTOKENvalue_abcdefghij"


def test_redaction_covers_messages_tracebacks_and_chained_exceptions():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactToken())
    log = logging.getLogger("test.token")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning("appel de https://api.telegram.org/bot%s/getMe", TOKEN)
        log.warning("application : %r", Bot(TOKEN))  # python-telegram-bot's repr shows the bare token
        try:
            try:
                raise ValueError(f"Client error '404 Not Found' for url 'https://api.telegram.org/bot{TOKEN}/getMe'")
            except ValueError as error:
                raise RuntimeError(f"jeton refusé : {TOKEN}") from error
        except RuntimeError:
            log.exception("échec")
        log.error("pile", stack_info=True, extra={})
    finally:
        log.removeHandler(handler)
    output = stream.getvalue()
    assert TOKEN not in output and TOKEN.split(":")[1] not in output, output
    assert "jeton masqué" in output and "RuntimeError" in output and "ValueError" in output and "404 Not Found" in output


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]  # closed again: nothing listens there


async def _run(tmp_path, base_url: str) -> tuple[int, str]:
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": base_url,
           "PASSERELLE_DB": str(tmp_path / "run.db"), "PASSERELLE_SECRET": "s"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    try:
        out, err = await asyncio.wait_for(process.communicate(), timeout=15)
    except asyncio.TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("passerelle run ne s'arrête pas quand le serveur est injoignable") from None
    return process.returncode, out.decode() + err.decode()


async def test_unreachable_server_stops_cleanly_without_the_token(tmp_path):
    code, output = await _run(tmp_path, f"http://127.0.0.1:{_free_port()}/bot")
    assert code == 1, output
    assert "Impossible de joindre l'API Bot" in output and "Traceback" not in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output


async def test_refused_token_stops_cleanly_without_the_token(tmp_path):
    emulator = HTTPEmulator()
    emulator.api.fault = lambda method, params: BotAPIError(401, "Unauthorized")
    await emulator.start()
    try:
        code, output = await _run(tmp_path, emulator.base_url)
    finally:
        await emulator.stop()
    assert code == 1, output
    assert "InvalidToken" in output and "Traceback" not in output
    assert TOKEN not in output and TOKEN.split(":")[1] not in output
