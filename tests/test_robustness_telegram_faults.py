"""Answers survive Telegram's hiccups: retries at the request layer, a lost callback answer or an
impossible edit never hides the screen, blocked people are marked inactive by every loop, and 30
people chatting while 20 % of the Bot API calls fail are answered."""

from __future__ import annotations

import asyncio
import datetime as dt
import time

from bot.broadcast.pacing import Timer
from bot.clock import PARIS
from bot.events.notify import tell_change
from bot.events.registration import register
from bot.events.reminders import send_due_reminders
from bot.events.service import update_event
from bot.stats import digest
from devtools.localapi import BotAPIError, Faults, Timeout
from storage import users
from tests.conftest import close_bot, make_bot
from tests.events_helpers import at, make_event, young

SCREENS = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}


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


class FastWaits(Timer):
    """Real time, but the request layer's waits (back-off, retry_after) last ``scale`` times less;
    the figures count each wait in full, so an action's time is what it would be with real waits."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        super().__init__(self._clock, self._sleep)

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.scale)

    def _clock(self) -> float:  # the waits look as long as asked to the request layer
        return time.monotonic() * self.scale


async def chat_under_faults(settings, clock, catalogue, people: int = 30, actions: int = 12, rate: float = 0.2, seed: int = 9):
    """``people`` young people doing ``actions`` each at the same time while ``rate`` of the calls fail;
    return (seconds of each action, answered or not), the injected faults and the error-handler calls."""
    bot = await make_bot(settings, clock, catalogue)
    scale = 10.0
    bot.app.bot.request.timer = FastWaits(scale)
    waited: dict[str, float] = {}
    bot.app.bot.request.on_wait = lambda chat, seconds: waited.__setitem__(chat, waited.get(chat, 0.0) + seconds)
    answered: dict[str, float] = {}  # chat id -> last moment a screen reached the person
    api = bot.api
    original = api.call
    apology = bot.ctx.renderer.render("common/error").text  # the error handler's message is not an answer

    async def tracking(method, params, files=None):
        screen = method in SCREENS and params.get("text") != apology
        try:
            result = await original(method, params, files)
        except BotAPIError as error:
            reached = (isinstance(error, Timeout) and error.processed) or "not modified" in error.description
            if screen and reached:
                answered[str(params.get("chat_id"))] = time.monotonic()
            raise
        if screen:
            answered[str(params.get("chat_id"))] = time.monotonic()
        return result

    api.call = tracking
    api.faults = Faults(rate, seed=seed, retry_after=1)
    texts = ["/start", "vendeur", "/aide", "/metiers", "caissière", "/evenements", "/menu", "boulanger"]
    results: list[tuple[float, bool]] = []

    async def one(index: int) -> None:
        person = bot.person(60_000 + index, f"Jeune{index}")
        chat = str(person.id)
        for step in range(actions):
            started, waited_before = time.monotonic(), waited.get(chat, 0.0)
            try:
                buttons = [b for m in person.messages()[-1:] for b in m.buttons if "callback_data" in b]
            except AssertionError:
                buttons = []
            if step % 2 and buttons:
                await person.press_data(buttons[(index + step) % len(buttons)]["callback_data"])
            else:
                await person.send(texts[(index + step) % len(texts)])
            ended = time.monotonic()
            waits = waited.get(chat, 0.0) - waited_before
            seconds = (ended - started) + waits - waits / scale  # each wait counted in full
            results.append((seconds, answered.get(chat, 0.0) >= started))

    try:
        await asyncio.gather(*(one(i) for i in range(people)))
    finally:
        errors = list(bot.errors)
        await close_bot(bot)
    return results, dict(api.faults.counts), errors


async def test_with_20_percent_faults_99_percent_of_actions_are_answered_within_15_s(settings, clock, catalogue):
    results, faults, errors = await chat_under_faults(settings, clock, catalogue)
    assert len(results) == 360 and sum(faults.values()) >= 100, faults
    on_time = sum(1 for seconds, ok in results if ok and seconds <= 15)
    assert on_time / len(results) >= 0.99, (on_time, faults, errors[:3])
