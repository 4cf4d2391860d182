"""Pacing of the broadcast sender: a token bucket driven by an injectable clock and sleep.

The real bot uses ``time.monotonic`` and ``asyncio.sleep``; tests and the benchmark use
:class:`SimulatedTime`, whose sleep moves a virtual clock: the pacing code is the same.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

EPSILON = 1e-9
#: Tokens the broadcast bucket holds. A real ``asyncio.sleep`` wakes late, and with one token the
#: time overslept was lost (about 2 % of the rate); half a token more keeps up to 17 ms of it at
#: 29/s, while one second still holds at most 1.5 + 29 sends, so never more than 30.
BURST = 1.5


def window_for(limit: float) -> int:
    """Most sends :meth:`TokenBucket.slot` lets through in any sliding second under Telegram's
    ``limit``: one less, for what may still come between the slot and Telegram (the request itself)."""
    return max(1, int(limit) - 1)
Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class SimulatedTime:
    """A virtual monotonic clock: ``sleep(d)`` moves it by ``d`` at once (and lets other tasks run)."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start
        self.slept = 0.0

    def clock(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        if seconds > 0:
            self.now += seconds
            self.slept += seconds
        await asyncio.sleep(0)


@dataclass
class Timer:
    """The clock and sleep the sender uses (real time by default)."""

    clock: Clock = time.monotonic
    sleep: Sleep = asyncio.sleep

    @classmethod
    def simulated(cls, start: float = 0.0) -> "Timer":
        sim = SimulatedTime(start)
        timer = cls(sim.clock, sim.sleep)
        timer.sim = sim  # type: ignore[attr-defined]
        return timer


#: What a new sender uses; tests and the benchmark replace it (``lambda: Timer.simulated()``).
default_timer: Callable[[], Timer] = Timer


@dataclass
class TokenBucket:
    """At most ``rate`` acquisitions per second on average, bursts of at most ``capacity``.

    ``slot()``, called just before each request, lets at most ``window`` requests go in any sliding
    second: the pace of :meth:`acquire` is kept, but what happens between the acquisition and the
    request (the sender writes to the database) varies and could bunch sends together.
    ``pause(seconds)`` stops everyone (Telegram's RetryAfter applies to the whole bot).
    """

    rate: float
    timer: Timer
    capacity: float = 1.0
    window: int | None = None
    tokens: float = field(init=False)
    updated: float = field(init=False)
    paused_until: float = field(init=False, default=0.0)

    def __post_init__(self) -> None:
        self.tokens = self.capacity
        self.updated = self.timer.clock()
        self._lock = asyncio.Lock()
        self._recent: deque[float] = deque(maxlen=self.window or 1)  # times of the last ``window`` acquisitions

    def _refill(self, now: float) -> None:
        if now > self.updated:
            self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.rate)
            self.updated = now

    async def acquire(self) -> None:
        async with self._lock:
            while True:
                now = self.timer.clock()
                if now < self.paused_until:
                    await self.timer.sleep(self.paused_until - now)
                    continue
                self._refill(now)
                if self.tokens >= 1 - EPSILON:
                    self.tokens = max(0.0, self.tokens - 1)
                    return
                await self.timer.sleep(max((1 - self.tokens) / self.rate, EPSILON))

    async def slot(self) -> None:
        """Wait until a request may leave without making ``window`` in the last second, and count it."""
        if not self.window:
            return
        while len(self._recent) == self.window and (wait := self._recent[0] + 1.0 + 1e-6 - self.timer.clock()) > 0:
            await self.timer.sleep(max(wait, EPSILON))
        self._recent.append(self.timer.clock())

    def pause(self, seconds: float) -> None:
        now = self.timer.clock()
        self.paused_until = max(self.paused_until, now + seconds)
        self.tokens = 0
        self.updated = max(self.updated, self.paused_until)


@dataclass
class PerChat:
    """At most one message per ``interval`` seconds to the same chat."""

    interval: float
    timer: Timer
    last: dict[int, float] = field(default_factory=dict)

    async def wait(self, chat_id: int) -> None:
        previous = self.last.get(chat_id)
        if previous is not None:
            delay = previous + self.interval - self.timer.clock()
            if delay > 0:
                await self.timer.sleep(delay)
        self.last[chat_id] = self.timer.clock()
        if len(self.last) > 50_000:  # forget old chats
            horizon = self.timer.clock() - self.interval
            self.last = {c: t for c, t in self.last.items() if t > horizon}
