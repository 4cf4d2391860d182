"""The Bot API request layer that rides out Telegram's hiccups: every call the bot makes goes through it.

:class:`RetryingRequest` wraps python-telegram-bot's network layer (``HTTPXRequest`` in service, the
emulator's ``LocalRequest`` in tests), so handlers, raw requests, reminders and the broadcast sender
all get the same rules, within a bounded time (``budget`` seconds, ``attempts`` tries):

- HTTP 5xx: tried again after a growing pause (0.25 s, 0.5 s, 1 s… at most ``max_delay``).
- HTTP 429: the requests to that chat (all requests when there is no chat) wait the ``retry_after``
  Telegram asks, then this one is tried again, if the wait fits in the budget. Answers to other people
  do not wait (the broadcast sender keeps its own overall pace, :mod:`bot.broadcast.pacing`).
- Network errors and timeouts: tried again when the request was never written (connection refused
  or timed out, no free connection) — nothing can have been received — or when repeating the method
  is harmless (edits, callback answers, reads, settings). A ``send*`` whose answer was lost may have
  been delivered: the error goes up to the caller, which decides (the broadcast sender sends again,
  at least once; see README « Diffusion »).

When the budget or the attempts run out, the last answer (or error) goes up unchanged, so callers
see Telegram's own errors (``RetryAfter``, ``NetworkError``, ``TimedOut``…).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

from telegram.error import NetworkError
from telegram.request import BaseRequest, RequestData

from bot.broadcast.pacing import Timer

log = logging.getLogger(__name__)

#: Methods whose repetition changes nothing for the person (a repeated edit is "not modified",
#: a repeated callback answer is refused as too old).
HARMLESS_PREFIXES = ("get", "set", "delete", "edit", "answerCallbackQuery", "sendChatAction")
#: httpx errors raised before the request was written: the server cannot have acted on it.
NOT_WRITTEN = {"ConnectError", "ConnectTimeout", "PoolTimeout"}


def never_written(error: BaseException) -> bool:
    """True when the failed request certainly never reached the server."""
    cause = error.__cause__
    return cause is not None and type(cause).__name__ in NOT_WRITTEN


def harmless_to_repeat(method: str) -> bool:
    return method.startswith(HARMLESS_PREFIXES)


def _retry_after(payload: bytes) -> float | None:
    try:
        value = json.loads(payload).get("parameters", {}).get("retry_after")
    except (ValueError, AttributeError):
        return None
    return float(value) if value else None


class WrappingRequest(BaseRequest):
    """A ``BaseRequest`` around another one, which does the network part (subclasses add their rule)."""

    def __init__(self, inner: BaseRequest) -> None:
        self.inner = inner

    async def initialize(self) -> None:
        await self.inner.initialize()

    async def shutdown(self) -> None:
        await self.inner.shutdown()

    @property
    def read_timeout(self) -> float | None:
        return self.inner.read_timeout

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        return await self.inner.do_request(url, method, request_data, read_timeout, write_timeout, connect_timeout, pool_timeout)


class RetryingRequest(WrappingRequest):
    """A ``BaseRequest`` that retries what is safe to retry around another one (see the module)."""

    def __init__(self, inner: BaseRequest, *, budget: float = 10.0, attempts: int = 6, base_delay: float = 0.25,
                 max_delay: float = 4.0, timer: Timer | None = None) -> None:
        super().__init__(inner)
        self.budget = budget
        self.attempts = attempts
        self.base_delay = base_delay
        self.max_delay = max_delay
        self.timer = timer or Timer()
        self.paused_until: dict[str | None, float] = {}  # chat id (None: every request) -> end of its flood pause
        self.retried = 0  # how many calls were repeated (figures, logs)
        #: called with (chat id, seconds) before each wait (figures of the tests and benchmarks)
        self.on_wait: Callable[[str | None, float], None] | None = None

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None, read_timeout=None,
                         write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        chat = request_data.parameters.get("chat_id") if request_data is not None else None
        chat = None if chat is None else str(chat)
        started = self.timer.clock()
        attempt = 0
        while True:
            attempt += 1
            await self._wait_for_flood_control(chat)
            try:
                code, payload = await self.inner.do_request(url, method, request_data, read_timeout, write_timeout,
                                                            connect_timeout, pool_timeout)
            except NetworkError as error:  # TimedOut included
                if not (never_written(error) or harmless_to_repeat(api_method)):
                    raise
                delay = self._backoff(attempt)
                if not self._may_retry(attempt, started, delay):
                    raise
                log.debug("%s : %s, nouvel essai dans %.2f s", api_method, type(error).__name__, delay)
            else:
                if code == 429:
                    delay = _retry_after(payload) or 1.0
                    self._pause(chat, delay)
                elif code >= 500:
                    delay = self._backoff(attempt)
                else:
                    return code, payload
                if not self._may_retry(attempt, started, delay):
                    return code, payload
                log.debug("%s : HTTP %s, nouvel essai dans %.2f s", api_method, code, delay)
            self.retried += 1
            await self._sleep(chat, delay)

    def _backoff(self, attempt: int) -> float:
        return min(self.max_delay, self.base_delay * 2 ** (attempt - 1))

    def _may_retry(self, attempt: int, started: float, delay: float) -> bool:
        return attempt < self.attempts and self.timer.clock() - started + delay <= self.budget

    def _pause(self, chat: str | None, seconds: float) -> None:
        now = self.timer.clock()
        if len(self.paused_until) > 10_000:  # forget the pauses that are over
            self.paused_until = {c: t for c, t in self.paused_until.items() if t > now}
        self.paused_until[chat] = max(self.paused_until.get(chat, 0.0), now + seconds)

    async def _wait_for_flood_control(self, chat: str | None) -> None:
        until = max(self.paused_until.get(chat, 0.0), self.paused_until.get(None, 0.0))
        wait = until - self.timer.clock()
        if wait > 0:
            await self._sleep(chat, wait)

    async def _sleep(self, chat: str | None, seconds: float) -> None:
        if self.on_wait is not None:
            self.on_wait(chat, seconds)
        await self.timer.sleep(seconds)
