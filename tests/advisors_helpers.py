"""Shared steps of the advisors' tests: roles, subscribed young people, a fast (simulated) sender."""

from __future__ import annotations

from bot import roles
from bot.broadcast.pacing import Timer
from storage import users

COORD = 900001
ANNOUNCE_TITLE = "Job dating de la grande distribution"
#: A whole /annonce up to its preview: ("send", text) or ("press", label); then « Publier ».
ANNOUNCE_STEPS = [("send", "/annonce"), ("press", "Une action"), ("press", "Job dating"), ("send", ANNOUNCE_TITLE),
                  ("send", "12/03 14h"), ("press", "2 h"), ("send", "12 rue Nationale, 59000 Lille"), ("press", "Supermarchés"),
                  ("press", "Valider"), ("send", "20"), ("press", "Pas de date limite"), ("send", "Venez avec votre CV"),
                  ("send", "Auchan, Carrefour"), ("press", "Ajouter Opcommerce"), ("press", "Valider")]


async def step(person, kind: str, value: str) -> None:
    """One step of :data:`ANNOUNCE_STEPS` (or any such list)."""
    await (person.send(value) if kind == "send" else person.press(value))


def simulate_time(bot) -> Timer:
    """The broadcast sender of ``bot`` on a simulated clock (no real sleeping)."""
    timer = Timer.simulated()
    bot.ctx.broadcaster.use_timer(timer)
    bot.app.bot.request.timer = timer  # the request layer's retries (bot/retry.py) wait on the same clock
    return timer


async def make_advisor(bot, chat_id=2001, region="32", organisation="Mission Locale de Lille", name="Samir"):
    role = await roles.grant(bot.ctx, None, chat_id=chat_id, kind="advisor", region=region, organisation=organisation,
                             network=roles.guess_network(organisation), display_name=name)
    return bot.person(chat_id, name), role


async def subscribe(bot, ids, region="32", alerts=True, branches=()):
    """Young people with a row, a region and alerts on (optionally a branch filter)."""
    now = bot.ctx.clock.timestamp()
    rows = [(i, f"Jeune{i}", now, now, region, 1 if alerts else 0) for i in ids]
    await bot.ctx.db.executemany(
        "INSERT INTO users(chat_id, first_name, created_at, last_seen_at, region, alerts_enabled) VALUES (?, ?, ?, ?, ?, ?)", rows
    )
    for i in ids:
        bot.api.user(i, f"Jeune{i}")
        if branches:
            await users.set_branches(bot.ctx.db, i, "alert", list(branches))


def received(bot, chat_id) -> int:
    return bot.api.sent_count(chat_id)
