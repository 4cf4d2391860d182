"""PNG charts readable on a phone (matplotlib, non-interactive Agg backend, no pyplot state).

Counts hidden by the "<5" rule are drawn as an empty bar labelled « <5 ». Chart titles and labels
come from the caller (the handler renders them from templates).

matplotlib is imported by the first chart drawn, not with the bot: it took half of the start-up.
"""

from __future__ import annotations

import io
import textwrap
from functools import lru_cache
from typing import Any

from bot.stats.metrics import Fmt

WIDTH, DPI = 7.2, 150  # 1080 px wide: a phone screen
BLUE, ORANGE, GREY = "#1f5fa8", "#e8772e", "#9aa5b1"


@lru_cache(maxsize=1)
def _matplotlib() -> tuple[Any, Any, Any]:
    """(Figure, FigureCanvasAgg, MaxNLocator), imported once, with the non-interactive backend."""
    import matplotlib

    matplotlib.use("Agg")  # before anything imports pyplot
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    return Figure, FigureCanvasAgg, MaxNLocator


def _figure(height: float, title: str) -> tuple[Any, Any]:
    Figure, FigureCanvasAgg, _ = _matplotlib()
    figure = Figure(figsize=(WIDTH, height), dpi=DPI)
    FigureCanvasAgg(figure)
    figure.suptitle("\n".join(textwrap.wrap(title, 54, break_on_hyphens=False)), x=0.02, ha="left", fontsize=16)
    axes = figure.add_subplot(111)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    return figure, axes


def _png(figure: Any) -> bytes:
    buffer = io.BytesIO()
    figure.tight_layout()
    figure.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def _fill(color: str, hidden: bool) -> str:
    """A hidden count (« <5 ») is an empty bar with a grey dashed outline, as tall as the threshold."""
    return "none" if hidden else color


def _label(value: int, fmt: Fmt) -> str:
    return fmt.n(value).replace("\u202f", " ")


def hbars(title: str, items: list[tuple[str, int]], fmt: Fmt, color: str = BLUE) -> bytes:
    """Horizontal bars, biggest on top: top jobs, regions, the events funnel."""
    items = items or [("—", 0)]
    figure, axes = _figure(max(4.0, 1.4 + 0.62 * len(items)), title)
    labels = ["\n".join(textwrap.wrap(textwrap.shorten(name, 54, placeholder="…"), 28)) for name, _ in items][::-1]
    hidden = [fmt.hidden(v) for _, v in items][::-1]
    values = [fmt.threshold if h else v for h, (_, v) in zip(hidden, items[::-1])]
    bars = axes.barh(range(len(items)), values, color=[_fill(color, h) for h in hidden], height=0.65,
                     edgecolor=[GREY if h else color for h in hidden], linestyle="--")
    axes.set_yticks(range(len(items)), labels, fontsize=12)
    axes.tick_params(axis="x", labelsize=11)
    axes.xaxis.set_major_locator(_matplotlib()[2](integer=True))
    top = max(values) if any(values) else 1
    axes.set_xlim(0, top * 1.22)
    for bar, (_, value) in zip(bars, items[::-1]):
        axes.text(bar.get_width() + top * 0.015, bar.get_y() + bar.get_height() / 2, _label(value, fmt),
                  va="center", fontsize=12, color="#222222")
    return _png(figure)


def weekly(title: str, weeks: list[tuple[str, int]], fmt: Fmt) -> bytes:
    """Vertical bars, one per week (label « 22/03 »)."""
    weeks = weeks or [("—", 0)]
    figure, axes = _figure(5.6, title)
    hidden = [fmt.hidden(v) for _, v in weeks]
    values = [fmt.threshold if h else v for h, (_, v) in zip(hidden, weeks)]
    bars = axes.bar(range(len(weeks)), values, color=[_fill(BLUE, h) for h in hidden], width=0.7,
                    edgecolor=[GREY if h else BLUE for h in hidden], linestyle="--")
    axes.yaxis.set_major_locator(_matplotlib()[2](integer=True))
    step = max(1, -(-len(weeks) // 7))
    axes.set_xticks(range(0, len(weeks), step), [w for w, _ in weeks][::step], fontsize=11)
    axes.tick_params(axis="y", labelsize=11)
    top = max(values) if any(values) else 1
    axes.set_ylim(0, top * 1.18)
    if len(weeks) <= 16:
        for bar, (_, value) in zip(bars, weeks):
            axes.text(bar.get_x() + bar.get_width() / 2, bar.get_height() + top * 0.02, _label(value, fmt),
                      ha="center", fontsize=10 if len(weeks) > 8 else 12)
    return _png(figure)
