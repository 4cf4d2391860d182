"""Updates per second for a mixed journey, beside a bare python-telegram-bot echo bot on the same emulator.

Two baselines, measured in the same run, interleaved with our bot:
- the bare echo bot the issue asks for (it answers every update with one tiny message);
- a "replay" bot: bare python-telegram-bot that sends, for each step, exactly the messages and
  keyboards our bot sent (recorded once), with no database, templates or services. Against it,
  the ratio isolates what our own handling costs, since the framework's work grows with the size
  of what is sent (keyboards are parsed back from every answer and every button press).
"""

from __future__ import annotations

import time

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bench.common import ROOT, Result, Timer, make_bench_bot
from bot.catalogue import load_catalogue
from devtools.localapi import LocalBotAPI, LocalRequest
from devtools.localchat import LocalChat

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


async def _replay_chat(ours: LocalChat, steps: list[tuple[str, str]]) -> LocalChat:
    """A bare PTB bot that answers each step with what our bot sent for it (recorded now)."""
    recorded: dict[str, list[tuple[str, dict]]] = {}
    person = ours.person(999, "Replay")
    for kind, value in steps:
        start = len(ours.api.calls)
        await (person.send(value) if kind == "send" else person.press_data(value))
        calls = [c for c in ours.api.calls[start:] if c.method in ("sendMessage", "editMessageText")]
        recorded[value] = [(c.method, c.params) for c in calls]

    api = LocalBotAPI()
    app = ApplicationBuilder().token("1:REPLAY").request(LocalRequest(api)).get_updates_request(LocalRequest(api)).build()

    async def replay(update: Update, context) -> None:
        query = update.callback_query
        if query is not None:
            await query.answer()
        for method, params in recorded.get(query.data if query else update.effective_message.text, []):
            markup = InlineKeyboardMarkup.de_json(params["reply_markup"], context.bot) if params.get("reply_markup") else None
            if method == "editMessageText" and query is not None:
                await query.edit_message_text(params["text"], reply_markup=markup, parse_mode="HTML")
            else:
                await context.bot.send_message(update.effective_chat.id, params["text"], reply_markup=markup, parse_mode="HTML")

    app.add_handler(MessageHandler(filters.ALL, replay))
    app.add_handler(CallbackQueryHandler(replay))
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
    replay = await _replay_chat(ours, steps)
    # interleave to share the machine's noise: echo, replay, ours, echo, replay, ours...
    rates: dict[str, list[float]] = {"echo": [], "replay": [], "ours": []}
    for _ in range(3):
        for name, chat in (("echo", echo), ("replay", replay), ("ours", ours)):
            rates[name].append(await measure(chat, steps))
    echo_rate, replay_rate, our_rate = (max(rates[k]) for k in ("echo", "replay", "ours"))
    # what logging one interaction adds to a reply (the bot's setting: rows written in batches)
    with Timer() as logging_time:
        for i in range(20_000):
            await ctx.log.record(5000 + i % 500, "job_view", "vendeur-sport", region="32", branch="sports-loisirs")
    await ctx.log.flush()
    per_record = logging_time.seconds / 20_000
    await ctx.log.close()
    await ctx.db.close()
    return [
        Result("chargement + validation du contenu", load.seconds * 1000, "ms", "< 1000 ms", load.seconds < 1),
        Result("bot écho PTB nu (référence)", echo_rate, "màj/s"),
        Result("bot PTB nu rejouant nos messages", replay_rate, "màj/s", note="mêmes textes et claviers, sans services"),
        Result("parcours mixte Passerelle", our_rate, "màj/s", note=f"{len(steps)} étapes par parcours"),
        Result("ratio Passerelle / écho", our_rate / echo_rate, "", "≥ 0.5", our_rate / echo_rate >= 0.5),
        Result("ratio Passerelle / rejeu", our_rate / replay_rate, "", "≥ 0.5", our_rate / replay_rate >= 0.5,
               note="coût de notre traitement seul"),
        Result("enregistrer une interaction", per_record * 1e6, "µs", note=f"{per_record * our_rate:.1%} du temps d'une mise à jour"),
    ]
