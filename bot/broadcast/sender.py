"""The broadcast sender: works through the pending deliveries within Telegram's limits.

A delivery is marked in flight only when its request leaves (after the pacing waits) and marked
sent/blocked/failed right after, so each worker has at most one ambiguous delivery at any time. After
a crash, those (at most ``concurrency``) are sent again at start-up: delivery is **at least once**
(a person may, rarely, get the announcement twice; nobody is ever left without it). Deliveries that
were only waiting for their turn are still pending and simply go on. Flood control (``RetryAfter``)
pauses everyone; server and network errors are tried again with a growing pause, up to
``MAX_ATTEMPTS``, before the delivery fails with its reason (the report counts them by reason);
``Forbidden`` (the person blocked the bot) turns the person inactive and their alerts off.
The request layer (:mod:`bot.retry`) already retries the safe cases within a few seconds; this loop
is the longer, second line.

Several instances (PostgreSQL): one instance at a time sends, the holder of the ``broadcast`` lease
(storage/leases.py), renewed every few seconds while it works; every instance looks every
:data:`WATCH_SECONDS` for unfinished broadcasts and takes the lease over once it expired (the holder
died), then resumes where the holder stopped, exactly as a restart does. An instance is named by its
host and PASSERELLE_LISTEN, so a restarted one takes its own lease back at once. A delivery is marked in
flight by an atomic conditional update, so two senders never both send it.
"""

from __future__ import annotations

import asyncio
import logging
import socket
from dataclasses import dataclass, field
from typing import Any

from telegram import InlineKeyboardMarkup
from telegram.error import TelegramError

from bot import delivery, messages
from bot.broadcast import pacing
from bot.context import AppContext
from bot.roles import audit
from storage import broadcasts as store
from storage import leases

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
#: Deliveries sent at the same time: also the most that can be ambiguous after a crash.
WORKERS = 4
BATCH = 500
LEASE = "broadcast"
LEASE_SECONDS = 15  # a dead sender is replaced within this (plus WATCH_SECONDS)
RENEW_SECONDS = 5
WATCH_SECONDS = 5


@dataclass
class Report:
    broadcast_id: int
    total: int
    sent: int
    blocked: int
    failed: int
    seconds: float
    resent: int = 0
    reasons: dict[str, int] = field(default_factory=dict)

    @property
    def done(self) -> int:
        return self.sent + self.blocked + self.failed


