"""What the benchmarks share: a result row, timing helpers, and a bot on the in-process emulator."""

from __future__ import annotations

import statistics
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    value: float
    unit: str
    target: str = ""
    ok: bool | None = None
    note: str = ""


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def median(samples: list[float]) -> float:
    return statistics.median(samples)


class Timer:
    def __enter__(self) -> "Timer":
        self.start = time.perf_counter()
        return self

    def __exit__(self, *exc) -> None:
        self.seconds = time.perf_counter() - self.start


async def make_bench_bot(db_path: Path | str | None = None, api=None, rate_limit: bool = False):
    """A bot on the in-process emulator with a throw-away database; returns (LocalChat, ctx).
    ``db_path``: a SQLite file or a ``postgresql://`` address; ``rate_limit``: with PTB's AIORateLimiter, as in service."""
    import datetime as dt

    from bot.app import build_context
    from bot.clock import PARIS, FrozenClock
    from bot.config import load_settings
    from devtools.localchat import start_local_chat

    folder = Path(tempfile.mkdtemp(prefix="passerelle-bench-"))
    settings = load_settings(ROOT / "config.yaml", env={"PASSERELLE_DB": str(db_path or folder / "bench.db"), "PASSERELLE_SECRET": "bench"})
    ctx = await build_context(settings, clock=FrozenClock(dt.datetime(2027, 3, 1, 10, 0, tzinfo=PARIS)))
    return await start_local_chat(ctx, api, rate_limit=rate_limit), ctx
