"""Logging set-up: the token never reaches a log."""

from __future__ import annotations

import logging
import re

_TOKEN = re.compile(r"bot[0-9]{3,}:[A-Za-z0-9_-]{10,}")


class RedactToken(logging.Filter):
    """Blank any Bot API token that slips into a log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if _TOKEN.search(message):
            record.msg = _TOKEN.sub("bot<jeton masqué>", message)
            record.args = ()
        return True


def setup_logging(level: str = "INFO") -> None:
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    for handler in logging.getLogger().handlers:
        handler.addFilter(RedactToken())
    # httpx logs every request URL, and the URL holds the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
