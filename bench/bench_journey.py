"""Updates per second for a mixed journey, beside a bare python-telegram-bot echo bot on the same emulator.

Two baselines, measured in the same run, interleaved with our bot:
- the bare echo bot (the reference of the target): it answers every update with one tiny message;
- a "replay" bot (second line): bare python-telegram-bot that sends, for each step, exactly the
  messages and keyboards our bot sent (recorded once) through PTB's own methods, with no database,
  templates or services.

The machine is shared and noisy: each round measures echo, replay and ours back to back (the order
turns every round) and the ratio is taken inside the round (paired). The rows give the median and the
minimum of the paired ratios, never the best run. Each journey is a new person (first contact included).
Each bot reads its updates the way it does in service: the echo and replay bots with python-telegram-bot's
``Update.de_json``, ours with ``bot.incoming.read_update`` (the keyboard under a pressed button, which it
never reads, is not parsed; getUpdates and the webhook do the same).

Also: start-up to first answer, in a fresh Python process (imports, content, database, /start answered).
"""

from __future__ import annotations

import time

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import ApplicationBuilder, CallbackQueryHandler, MessageHandler, filters

from bench.common import ROOT, Result, Timer, make_bench_bot, median
from bot.catalogue import load_catalogue
from devtools.localapi import LocalBotAPI, LocalRequest
from devtools.localchat import LocalChat

ROUNDS = 60       # journeys per measure
PAIRED_RUNS = 9   # interleaved rounds (echo, replay, ours), ratios paired inside each round
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


async def paired(chats: dict[str, LocalChat], steps, runs: int = PAIRED_RUNS) -> dict[str, list[float]]:
    """Rates (updates/s) of every chat, ``runs`` rounds, the order rotating each round."""
    names = list(chats)
    rates: dict[str, list[float]] = {name: [] for name in names}
    for run in range(runs):
        order = names[run % len(names):] + names[:run % len(names)]
        for name in order:
            rates[name].append(await measure(chats[name], steps))
    return rates


def startup_seconds() -> float:
    """Wall time from launching ``python -m bench.startup`` to its first answer (median of 3)."""
    import subprocess
    import sys

    samples = []
    for _ in range(3):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "bench.startup"], cwd=ROOT, check=True, capture_output=True)
        samples.append(time.perf_counter() - start)
    return median(samples)


async def run() -> list[Result]:
    with Timer() as load:
        catalogue = load_catalogue(ROOT / "content")
    steps = _steps(catalogue)
    echo = await _echo_chat()
    ours, ctx = await make_bench_bot()
    replay = await _replay_chat(ours, steps)
    rates = await paired({"echo": echo, "replay": replay, "ours": ours}, steps)
    to_echo = [o / e for o, e in zip(rates["ours"], rates["echo"])]
    to_replay = [o / r for o, r in zip(rates["ours"], rates["replay"])]
    # what logging one interaction adds to a reply (the bot's setting: rows written in batches)
    with Timer() as logging_time:
        for i in range(20_000):
            await ctx.log.record(5000 + i % 500, "job_view", "vendeur-sport", region="32", branch="sports-loisirs")
    await ctx.log.flush()
    per_record = logging_time.seconds / 20_000
    await ctx.log.close()
    await ctx.db.close()
    startup = startup_seconds()
    runs = f"{PAIRED_RUNS} manches appariées, min {min(to_echo):.2f}"
    return [
        Result("chargement + validation du contenu", load.seconds * 1000, "ms", "< 1000 ms", load.seconds < 1),
        Result("démarrage jusqu'à la 1re réponse", startup * 1000, "ms", "< 1000 ms", startup < 1,
               note="nouveau processus : imports, contenu, base, /start répondu"),
        Result("bot écho PTB nu (référence)", median(rates["echo"]), "màj/s", note="médiane"),
        Result("bot PTB nu rejouant nos messages", median(rates["replay"]), "màj/s", note="médiane ; mêmes textes et claviers, sans services"),
        Result("parcours mixte Passerelle", median(rates["ours"]), "màj/s", note=f"médiane ; {len(steps)} étapes par parcours"),
        Result("ratio Passerelle / écho PTB nu (médiane)", median(to_echo), "", "≥ 0.6", median(to_echo) >= 0.6, note=runs),
        Result("ratio Passerelle / écho PTB nu (minimum)", min(to_echo), "", note="la plus mauvaise manche"),
        Result("ratio Passerelle / rejeu (médiane)", median(to_replay), "", note=f"min {min(to_replay):.2f} ; second repère"),
        Result("enregistrer une interaction", per_record * 1e6, "µs", note=f"{per_record * median(rates['ours']):.1%} du temps d'une mise à jour"),
    ]
