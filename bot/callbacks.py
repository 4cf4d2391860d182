"""Callback data: one short, versioned scheme, built and checked here and nowhere else.

Format: ``<version>:<kind>[:<arg>...]``, e.g. ``1:job:vendeur-sport`` or ``1:brl:3``.
Arguments are limited to ``[A-Za-z0-9_.-]``; the whole string fits Telegram's 64 bytes.
A handler registers with :func:`pattern` and reads its arguments with :func:`parse`; anything
that does not parse (an old version, a forged or truncated string) reaches the fallback handler.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

VERSION = "1"
MAX_BYTES = 64
_KIND = re.compile(r"^[a-z][a-z0-9_]{0,11}$")
_ARG = re.compile(r"^[A-Za-z0-9_.-]{1,40}$")


@dataclass(frozen=True)
class Callback:
    kind: str
    args: tuple[str, ...]

    def arg(self, index: int, default: str | None = None) -> str | None:
        return self.args[index] if index < len(self.args) else default

    def int_arg(self, index: int, default: int | None = None) -> int | None:
        value = self.arg(index)
        if value is None or not re.fullmatch(r"-?[0-9]{1,12}", value):
            return default
        return int(value)


def make(kind: str, *args: object) -> str:
    """Build callback data; raises ValueError on a bad kind, argument or length (a bug, not input)."""
    if not _KIND.match(kind):
        raise ValueError(f"callback kind invalide : {kind!r}")
    parts = [VERSION, kind]
    for arg in args:
        text = str(arg)
        if not _ARG.match(text):
            raise ValueError(f"argument de callback invalide : {text!r}")
        parts.append(text)
    data = ":".join(parts)
    if len(data.encode()) > MAX_BYTES:
        raise ValueError(f"callback trop long ({len(data.encode())} octets) : {data}")
    return data


@functools.lru_cache(maxsize=4096)
def parse(data: str | None) -> Callback | None:
    """Parse callback data; None for anything not made by :func:`make` of this version. Several
    handlers read the same press (the form dispatcher, the steps, the router): parsed once, remembered
    (a Callback cannot change)."""
    if not data or len(data.encode()) > MAX_BYTES:
        return None
    parts = data.split(":")
    if len(parts) < 2 or parts[0] != VERSION or not _KIND.match(parts[1]):
        return None
    if not all(_ARG.match(p) for p in parts[2:]):
        return None
    return Callback(parts[1], tuple(parts[2:]))


def pattern(*kinds: str) -> re.Pattern[str]:
    """The regex a CallbackQueryHandler uses to receive these kinds (arguments checked by parse)."""
    return re.compile(rf"^{VERSION}:({'|'.join(map(re.escape, kinds))})(:[A-Za-z0-9_.:-]*)?$")
