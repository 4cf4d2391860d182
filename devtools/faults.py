"""Fault injection for the Bot API emulator: a seeded rate of failures of chosen kinds (issue 9 §3).

``api.faults = Faults(0.2, seed=1)`` makes 20 % of the calls (getUpdates excepted) fail with HTTP 500 or
502, 429 with ``retry_after``, a timeout before processing (the request never reached the server: safe
to repeat) or a timeout after processing ("lost": the action happened, the answer never came back).
"""

from __future__ import annotations

from devtools.botapi import BotAPIError


class Timeout(BotAPIError):
    """An injected timeout: the request was never processed (``processed=False``: like a connect timeout,
    safe to repeat) or processed but its answer lost (``processed=True``: like a read timeout)."""

    def __init__(self, processed: bool) -> None:
        super().__init__(0, "timeout after processing" if processed else "timeout before processing")
        self.processed = processed


#: The kinds of injected failure: HTTP 500 and 502, 429 with retry_after, timeouts before and after processing.
FAULT_KINDS = ("500", "502", "429", "timeout", "lost")


class Faults:
    """Seeded fault injection: each Bot API call (but getUpdates) fails with probability ``rate``, with a
    kind drawn from ``kinds``. ``counts`` records what was injected. ``api.faults = Faults(0.2, seed=1)``."""

    def __init__(self, rate: float, kinds: tuple[str, ...] = FAULT_KINDS, seed: int = 0, retry_after: int = 1,
                 methods: set[str] | None = None) -> None:
        import random

        unknown = set(kinds) - set(FAULT_KINDS)
        if unknown:
            raise ValueError(f"unknown fault kinds: {sorted(unknown)}")
        self.rate = rate
        self.kinds = kinds
        self.retry_after = retry_after
        self.methods = methods
        self.random = random.Random(seed)
        self.counts: dict[str, int] = {}

    def draw(self, method: str) -> str | None:
        """The kind of failure of this call, or None."""
        if method == "getUpdates" or (self.methods is not None and method not in self.methods):
            return None
        if self.random.random() >= self.rate:
            return None
        kind = self.random.choice(self.kinds)
        self.counts[kind] = self.counts.get(kind, 0) + 1
        return kind

    def error(self, kind: str) -> BotAPIError:
        """The error of a kind decided before processing ("lost" is raised after it)."""
        if kind == "500":
            return BotAPIError(500, "Internal Server Error")
        if kind == "502":
            return BotAPIError(502, "Bad Gateway")
        if kind == "429":
            return BotAPIError(429, f"Too Many Requests: retry after {self.retry_after}", retry_after=self.retry_after)
        return Timeout(processed=False)
