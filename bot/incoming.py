"""Reading the updates Telegram sends, without building what the bot never reads.

A pressed button arrives with the whole message under it, keyboard included; python-telegram-bot would
turn every button of that keyboard into an object (about a third of the cost of reading a button's
update) although the bot only uses the message's chat, id and text: it answers by editing the message
whole. :func:`lighten` drops that keyboard; every way in goes through it: long polling
(:class:`LightUpdatesRequest`, the request of ``getUpdates``), the webhook (bot/webhook.py) and the
emulator (devtools/localchat.py). ``update.callback_query.message.reply_markup`` is therefore None.
"""

from __future__ import annotations

from typing import Any

from telegram import Update

from bot.retry import WrappingRequest


def lighten(data: Any) -> Any:
    """The update ``data`` without the keyboard of the message under a pressed button (a copy of that
    message: ``data`` itself is left as it was)."""
    query = data.get("callback_query") if isinstance(data, dict) else None
    message = query.get("message") if isinstance(query, dict) else None
    if isinstance(message, dict) and "reply_markup" in message:
        data = {**data, "callback_query": {**query, "message": {k: v for k, v in message.items() if k != "reply_markup"}}}
    return data


def read_update(data: Any, bot: Any) -> Update | None:
    """``Update.de_json`` of the lightened update."""
    return Update.de_json(lighten(data), bot)


class LightUpdatesRequest(WrappingRequest):
    """The request of ``getUpdates`` (long polling): another request whose answers are lightened."""

    def parse_json_payload(self, payload: bytes) -> dict[str, Any]:
        answer = self.inner.parse_json_payload(payload)
        if isinstance(answer.get("result"), list):
            answer["result"] = [lighten(update) for update in answer["result"]]
        return answer
