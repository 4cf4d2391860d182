"""Broadcasts through the emulator enforcing Telegram's flood limit (30 messages/s, 429 beyond),
at the configured pace (``broadcast.messages_per_second``, 29 in config.yaml).

1. 10,000 recipients on a simulated clock: the emulator's rate limit and the sender's token bucket
   read the same virtual clock and the sender's sleeps move it (the pacing code is the real one).
2. A shorter run on the real clock with the production stack (AIORateLimiter, the retrying request
   layer, real ``asyncio.sleep``): what a late sleep costs shows here, not on the simulated clock.
   The emulator counts every 429 it answers.
"""

from __future__ import annotations

import time

from bench.common import ROOT, Result, Timer, make_bench_bot
from bot import roles
from bot.broadcast import pacing
from bot.broadcast import service as broadcasting
from bot.config import load_settings
from devtools.localapi import LocalBotAPI, RateLimit

RECIPIENTS = 10_000
REAL_RECIPIENTS = 450  # about 15 s at 29/s
LIMIT = 30.0


class CountingLimit(RateLimit):
    """The emulator's flood limit, counting the 429 answers it gives."""

    rejected = 0

    def check(self) -> None:
        try:
            super().check()
        except Exception:
            self.rejected += 1
            raise


async def _broadcast(chat, ctx, recipients: int) -> tuple[float, int]:
    """Publish to ``recipients`` young people and wait for the end; return (creation seconds, id)."""
    role = await roles.grant(ctx, None, chat_id=42, kind="advisor", region="32", organisation="Mission Locale de Lille",
                             network="mission_locale", display_name="Bench")
    now = ctx.clock.timestamp()
    await ctx.db.executemany(
        "INSERT INTO users(chat_id, first_name, region, alerts_enabled, created_at, last_seen_at) VALUES (?, 'B', '32', 1, ?, ?)",
        [(1_000_000 + i, now, now) for i in range(recipients)],
    )
    with Timer() as create:
        published = await broadcasting.publish(ctx, role, kind="message", text="Annonce de test", markup=None,
                                               title="bench", region="32", branches=[], progress_chat_id=None)
    assert published.total == recipients
    return create.seconds, published.broadcast_id


def _sends(chat) -> list[float]:
    """Times of the sendMessage calls the emulator accepted."""
    delivered = {1_000_000 + i for i in range(REAL_RECIPIENTS)}
    return [c.at for c in chat.api.calls if c.method == "sendMessage" and int(c.params["chat_id"]) in delivered]


async def simulated(configured: float) -> list[Result]:
    timer = pacing.Timer.simulated()
    previous = pacing.default_timer
    pacing.default_timer = lambda: timer
    try:
        chat, ctx = await make_bench_bot()
    finally:
        pacing.default_timer = previous
    broadcaster = ctx.broadcaster
    broadcaster.use_timer(timer)
    chat.app.bot.request.timer = timer  # the request layer's retries wait on the same clock
    limit = chat.api.rate_limit = CountingLimit(LIMIT, clock=timer.sim.clock)
    create, broadcast_id = await _broadcast(chat, ctx, RECIPIENTS)
    start_sim = timer.sim.now
    wall = time.perf_counter()
    broadcaster.start(broadcast_id)
    await broadcaster.join()
    wall = time.perf_counter() - wall
    elapsed = timer.sim.now - start_sim
    sent = await ctx.db.scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'")
    rate = sent / elapsed if elapsed else 0.0
    await broadcaster.stop()
    await chat.app.shutdown()
    await ctx.db.close()
    return [
        Result("10 000 lignes de diffusion créées", create * 1000, "ms", "< 1000 ms", create < 1),
        # not the rate's measure: the simulated clock moves at each sleep, so the sleeps of the 4 workers that
        # overlap in real life add up here (about 1.7 % of the rate); the real-clock run below is the measure
        Result("débit soutenu (horloge simulée)", rate, "msg/s",
               note=f"{sent} envoyés en {elapsed:.0f} s simulées ; réglage {configured:g}/s ; sous-estimé : les attentes"
                    " simultanées des envoyeurs s'additionnent sur l'horloge simulée, le débit se mesure à l'horloge réelle"),
        Result("réponses 429 (horloge simulée)", float(limit.rejected), "", "0", limit.rejected == 0),
        Result("temps machine de la diffusion simulée", wall, "s", note="coût du code hors attente"),
    ]


async def real_clock(configured: float) -> list[Result]:
    api = LocalBotAPI(clock=time.monotonic)
    chat, ctx = await make_bench_bot(api=api, rate_limit=True)
    limit = api.rate_limit = CountingLimit(LIMIT, clock=time.monotonic)
    _, broadcast_id = await _broadcast(chat, ctx, REAL_RECIPIENTS)
    ctx.broadcaster.start(broadcast_id)
    await ctx.broadcaster.join()
    times = _sends(chat)
    rate = (len(times) - 1) / (times[-1] - times[0])
    busiest = max(sum(1 for t in times[i:] if t - start < 1.0) for i, start in enumerate(times))
    await ctx.broadcaster.stop()
    await chat.app.shutdown()
    await ctx.db.close()
    window = pacing.window_for(LIMIT)
    settings = f"réglage {configured:g}/s, seau de {pacing.BURST:g} jeton, au plus {window} départs par seconde glissante, AIORateLimiter"
    return [
        Result("débit réel (horloge réelle, pile de production)", rate, "msg/s", f"≥ {0.99 * configured:.1f} (99 % du réglage)",
               rate >= 0.99 * configured, note=f"{len(times)} envoyés ; {settings}"),
        Result("débit réel / limite de 30/s", rate / LIMIT, "", f"≤ {configured / LIMIT:.3f} au réglage de {configured:g}",
               note=f"au plus {busiest} envois reçus dans une même seconde"),
        Result("réponses 429 (horloge réelle)", float(limit.rejected), "", "0", limit.rejected == 0),
    ]


async def run() -> list[Result]:
    configured = load_settings(ROOT / "config.yaml", env={}).broadcast.messages_per_second
    return await simulated(configured) + await real_clock(configured)
