"""Young people chatting while the Bot API fails: how many of their actions get an answer, how fast.

Used by ``tests/test_robustness_telegram_faults.py`` and ``bench/bench_faults.py``. ``people`` people act
at the same time (a command or a search, then a press on a button of the last screen, in turn) while the
emulator makes ``rate`` of the calls fail (:class:`devtools.faults.Faults`: 500, 502, 429, timeouts).
An action is answered when a screen reached the person (a message, an edit, or an edit refused as
« not modified ») during it; the error handler's apology does not count. Waits of the request layer run
``scale`` times faster but are counted in full, so an action's time is what it would be with real waits.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

from bot.broadcast.pacing import Timer
from devtools.faults import Faults, Timeout
from devtools.botapi import BotAPIError

SCREENS = {"sendMessage", "editMessageText", "sendDocument", "sendPhoto"}
TEXTS = ["/start", "vendeur", "/aide", "/metiers", "caissière", "/evenements", "/menu", "boulanger"]


class FastWaits(Timer):
    """Real time, the request layer's waits ``scale`` times shorter (its clock runs ``scale`` times faster)."""

    def __init__(self, scale: float) -> None:
        self.scale = scale
        super().__init__(self._clock, self._sleep)

    def _clock(self) -> float:
        return time.monotonic() * self.scale

    async def _sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds / self.scale)


@dataclass
class FaultFigures:
    results: list[tuple[float, bool]] = field(default_factory=list)  # (seconds, answered) per action
    faults: dict[str, int] = field(default_factory=dict)
    errors: list[BaseException] = field(default_factory=list)  # what reached the error handler

    @property
    def actions(self) -> int:
        return len(self.results)

    def answered_within(self, seconds: float) -> float:
        return sum(1 for spent, ok in self.results if ok and spent <= seconds) / max(1, len(self.results))

    @property
    def slowest(self) -> float:
        return max((spent for spent, _ in self.results), default=0.0)


async def chat_under_faults(chat, people: int = 30, actions: int = 12, rate: float = 0.2, seed: int = 9,
                            scale: float = 10.0, retries: bool = True, wall: bool = True) -> FaultFigures:
    """Run the scenario on a started :class:`devtools.localchat.LocalChat` (``retries=False``: the request
    layer tries each call once, the baseline). ``wall=False``: an action's time is only the request layer's
    waits (counted in full), not the machine's own time, so a loaded machine cannot change the figure (the
    test; the benchmark keeps the real time)."""
    request = chat.app.bot.request
    request.timer = FastWaits(scale)
    budget = request.budget
    if not wall:
        # the retry budget is read on that clock, where the machine's own time runs ``scale`` times too fast:
        # on a loaded machine it ran out after 1 s of real time and a 500 reached the error handler; widened
        # by the same factor, the machine's time counts once, as in production (the waits stay bounded by
        # the number of attempts)
        request.budget = budget * scale
    if not retries:
        request.attempts = 1
    waited: dict[str, float] = {}
    request.on_wait = lambda chat_id, seconds: waited.__setitem__(chat_id, waited.get(chat_id, 0.0) + seconds)
    figures = FaultFigures()

    async def collect(update, context):
        figures.errors.append(context.error)

    chat.app.add_error_handler(collect)
    answered: dict[str, float] = {}  # chat id -> last moment a screen reached the person
    api = chat.api
    original = api.call
    apology = chat.app.bot_data["ctx"].renderer.render("common/error").text

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
    api.faults = faults = Faults(rate, seed=seed, retry_after=1)

    async def one(index: int) -> None:
        person = chat.person(60_000 + index, f"Jeune{index}")
        chat_id = str(person.id)
        for step in range(actions):
            started, waited_before = time.monotonic(), waited.get(chat_id, 0.0)
            seen = person.messages()[-1:]
            buttons = [b for m in seen for b in m.buttons if "callback_data" in b]
            if step % 2 and buttons:
                await person.press_data(buttons[(index + step) % len(buttons)]["callback_data"])
            else:
                await person.send(TEXTS[(index + step) % len(TEXTS)])
            waits = waited.get(chat_id, 0.0) - waited_before
            own = time.monotonic() - started - waits / scale if wall else 0.0
            spent = own + waits  # each wait counted in full
            figures.results.append((spent, answered.get(chat_id, 0.0) >= started))

    try:
        await asyncio.gather(*(one(i) for i in range(people)))
    finally:
        api.call, api.faults, request.on_wait, request.budget = original, None, None, budget
        chat.app.remove_error_handler(collect)
    figures.faults = dict(faults.counts)
    return figures
