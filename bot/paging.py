"""One page of a long list (branches, jobs, events): the items shown, the page (kept in range), the page count."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

T = TypeVar("T")


def page_of(items: Sequence[T], page: int, size: int) -> tuple[list[T], int, int]:
    """``(items of the page, page, pages)``; a page out of range (an old button) gives the nearest one."""
    pages = max(1, -(-len(items) // size))
    page = min(max(page, 0), pages - 1)
    return list(items[page * size:(page + 1) * size]), page, pages
