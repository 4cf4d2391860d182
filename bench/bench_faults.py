"""Telegram's hiccups: 30 people chatting while 20 % of the Bot API calls fail (issue 9 §3).

The same scenario (:mod:`devtools.faultchat`, same seed) with the request layer's retries
(:mod:`bot.retry`) and without them (each call tried once): the baseline of the same run.
Target: ≥ 99 % of the actions answered within 15 s.
"""

from __future__ import annotations

from bench.common import Result, make_bench_bot
from devtools.faultchat import chat_under_faults


async def _run(retries: bool):
    from bot.app import shutdown

    chat, _ = await make_bench_bot()
    try:
        return await chat_under_faults(chat, people=30, actions=12, rate=0.2, seed=9, retries=retries)
    finally:
        await shutdown(chat.app)


async def run() -> list[Result]:
    with_retries, baseline = await _run(True), await _run(False)
    share, base = with_retries.answered_within(15), baseline.answered_within(15)
    injected = sum(with_retries.faults.values())
    return [
        Result("actions répondues en 15 s (20 % de pannes)", share * 100, "%", "≥ 99 %", share >= 0.99,
               note=f"{with_retries.actions} actions, {injected} pannes injectées {with_retries.faults}"),
        Result("… sans réessai (référence, même graine)", base * 100, "%",
               note=f"ratio {share / base:.2f} ; gestionnaire d'erreurs : {len(baseline.errors)} appels sans réessai, {len(with_retries.errors)} avec"),
        Result("action la plus lente (attentes comptées en entier)", with_retries.slowest, "s", "≤ 15 s", with_retries.slowest <= 15),
    ]
