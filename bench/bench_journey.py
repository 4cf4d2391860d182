"""Updates per second for a mixed journey, beside a bare python-telegram-bot echo bot on the same emulator."""

from __future__ import annotations

import time

from telegram import Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bench.common import ROOT, Result, Timer, make_bench_bot
from bot.catalogue import load_catalogue
from bot.localapi import LocalBotAPI, LocalRequest
from bot.localchat import LocalChat

ROUNDS = 60
#: Extra steps the later features add to the mix (search, quiz...): list of (kind, value) pairs.
EXTRA_STEPS: list[tuple[str, str]] = [
    # issue 3: free-text search (with a typo, and one with no result), then the whole quiz
    ("send", "vendeuse chaussures"), ("send", "caisiere"), ("send", "astronaute"), ("send", "/quiz"),
] + [("press", "1:qz:" + "0" * n) for n in range(1, 8)]


async def _echo_chat() -> LocalChat:
    api = LocalBotAPI()
    app = ApplicationBuilder().token("1:ECHO").request(LocalRequest(api)).get_updates_request(LocalRequest(api)).build()

    async def echo(update: Update, context) -> None:
        await update.effective_message.reply_text(update.effective_message.text or "?")

    async def press(update: Update, context) -> None:
        await update.callback_query.answer()
        await update.callback_query.edit_message_text(f"{update.callback_query.data} {time.perf_counter_ns()}")

    app.add_handler(MessageHandler(filters.ALL, echo))
    app.add_handler(CallbackQueryHandler(press))
    await app.initialize()
    return LocalChat(app, api)


async def _journey(chat: LocalChat, user_id: int, steps: list[tuple[str, str]]) -> int:
    person = chat.person(user_id, "Bench")
    count = 0
    for kind, value in steps:
        if kind == "send":
            await person.send(value)
        else:
            await person.press_data(value)
        count += 1
    return count


def _steps(catalogue) -> list[tuple[str, str]]:
    branch = catalogue.branches[3]
    job = catalogue.jobs_of[branch.id][0]
    return [("send", "/start"), ("send", "/metiers"), ("press", "1:brl:1"), ("press", f"1:br:{branch.id}"),
            ("press", f"1:job:{job.id}"), ("press", f"1:br:{branch.id}"), ("press", "1:brl")] + EXTRA_STEPS


async def measure(chat: LocalChat, steps, rounds: int = ROUNDS) -> float:
    await _journey(chat, 1, steps)  # warm-up
    with Timer() as timer:
        total = 0
        for i in range(rounds):
            total += await _journey(chat, 1000 + i, steps)
    return total / timer.seconds


async def run() -> list[Result]:
    with Timer() as load:
        catalogue = load_catalogue(ROOT / "content")
    steps = _steps(catalogue)
    echo = await _echo_chat()
    ours, ctx = await make_bench_bot()
    # interleave to share the machine's noise: echo, ours, echo, ours
    echo_rates, our_rates = [], []
    for _ in range(2):
        echo_rates.append(await measure(echo, steps))
        our_rates.append(await measure(ours, steps))
    echo_rate, our_rate = max(echo_rates), max(our_rates)
    ratio = our_rate / echo_rate
    await ctx.db.close()
    return [
        Result("chargement + validation du contenu", load.seconds * 1000, "ms", "< 1000 ms", load.seconds < 1),
        Result("bot écho PTB nu (référence)", echo_rate, "màj/s"),
        Result("parcours mixte Passerelle", our_rate, "màj/s", note=f"{len(steps)} étapes par parcours"),
        Result("ratio Passerelle / écho", ratio, "", "≥ 0.5", ratio >= 0.5),
    ]
