"""A broadcast to 10,000 recipients through the emulator enforcing 30 messages/s (429 beyond).

Simulated clock: the emulator's rate limit and the sender's token bucket read the same virtual
clock, and the sender's sleeps move it; the pacing code is the real one (bot.broadcast.pacing).
"""

from __future__ import annotations

import time

from bench.common import Result, Timer, make_bench_bot
from bot import roles
from bot.broadcast import pacing
from bot.broadcast import service as broadcasting
from devtools.localapi import RateLimit

RECIPIENTS = 10_000
LIMIT = 30.0


async def run() -> list[Result]:
    timer = pacing.Timer.simulated()
    previous = pacing.default_timer
    pacing.default_timer = lambda: timer
    try:
        chat, ctx = await make_bench_bot()
    finally:
        pacing.default_timer = previous
    # just under the emulator's limit (the sender's own setting; the default config says 28)
    ctx.settings.broadcast.messages_per_second = LIMIT * 0.99
    broadcaster = ctx.broadcaster
    broadcaster.use_timer(timer)
    chat.api.rate_limit = RateLimit(LIMIT, clock=timer.sim.clock)
    role = await roles.grant(ctx, None, chat_id=42, kind="advisor", region="32", organisation="Mission Locale de Lille",
                             network="mission_locale", display_name="Bench")
    now = ctx.clock.timestamp()
    await ctx.db.executemany(
        "INSERT INTO users(chat_id, first_name, region, alerts_enabled, created_at, last_seen_at) VALUES (?, 'B', '32', 1, ?, ?)",
        [(1_000_000 + i, now, now) for i in range(RECIPIENTS)],
    )
    with Timer() as create:
        published = await broadcasting.publish(ctx, role, kind="message", text="Annonce de test", markup=None,
                                               title="bench", region="32", branches=[], progress_chat_id=None)
    assert published.total == RECIPIENTS
    start_sim = timer.sim.now
    wall = time.perf_counter()
    broadcaster.start(published.broadcast_id)
    await broadcaster.join()
    wall = time.perf_counter() - wall
    simulated = timer.sim.now - start_sim
    sends = [c for c in chat.api.calls if c.method == "sendMessage"]
    rejected = await ctx.db.scalar("SELECT COUNT(*) FROM deliveries WHERE attempts > 1")
    sent = await ctx.db.scalar("SELECT COUNT(*) FROM deliveries WHERE status = 'sent'")
    rate = sent / simulated if simulated else 0.0
    await broadcaster.stop()
    await chat.app.shutdown()
    await ctx.db.close()
    return [
        Result("10 000 lignes de diffusion créées", create.seconds * 1000, "ms", "< 1000 ms", create.seconds < 1),
        Result("débit soutenu (horloge simulée)", rate, "msg/s", f"≥ {0.95 * LIMIT:.1f} (95 % de {LIMIT:g}/s)", rate >= 0.95 * LIMIT,
               note=f"{sent} envoyés en {simulated:.0f} s simulées"),
        Result("réponses 429", float(rejected), "", "0", rejected == 0, note=f"{len(sends)} appels sendMessage"),
        Result("temps réel de la diffusion", wall, "s", note="coût du code hors attente"),
    ]
