"""Logging set-up: the token never reaches a log."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"(?:bot)?(?<![0-9])[0-9]{3,}:[A-Za-z0-9_-]{10,}")  # with or without the URL's "bot" prefix


class RedactToken(logging.Filter):
    """Blank any Bot API token that slips into a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = redact(message)
            record.args = ()
        if record.exc_info and not record.exc_text:
            # the traceback (and its chained exceptions' messages) is formatted here, redacted, and
            # kept in exc_text, which every Formatter prints instead of formatting exc_info again
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


def redact(text: str) -> str:
    """``text`` with any Bot API token blanked (for what is printed rather than logged)."""
    return _TOKEN.sub("bot<jeton masqué>", text)


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken())
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