class Broadcaster:
    """One per application (``ctx.broadcaster``, built by ``bot.app.build_context``); one task per broadcast, one shared pace."""

    def __init__(self, ctx: AppContext, bot: Any = None, timer: pacing.Timer | None = None, concurrency: int = WORKERS) -> None:
        self.ctx = ctx
        self.bot = bot
        self.concurrency = concurrency
        self.tasks: dict[int, asyncio.Task] = {}
        self.reports: dict[int, Report] = {}
        self.stopping = False
        self.instance = f"{socket.gethostname()}/{ctx.settings.listen}"  # a restarted instance gets its lease back at once
        self.renewed_at: float | None = None
        self.use_timer(timer or pacing.default_timer())

    def use_timer(self, timer: pacing.Timer) -> None:
        self.timer = timer
        settings = self.ctx.settings
        self.bucket = pacing.TokenBucket(settings.broadcast.messages_per_second, timer, capacity=pacing.BURST,
                                         window=pacing.window_for(settings.telegram.overall_per_second))
        self.per_chat = pacing.PerChat(1 / self.ctx.settings.telegram.per_chat_per_second, timer)

    # --- control ---------------------------------------------------------------------------------
    def start(self, broadcast_id: int) -> asyncio.Task:
        task = self.tasks.get(broadcast_id)
        if task is None or task.done():
            task = asyncio.create_task(self._run(broadcast_id), name=f"broadcast-{broadcast_id}")
            self.tasks[broadcast_id] = task
        return task

    async def resume_all(self) -> list[int]:
        """At start-up and every WATCH_SECONDS: go on with every unfinished broadcast (never resending
        to anyone), unless another live instance holds the sending lease."""
        ids = [row["id"] for row in await store.unfinished(self.ctx.db)]
        if not ids or not await self.hold_lease(force=True):
            return []
        for bid in ids:
            if bid not in self.tasks or self.tasks[bid].done():
                log.info("reprise de la diffusion %s", bid)
            self.start(bid)
        return ids

    async def hold_lease(self, force: bool = False) -> bool:
        """Take or renew the sending lease (at most every RENEW_SECONDS unless ``force``); False when
        another instance holds it."""
        now = self.timer.clock()
        if not force and self.renewed_at is not None and now - self.renewed_at < RENEW_SECONDS:
            return True
        if await leases.acquire(self.ctx.db, LEASE, self.instance, self.ctx.clock.timestamp(), LEASE_SECONDS):
            self.renewed_at = now
            return True
        self.renewed_at = None
        return False

    async def join(self, broadcast_id: int | None = None) -> None:
        """Wait until one (or every) running broadcast is finished or stopped."""
        tasks = [self.tasks[broadcast_id]] if broadcast_id is not None else list(self.tasks.values())
        if tasks:
            await asyncio.gather(*tasks, return_exceptions=True)  # a cancelled sender is simply stopped

    async def stop(self) -> None:
        """Stop gracefully: the sends in progress are finished and recorded, the rest waits for a restart
        (or for another instance, which may take the lease at once)."""
        self.stopping = True
        await self.join()
        if self.renewed_at is not None:
            await leases.release(self.ctx.db, LEASE, self.instance)

    # --- work --------------------------------------------------------------------------------------
    async def _run(self, bid: int) -> Report | None:
        try:
            return await self._send_all(bid)
        except Exception:
            log.exception("échec de la diffusion %s (reprise au prochain démarrage)", bid)
            return None

    async def _send_all(self, bid: int) -> Report | None:
        ctx = self.ctx
        row = await store.get(ctx.db, bid)
        if row is None or row["status"] == "done":
            return None
        if not await self.hold_lease(force=True):
            log.info("diffusion %s : une autre instance envoie", bid)
            return None
        await store.mark_started(ctx.db, bid, ctx.clock.timestamp())
        await store.requeue_interrupted(ctx.db, bid)
        markup_data = store.decode_markup(row)
        markup = InlineKeyboardMarkup.de_json(markup_data, self.bot) if markup_data else None
        numbers = await store.counts(ctx.db, bid)
        state = {"done": numbers["sent"] + numbers["blocked"] + numbers["failed"], "last_progress": 0, "cursor": 0}
        state["last_progress"] = state["done"]
        buffer: list[Any] = []
        started = self.timer.clock()
        lock = asyncio.Lock()

        async def next_item():
            async with lock:
                if not buffer:
                    rows = await store.pending(ctx.db, bid, state["cursor"], BATCH)
                    if not rows:
                        return None
                    state["cursor"] = rows[-1]["chat_id"]
                    buffer.extend(reversed(rows))
                return buffer.pop()

        async def worker():
            while not self.stopping:
                if not await self.hold_lease():
                    log.warning("diffusion %s : bail d'envoi perdu, une autre instance reprend", bid)
                    return
                item = await next_item()
                if item is None:
                    return
                await self._deliver(bid, row["text"], markup, item["chat_id"], item["region"])
                state["done"] += 1
                if state["done"] - state["last_progress"] >= ctx.settings.broadcast.progress_every:
                    state["last_progress"] = state["done"]
                    await self._progress(row, state["done"])

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        if self.stopping or self.renewed_at is None:
            return None
        numbers = await store.counts(ctx.db, bid)
        if numbers["pending"]:  # should not happen; left for the next start-up
            log.warning("diffusion %s : %s envois restent en attente", bid, numbers["pending"])
            return None
        now = ctx.clock.timestamp()
        await store.mark_done(ctx.db, bid, now, numbers)
        fresh = await store.get(ctx.db, bid)
        elapsed = max(self.timer.clock() - started, float(now - (fresh["started_at"] or now)))
        report = Report(bid, row["total"], numbers["sent"], numbers["blocked"], numbers["failed"], elapsed,
                        fresh["resent"], await store.failure_reasons(ctx.db, bid))
        self.reports[bid] = report
        await audit(ctx, row["created_by"], "broadcast_done", f"broadcast:{bid}",
                    {"sent": report.sent, "blocked": report.blocked, "failed": report.failed, "seconds": round(elapsed, 1)})
        await self._final(fresh, report)
        return report

    async def _deliver(self, bid: int, text: str, markup: Any, chat_id: int, region: str | None) -> None:
        ctx = self.ctx
        for attempt in range(1, MAX_ATTEMPTS + 1):
            await self.per_chat.wait(chat_id)
            await self.bucket.acquire()
            if not await store.mark_in_flight(ctx.db, bid, chat_id):  # after pacing: the request leaves now
                return  # already sent or being sent by another sender
            await self.bucket.slot()  # never more than the flood limit in any second, counted as the request leaves
            try:
                await self.bot.send_message(chat_id, text, reply_markup=markup)
                outcome = delivery.Outcome(delivery.SENT)
            except TelegramError as error:  # maybe received after a timeout: sent again, at least once
                outcome = delivery.classify(error)
            if outcome.wait is not None:
                self.bucket.pause(outcome.wait)
            if outcome.retryable and attempt < MAX_ATTEMPTS:
                await store.release(ctx.db, bid, chat_id)
                if outcome.wait is None:
                    await self.timer.sleep(min(30.0, 2.0 ** (attempt - 1)))
                continue
            detail = outcome.detail
            if outcome.reason is not None:
                detail = f"{messages.table('broadcast.reasons')[outcome.reason]} : {detail} ({attempt} essai{'s' if attempt > 1 else ''})"
                log.warning("diffusion %s : échec pour un destinataire : %s", bid, detail)
            kind = {"sent": "announce_sent", "blocked": "announce_blocked"}.get(outcome.status, "announce_failed")
            now = ctx.clock.timestamp()
            interaction = (now, ctx.log.user_key(chat_id), kind, str(bid), region, None)
            # blocked: the same rule as bot.delivery.deliver (inactive, alerts off), in the same transaction
            await store.finish(ctx.db, bid, chat_id, outcome.status, detail[:300] or None, now, interaction,
                               unsubscribe=outcome.status == delivery.BLOCKED)
            return

    async def _progress(self, row: Any, done: int) -> None:
        if not row["progress_chat_id"] or not row["progress_message_id"]:
            fresh = await store.get(self.ctx.db, row["id"])
            if fresh is None or not fresh["progress_message_id"]:
                return
            row = fresh
        text = self.ctx.renderer.render("announce/progress", done=done, total=row["total"], title=row["title"]).text
        await self.bucket.acquire()
        try:
            await self.bot.edit_message_text(text, chat_id=row["progress_chat_id"], message_id=row["progress_message_id"])
        except TelegramError as exc:  # the progress message is a courtesy: never stop the broadcast for it
            log.debug("suivi de diffusion non mis à jour : %s", exc)

    async def _final(self, row: Any, report: Report) -> None:
        if not row["progress_chat_id"]:
            return
        await self._progress(row, report.done)
        screen = self.ctx.renderer.render("announce/report", report=report, title=row["title"])
        try:
            await self.bot.send_message(row["progress_chat_id"], screen.text, reply_markup=screen.markup)
        except TelegramError as exc:
            log.warning("rapport de diffusion non envoyé : %s", exc)
