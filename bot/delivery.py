"""Writing to many people: one helper for every loop that sends to a list of people.

Reminders, change and cancellation notices, waiting-list promotions and the weekly digest call
:func:`deliver`; the broadcast sender classifies its errors with :func:`classify`. Either way, a person
who blocked the bot (« Forbidden », HTTP 403) is marked inactive with alerts off, every time.
Telegram's hiccups (5xx, network errors, flood control) are first retried by the request layer
(:mod:`bot.retry`); what is left is logged and reported, never raised into the loop.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TelegramError

from bot.context import AppContext

log = logging.getLogger(__name__)

SENT, BLOCKED, FAILED = "sent", "blocked", "failed"
#: Reasons worth trying again later (the broadcast sender does, with its own pauses).
RETRYABLE = ("flood", "server", "network")


@dataclass
class Outcome:
    status: str
    reason: str | None = None  # flood, server, network, refused, other (bot/templates/messages/broadcast.yaml)
    detail: str = ""
    wait: float | None = None  # seconds Telegram asked to wait (flood control)

    @property
    def retryable(self) -> bool:
        return self.reason in RETRYABLE


def retry_after_seconds(error: RetryAfter) -> float:
    import warnings

    from telegram.warnings import PTBDeprecationWarning

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = error.retry_after
    return value.total_seconds() if hasattr(value, "total_seconds") else float(value)


def classify(error: TelegramError) -> Outcome:
    """What a failed send means: blocked by the person, or failed for a reason (retryable or not)."""
    if isinstance(error, RetryAfter):
        wait = retry_after_seconds(error)
        return Outcome(FAILED, "flood", f"{wait:g} s", wait)
    if isinstance(error, Forbidden):
        return Outcome(BLOCKED, None, str(error))
    if isinstance(error, BadRequest):
        return Outcome(FAILED, "refused", str(error))
    if isinstance(error, NetworkError):  # an HTTP 5xx has no cause; a connection problem or a timeout comes from httpx
        return Outcome(FAILED, "network" if error.__cause__ is not None else "server", str(error) or type(error).__name__)
    return Outcome(FAILED, "other", str(error))


async def deliver(ctx: AppContext, chat_id: int, *sends: Callable[[], Awaitable[object]], what: str = "message") -> Outcome:
    """Run ``sends`` (e.g. ``lambda: bot.send_message(chat_id, text)``) for one person, in order; a person
    who blocked the bot is marked inactive (alerts off); other failures are logged. Never raises a Telegram error."""
    try:
        for send in sends:
            await send()
    except TelegramError as error:
        outcome = classify(error)
        if outcome.status == BLOCKED:
            from bot.broadcast.service import set_blocked

            await set_blocked(ctx, chat_id, True)
            log.info("%s non remis : la personne a bloqué le bot (désormais inactive)", what)
        else:
            log.warning("%s non remis (%s) : %s", what, outcome.reason, outcome.detail)
        return outcome
    return Outcome(SENT)
