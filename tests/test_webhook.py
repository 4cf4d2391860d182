"""Webhook mode: `passerelle run` with PASSERELLE_WEBHOOK_URL registers the webhook with its secret, the
emulator delivers updates by POST, and the same port answers /healthz and /metrics, nothing else."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import sys
import urllib.error
import urllib.request
from pathlib import Path

from devtools.httpapi import HTTPEmulator

ROOT = Path(__file__).resolve().parent.parent
SECRET = "webhook-secret-de-test-0123456789"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http(url: str, data: bytes | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json", **(headers or {})})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


async def start_bot(emulator: HTTPEmulator, database: str, port: int, tmp_path: Path, name: str = "bot"):
    """`passerelle run` in webhook mode on ``port``; the process (its output in tmp_path/<name>.log)."""
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123456789:AAWebhookTokenValue_abcdefghijk", "TELEGRAM_API_BASE_URL": emulator.base_url,
           "TELEGRAM_API_FILE_URL": f"http://127.0.0.1:{emulator.port}/file/bot", "PASSERELLE_DB": database,
           "PASSERELLE_SECRET": "e2e", "PASSERELLE_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram",
           "PASSERELLE_WEBHOOK_SECRET": SECRET, "PASSERELLE_LISTEN": f"127.0.0.1:{port}", "PASSERELLE_COORDINATORS": "900001"}
    output = open(tmp_path / f"{name}.log", "wb")  # noqa: SIM115 (closed with the process)
    process = await asyncio.create_subprocess_exec(sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
                                                   stdout=output, stderr=asyncio.subprocess.STDOUT)
    process.output = output
    for _ in range(400):
        status, _ = await asyncio.to_thread(http, f"http://127.0.0.1:{port}/healthz") if await _listening(port) else (0, b"")
        if status == 200:
            return process
        await asyncio.sleep(0.05)
    raise AssertionError("le bot ne répond pas sur /healthz : " + (tmp_path / f"{name}.log").read_text())


async def _listening(port: int) -> bool:
    try:
        _, writer = await asyncio.open_connection("127.0.0.1", port)
    except OSError:
        return False
    writer.close()
    return True


async def stop_bot(process) -> str:
    if process.returncode is None:
        process.terminate()
        await asyncio.wait_for(process.wait(), timeout=20)
    process.output.close()
    return Path(process.output.name).read_text()


async def wait_for(predicate, what: str, tries: int = 400):
    for _ in range(tries):
        found = predicate()
        if found:
            return found
        await asyncio.sleep(0.05)
    raise AssertionError(f"jamais arrivé : {what}")


async def test_webhook_mode_serves_updates_health_and_metrics_only(tmp_path):
    emulator = HTTPEmulator()
    await emulator.start()
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    process = await start_bot(emulator, str(tmp_path / "webhook.db"), port, tmp_path)
    try:
        assert emulator.api.webhook == f"{base}/telegram" and emulator.api.webhook_secret == SECRET
        lina = emulator.api.user(555, "Lina")
        emulator.api.push_update(emulator.api.user_message(lina, "/start"))
        await wait_for(lambda: emulator.api.bot_messages(555), "la réponse à /start, livrée par webhook")
        assert "Lina" in emulator.api.bot_messages(555)[0]["text"]
        assert not any(c.method == "getUpdates" for c in emulator.api.calls)

        update = json.dumps(emulator.api.user_message(lina, "/aide")).encode()
        assert (await asyncio.to_thread(http, f"{base}/telegram", update))[0] == 403
        assert (await asyncio.to_thread(http, f"{base}/telegram", update, {"X-Telegram-Bot-Api-Secret-Token": "faux"}))[0] == 403
        assert (await asyncio.to_thread(http, f"{base}/telegram", b"{pas du json", {"X-Telegram-Bot-Api-Secret-Token": SECRET}))[0] == 400
        assert (await asyncio.to_thread(http, f"{base}/autre"))[0] == 404
        assert (await asyncio.to_thread(http, f"{base}/telegram"))[0] == 404  # GET on the webhook path

        status, body = await asyncio.to_thread(http, f"{base}/healthz")
        health = json.loads(body)
        assert status == 200 and health["database"] == "ok" and health["broadcasts_pending"] == 0 and health["last_update_at"]
        status, body = await asyncio.to_thread(http, f"{base}/metrics")
        text = body.decode()
        assert status == 200
        assert 'passerelle_updates_total{kind="message"} 1' in text
        assert 'passerelle_answer_seconds_bucket{le="+Inf"} 1' in text and "passerelle_errors_total 0" in text
        assert 'passerelle_deliveries{status="pending"} 0' in text and "passerelle_messages_sent_per_second 0.00" in text
    finally:
        log = await stop_bot(process)
        await emulator.stop()
    assert "secret faux" in log and "secret absent" in log
    assert "/aide" not in log and "pas du json" not in log  # refused requests are logged without their body
    assert "AAWebhookTokenValue" not in log


async def test_healthz_turns_503_when_postgresql_stops_and_200_when_it_is_back(tmp_path):
    """Its own small PostgreSQL server (the session's one is shared by the other tests), stopped and started."""
    import pytest

    from tests import pgcluster

    if not pgcluster.binaries_found():
        if os.environ.get("PASSERELLE_REQUIRE_PG") == "1":
            pytest.fail(pgcluster.INSTALL_HINT)
        pytest.skip(pgcluster.INSTALL_HINT)
    cluster = pgcluster.Cluster().start()
    emulator = HTTPEmulator()
    await emulator.start()
    port = free_port()
    process = None
    try:
        await cluster.sql("CREATE DATABASE passerelle")
        process = await start_bot(emulator, cluster.url("passerelle"), port, tmp_path)
        health = f"http://127.0.0.1:{port}/healthz"
        assert (await asyncio.to_thread(http, health))[0] == 200
        await asyncio.to_thread(cluster.pause)
        status, body = await asyncio.to_thread(http, health)
        assert status == 503 and json.loads(body)["database"] == "injoignable"
        await asyncio.to_thread(cluster.resume)
        await wait_for(lambda: http(health)[0] == 200, "/healthz de nouveau à 200", tries=100)
    finally:
        if process is not None:
            await stop_bot(process)
        await emulator.stop()
        cluster.stop()


async def test_metrics_name_the_one_time_jobs_such_as_reminders():
    """Found by the cluster proof: a reminder (a one-time job) is already gone from the scheduler when its
    run is announced, and /metrics counted it as « autre »."""
    from telegram.ext import ApplicationBuilder

    from bot.metrics import Metrics, count_jobs

    app = ApplicationBuilder().token("123:abc").updater(None).build()
    metrics = Metrics()
    count_jobs(app, metrics)
    ran = asyncio.Event()

    async def job(context):
        ran.set()

    await app.job_queue.start()
    try:
        app.job_queue.run_once(job, when=0, name="rappel:7:hours_before")
        await asyncio.wait_for(ran.wait(), 10)
        await wait_for(lambda: metrics.jobs, "le compte de la tâche")
    finally:
        await app.job_queue.stop()
    assert metrics.jobs == {"rappel:7:hours_before": 1}
    assert 'passerelle_jobs_run_total{job="rappel:7:hours_before"} 1' in metrics.render({})


async def test_telegram_is_asked_for_every_update_the_bot_handles_and_never_for_edits(bot):
    """``allowed_updates`` (polling and webhook): an update type left out never reaches the bot in service,
    so inline mode (« @bot vendeuse » in any chat) needs ``inline_query``; edits are not wanted."""
    from telegram.ext import CallbackQueryHandler, ChatMemberHandler, CommandHandler, InlineQueryHandler, MessageHandler

    from bot.webhook import ALLOWED_UPDATES

    asked = {CallbackQueryHandler: "callback_query", InlineQueryHandler: "inline_query", ChatMemberHandler: "my_chat_member",
             MessageHandler: "message", CommandHandler: "message"}
    handled = {asked[type(h)] for group in bot.app.handlers.values() for h in group if type(h) in asked}
    assert handled == {"callback_query", "inline_query", "my_chat_member", "message"}
    assert handled <= set(ALLOWED_UPDATES)
    assert "edited_message" not in ALLOWED_UPDATES


async def test_while_the_database_is_known_down_updates_are_refused_so_telegram_sends_them_again(bot, clock, monkeypatch):
    """An update accepted (200) during an outage would get the apology and be lost; refused (503) it is kept by
    Telegram and sent again, then answered once the database is back. The database is tried again at most
    once a second, so the first update after the outage goes through even when nobody calls /healthz."""
    from bot.httpserver import Request
    from bot.webhook import WebhookServer
    from storage import broadcasts as broadcast_store

    server = WebhookServer(bot.app, bot.ctx, bot.app.metrics, "https://example.org/telegram", SECRET, "127.0.0.1:8443")  # never started
    lina = bot.person(1001, "Lina")

    def post(text: str) -> Request:
        body = json.dumps(bot.api.user_message(lina.spec, text)).encode()
        return Request("POST", "/telegram", {"x-telegram-bot-api-secret-token": SECRET}, body)

    async def down(db):
        raise OSError("connexion refusée")

    assert (await server.handle(post("bonjour")))[0] == 200 and bot.app.update_queue.qsize() == 1
    answers = broadcast_store.unfinished_count
    monkeypatch.setattr(broadcast_store, "unfinished_count", down)
    assert (await server.handle(Request("GET", "/healthz", {}, b"")))[0] == 503  # the proxy's check: now known down
    assert (await server.handle(post("vendeur")))[0] == 503
    clock.advance(seconds=2)
    assert (await server.handle(post("vendeur")))[0] == 503  # tried again: still down
    assert bot.app.update_queue.qsize() == 1  # nothing accepted meanwhile
    monkeypatch.setattr(broadcast_store, "unfinished_count", answers)
    assert (await server.handle(post("vendeur")))[0] == 503  # within the second: not tried again yet
    clock.advance(seconds=2)
    assert (await server.handle(post("vendeur")))[0] == 200 and bot.app.update_queue.qsize() == 2  # back: accepted

    # without any /healthz: an update whose handling fails makes the server check the database itself
    monkeypatch.setattr(broadcast_store, "unfinished_count", down)
    await server.after_error(None, None)
    assert server.database_down and (await server.handle(post("vendeur")))[0] == 503
