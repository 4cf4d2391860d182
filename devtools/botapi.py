"""The Bot API rules the emulator (devtools/localapi.py) checks, and the in-process request that plugs it
into python-telegram-bot: ids and limits, Telegram's error, the HTML it accepts, users, flood limits."""

from __future__ import annotations

import html
import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT_ID = 7000000001
BOT_USERNAME = "PasserelleCommerceBot"
MAX_TEXT = 4096
MAX_CAPTION = 1024
ALLOWED_TAGS = {
    "b": set(), "strong": set(), "i": set(), "em": set(), "u": set(), "ins": set(), "s": set(),
    "strike": set(), "del": set(), "span": {"class"}, "tg-spoiler": set(), "a": {"href"},
    "code": {"class"}, "pre": set(), "blockquote": {"expandable"}, "tg-emoji": {"emoji-id"},
}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[a-zA-Z-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*)\s*(/?)>|<|&(#[0-9]+|#x[0-9a-fA-F]+|[a-zA-Z]+);|&")
_ATTR = re.compile(r"([a-zA-Z-]+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+))?")


class BotAPIError(Exception):
    """An error answer of the Bot API: HTTP-like code and Telegram's description."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code = code
        self.description = description
        self.retry_after = retry_after

    def payload(self) -> dict[str, Any]:
        body: dict[str, Any] = {"ok": False, "error_code": self.code, "description": self.description}
        if self.retry_after is not None:
            body["parameters"] = {"retry_after": self.retry_after}
        return body


def parse_html(text: str) -> str:
    """Check Telegram HTML like the Bot API does; return the visible text or raise BotAPIError."""
    out: list[str] = []
    stack: list[str] = []
    pos = 0
    for match in _TAG.finditer(text):
        out.append(text[pos:match.start()])
        pos = match.end()
        token = match.group(0)
        if token == "<":
            raise BotAPIError(400, f"Bad Request: can't parse entities: unsupported start tag at byte offset {match.start()}")
        if token == "&":
            raise BotAPIError(400, f"Bad Request: can't parse entities: character entity expected at byte offset {match.start()}")
        if token.startswith("&"):
            entity = match.group(5)
            if entity.startswith("#") or entity in ("lt", "gt", "amp", "quot"):
                out.append(html.unescape(token))
                continue
            raise BotAPIError(400, f"Bad Request: can't parse entities: unsupported HTML entity \"{token}\" at byte offset {match.start()}")
        closing, name, attrs, selfclose = match.group(1), match.group(2).lower(), match.group(3), match.group(4)
        if name not in ALLOWED_TAGS:
            raise BotAPIError(400, f"Bad Request: can't parse entities: unsupported start tag \"{name}\" at byte offset {match.start()}")
        if closing:
            if not stack or stack[-1] != name:
                raise BotAPIError(400, f"Bad Request: can't parse entities: unmatched end tag at byte offset {match.start()}, expected \"</{stack[-1] if stack else ''}>\", found \"</{name}>\"")
            stack.pop()
            continue
        for attr_name, _ in _ATTR.findall(attrs):
            if attr_name.lower() not in ALLOWED_TAGS[name]:
                raise BotAPIError(400, f"Bad Request: can't parse entities: unsupported attribute \"{attr_name}\" in tag \"{name}\"")
        if not selfclose:
            stack.append(name)
    out.append(text[pos:])
    if stack:
        raise BotAPIError(400, f"Bad Request: can't parse entities: can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    at: float


@dataclass
class UserSpec:
    id: int
    first_name: str
    username: str | None = None
    language_code: str = "fr"

    def as_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {"id": self.id, "is_bot": False, "first_name": self.first_name, "language_code": self.language_code}
        if self.username:
            data["username"] = self.username
        return data


@dataclass
class RateLimit:
    """Telegram-like flood control: ``per_second`` messages overall; beyond it, 429 with retry_after."""

    per_second: float
    clock: Callable[[], float] = time.monotonic
    sent: list[float] = field(default_factory=list)

    def check(self) -> None:
        now = self.clock()
        window_start = now - 1.0
        while self.sent and self.sent[0] <= window_start:
            self.sent.pop(0)
        if len(self.sent) >= self.per_second:
            raise BotAPIError(429, "Too Many Requests: retry after 1", retry_after=1)
        self.sent.append(now)


SENDING = {"sendMessage", "sendDocument", "sendPhoto", "sendVenue", "sendLocation", "copyMessage", "forwardMessage"}


class LocalRequest(BaseRequest):
    """python-telegram-bot's network layer, replaced by a direct call into the emulator (``devtools.localapi.LocalBotAPI``)."""

    def __init__(self, api: Any) -> None:
        self.api = api

    async def initialize(self) -> None:
        return None

    async def shutdown(self) -> None:
        return None

    @property
    def read_timeout(self) -> float | None:
        return None

    async def do_request(self, url, method, request_data: RequestData | None = None, read_timeout=None, write_timeout=None, connect_timeout=None, pool_timeout=None) -> tuple[int, bytes]:
        api_method = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        files = request_data.multipart_data if request_data and request_data.contains_files else None
        try:
            result = await self.api.call(api_method, params, files)
        except BotAPIError as error:
            if hasattr(error, "processed"):  # an injected timeout (devtools.faults): what httpx raises
                import httpx
                from telegram.error import TimedOut

                # before the request was written (safe to repeat), or while waiting for the answer
                cause = httpx.ReadTimeout("read timeout") if error.processed else httpx.ConnectTimeout("connect timeout")
                raise TimedOut() from cause
            return error.code, json.dumps(error.payload()).encode()
        return 200, json.dumps({"ok": True, "result": result}).encode()
