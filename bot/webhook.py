"""Webhook mode: one small HTTP server on PASSERELLE_LISTEN for Telegram's updates, /healthz and /metrics.

Why not python-telegram-bot's built-in webhook server (``Updater.start_webhook``): it serves the webhook
path only, and the same port must also answer ``/healthz`` and ``/metrics``. So, as PTB's « custom
webhook bot » example does, the Application is started without an Updater and this server puts each
update on ``application.update_queue``. It is plain asyncio (no new dependency) and answers:

- ``POST <path of PASSERELLE_WEBHOOK_URL>``: the secret (``X-Telegram-Bot-Api-Secret-Token``) is compared
  in constant time; wrong or missing → 403, logged without the body; unreadable JSON → 400; the database
  known to be down → 503 (below); else 200.
- ``GET /healthz``: 200 with ``{"database": "ok", "last_update_at", "broadcasts_pending"}``; 503 when the
  database does not answer within 3 seconds.

While the database is known to be down (the last check failed: a ``/healthz``, or the check made after an
update's handling raised), updates are refused with 503 instead of being accepted and answered with an
apology: Telegram keeps a refused update and sends it again later, so a message written during an outage
is answered once the database is back, instead of being lost. The database is tried again before
refusing, at most once per :data:`RECHECK_SECONDS`, so the first update after the outage goes through
even when nothing calls ``/healthz``.
- ``GET /metrics``: Prometheus text format (bot/metrics.py).
- anything else: 404.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
from urllib.parse import urlsplit

from telegram.ext import Application

from bot.context import AppContext
from bot.incoming import read_update
from bot.httpserver import Request, SmallServer, response
from bot.metrics import Metrics
from storage import broadcasts as broadcast_store

log = logging.getLogger(__name__)
#: What Telegram sends the bot (long polling and webhook): every update type a handler reads, inline
#: queries included (« @bot vendeuse » in any chat); never edits (handlers/privacy_guard.py).
ALLOWED_UPDATES = ["message", "callback_query", "my_chat_member", "inline_query"]
HEALTH_TIMEOUT = 3.0
#: While the database is known to be down, it is tried again at most this often (seconds) before an update is refused.
RECHECK_SECONDS = 1.0


def listen_address(listen: str) -> tuple[str, int]:
    host, _, port = listen.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(f"PASSERELLE_LISTEN : « {listen} » n'est pas de la forme hôte:port")
    return host.strip("[]"), int(port)


class WebhookServer(SmallServer):
    """Serves one Application's webhook, health and metrics on one port."""

    def __init__(self, app: Application, ctx: AppContext, metrics: Metrics, url: str, secret: str, listen: str) -> None:
        super().__init__(*listen_address(listen))
        self.app, self.ctx, self.metrics = app, ctx, metrics
        self.path = urlsplit(url).path or "/"
        self.secret = secret.encode()
        #: The last check of the database failed (and when it was made, ``ctx.clock`` seconds).
        self.database_down = False
        self._checked_at = 0.0

    async def answer(self, request: Request) -> bytes:
        return response(*await self.handle(request))

    async def handle(self, request: Request) -> tuple[int, bytes, str]:
        path = urlsplit(request.target).path
        if request.method == "POST" and path == self.path:
            return await self._update(request)
        if request.method == "GET" and path == "/healthz":
            status, payload = await self.health()
            return status, json.dumps(payload).encode(), "application/json"
        if request.method == "GET" and path == "/metrics":
            return 200, (await self.metrics_text()).encode(), "text/plain; version=0.0.4; charset=utf-8"
        return 404, b'{"error": "not found"}', "application/json"

    async def _update(self, request: Request) -> tuple[int, bytes, str]:
        given = request.headers.get("x-telegram-bot-api-secret-token", "").encode()
        if not hmac.compare_digest(given, self.secret):
            log.warning("webhook : requête refusée (secret %s), corps ignoré", "faux" if given else "absent")
            return 403, b'{"error": "forbidden"}', "application/json"
        try:
            data = json.loads(request.body)
            update = read_update(data, self.app.bot)
            if update is None or not isinstance(data, dict):
                raise ValueError("not an update")
        except (ValueError, TypeError, KeyError, AttributeError):
            return 400, b'{"error": "bad request"}', "application/json"
        if not await self.database_answers():
            return 503, b'{"error": "database unavailable"}', "application/json"  # Telegram sends it again later
        await self.app.update_queue.put(update)
        return 200, b'{"ok": true}', "application/json"

    async def health(self) -> tuple[int, dict]:
        last = self.metrics.last_update_at
        payload: dict = {"last_update_at": dt.datetime.fromtimestamp(last, dt.UTC).isoformat(timespec="seconds") if last else None}
        try:
            pending = await self._check_database()
        except Exception as error:  # noqa: BLE001 (any failure of the database means « not healthy »)
            log.warning("healthz : base injoignable (%s)", type(error).__name__)
            return 503, {"database": "injoignable", **payload, "broadcasts_pending": None}
        return 200, {"database": "ok", **payload, "broadcasts_pending": pending}

    async def _check_database(self) -> int:
        """The unfinished broadcasts: a small query that proves the database answers (within HEALTH_TIMEOUT).
        Remembers whether it did; raises when it did not."""
        try:
            pending = await asyncio.wait_for(broadcast_store.unfinished_count(self.ctx.db), HEALTH_TIMEOUT)
        except Exception:
            self.database_down, self._checked_at = True, self.ctx.clock.now().timestamp()
            raise
        self.database_down, self._checked_at = False, self.ctx.clock.now().timestamp()
        return pending

    async def database_answers(self) -> bool:
        """False while the database is known to be down; it is tried again at most every RECHECK_SECONDS."""
        if not self.database_down:
            return True
        if self.ctx.clock.now().timestamp() - self._checked_at < RECHECK_SECONDS:
            return False
        try:
            await self._check_database()
        except Exception:  # noqa: BLE001 (still down: the update is refused, Telegram sends it again later)
            return False
        log.info("webhook : la base répond de nouveau, les mises à jour sont acceptées")
        return True

    async def after_error(self, update: object, context: object) -> None:
        """An error handler (next to handlers/errors.py): when an update failed, check the database once, so
        that the next updates are refused (503) rather than lost if it no longer answers."""
        if self.database_down:
            return
        try:
            await self._check_database()
        except Exception as error:  # noqa: BLE001
            log.warning("webhook : base injoignable (%s), les mises à jour sont refusées (503) jusqu'à son retour", type(error).__name__)

    async def metrics_text(self) -> str:
        gauges: dict = {}
        try:
            totals, recent = await asyncio.wait_for(
                broadcast_store.delivery_totals(self.ctx.db, self.ctx.clock.timestamp() - 60), HEALTH_TIMEOUT)
            gauges = {"deliveries": totals, "sent_per_second": recent / 60}
        except Exception as error:  # noqa: BLE001 (the process counters are still worth serving)
            log.warning("metrics : base injoignable (%s)", type(error).__name__)
        return self.metrics.render(gauges)


async def serve_webhook(app: Application, ctx: AppContext, metrics: Metrics, stop: asyncio.Event) -> None:
    """Register the webhook with Telegram, serve until ``stop`` is set. The webhook is left in place at
    the end: another instance may still be serving it."""
    settings = ctx.settings
    server = WebhookServer(app, ctx, metrics, settings.webhook_url, settings.webhook_secret, settings.listen)
    app.add_error_handler(server.after_error)
    await server.start()
    try:
        await app.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret, allowed_updates=ALLOWED_UPDATES)
        log.info("webhook %s enregistré ; écoute sur %s:%s", settings.webhook_url, server.host, server.port)
        await stop.wait()
    finally:
        await server.stop()
