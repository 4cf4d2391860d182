"""Answers survive Telegram's hiccups: retries at the request layer, a lost callback answer or an
impossible edit never hides the screen, blocked people are marked inactive by every loop, and 30
people chatting while 20 % of the Bot API calls fail are answered."""

from __future__ import annotations

import datetime as dt

from bot.broadcast.pacing import Timer
from bot.clock import PARIS
from bot.events.notify import tell_change
from bot.events.registration import register
from bot.events.reminders import send_due_reminders
from bot.events.service import update_event
from bot.stats import digest
from devtools.faultchat import chat_under_faults
from devtools.localapi import BotAPIError, Timeout
from storage import users
from tests.conftest import close_bot, make_bot
from tests.events_helpers import at, make_event, young

def instant_retries(bot) -> Timer:
    """The request layer's waits on a simulated clock (nothing really sleeps)."""
    timer = Timer.simulated()
    bot.app.bot.request.timer = timer
    return timer


async def test_a_failed_callback_answer_never_prevents_the_screen(bot):
    instant_retries(bot)
    lina = bot.person(1001, "Lina")
    await lina.send("/start")
    bot.api.fault = lambda method, params: BotAPIError(500, "Internal Server Error") if method == "answerCallbackQuery" else None
    await lina.press("Hauts-de-France")
    assert "C'est noté" in lina.last.plain, "l'écran suivant est montré"
    assert not bot.errors


async def test_an_answer_is_retried_on_5xx_network_errors_and_429(bot):
    timer = instant_retries(bot)
    lina = bot.person(1002, "Lina")
    failures = [BotAPIError(502, "Bad Gateway"), Timeout(processed=False), BotAPIError(429, "Too Many Requests: retry after 3", retry_after=3),
                BotAPIError(500, "Internal Server Error")]

    def fault(method, params):
        return failures.pop(0) if method == "sendMessage" and failures else None

    bot.api.fault = fault
    await lina.send("/start")
    assert "Lina" in lina.last.plain and not failures
    assert timer.sim.now >= 3  # retry_after respected
    assert bot.app.bot.request.retried == 4


async def test_an_edit_that_cannot_be_made_becomes_a_new_message(bot):
    lina = bot.person(1003, "Lina")
    await lina.send("/start")
    bot.api.fault = lambda method, params: (BotAPIError(400, "Bad Request: there is no text in the message to edit")
                                            if method == "editMessageText" else None)
    before = len(lina.messages())
    await lina.press("Hauts-de-France")
    assert len(lina.messages()) == before + 1 and "C'est noté" in lina.last.plain
    assert not bot.errors


async def test_every_loop_that_writes_to_many_people_marks_blocked_people_inactive(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx, day=3, hour=14)
    lina, yanis, ines = await young(bot, 3001, "Lina"), await young(bot, 3002, "Yanis"), await young(bot, 3003, "Inès")
    for person in (lina, yanis, ines):
        await register(ctx, event_id, person.id)
    bot.api.blocked.add(lina.id)
    clock.set(at(2, 18, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 2  # reminders
    bot.api.blocked.add(yanis.id)
    change = await update_event(ctx, event_id, {"city": "Roubaix"}, actor=None)
    assert await tell_change(bot.app.bot, ctx, change) == 1  # change notices (and promotions: the same loop)
    coordinator = 3004
    await ctx.db.execute("INSERT INTO users(chat_id, first_name, created_at, last_seen_at) VALUES (?, 'Coord', 0, 0)", (coordinator,))
    from bot import roles

    await roles.grant(ctx, None, chat_id=coordinator, kind="regional", region="32")
    bot.api.blocked.add(coordinator)
    clock.set(dt.datetime(2027, 3, 8, 9, 0, tzinfo=PARIS))
    await digest.send_digests(ctx, bot.app.bot)  # weekly digest
    for chat_id in (lina.id, yanis.id, coordinator):
        row = await users.get(ctx.db, chat_id)
        assert (row["active"], row["alerts_enabled"]) == (0, 0), chat_id
    assert (await users.get(ctx.db, ines.id))["active"] == 1
    assert not bot.errors


async def test_with_20_percent_faults_99_percent_of_actions_are_answered_within_15_s(settings, clock, catalogue):
    """The time of an action here is what Telegram's failures make it wait (retries, 429), not how fast
    this machine is: it failed once when the machine was loaded (the real times are in make bench)."""
    bot = await make_bot(settings, clock, catalogue)
    try:
        figures = await chat_under_faults(bot, people=30, actions=12, rate=0.2, seed=9, wall=False)
    finally:
        await close_bot(bot)
    assert figures.actions == 360 and sum(figures.faults.values()) >= 100, figures
    assert figures.answered_within(15) >= 0.99, figures
    # what is left for the error handler: sends whose reply alone was lost (the person got the answer), and,
    # rarely, a call that failed at every attempt (with 20 % of calls failing, it happens: 0.2 ** 6 per call),
    # given up and apologised for; those are within the 1 % of actions not answered
    given_up = [e for e in figures.errors if type(e).__name__ != "TimedOut"]
    assert len(given_up) <= 0.01 * figures.actions, given_up[:3]
