"""The emulator served over HTTP on 127.0.0.1, for end-to-end tests of ``passerelle run``.

Bot API calls: ``POST /bot<token>/<method>`` (form, multipart or JSON, like python-telegram-bot
sends them). Test controls: ``POST /_emu/send`` with JSON ``{"user_id", "first_name", "text"}``
queues an update; ``POST /_emu/press`` with JSON ``{"user_id", "message_id", "data"}`` queues a
button press; ``GET /_emu/messages?chat_id=N`` lists the bot's messages in that chat;
``GET /_emu/file?file_id=F`` returns the bytes of a file the bot sent. After ``setWebhook``, updates
are POSTed to the webhook one at a time, in order, with the secret token header (retried until 200),
as Telegram does.
"""

from __future__ import annotations

import asyncio
import json
import logging
import re
from email import policy
from email.parser import BytesParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from bot.httpserver import Request, SmallServer, post_json, response
from devtools.localapi import BotAPIError, LocalBotAPI, Timeout

log = logging.getLogger(__name__)
STRUCTURED = {"reply_markup", "commands", "scope", "entities", "caption_entities", "link_preview_options",
              "allowed_updates", "reply_parameters", "media", "menu_button"}


def _decode_fields(fields: dict[str, str]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in fields.items():
        if key in STRUCTURED:
            try:
                out[key] = json.loads(value)
                continue
            except ValueError:
                pass
        out[key] = value
    return out


def parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, tuple[str, bytes, str]]]:
    """Bot API parameters and uploaded files from a request body."""
    files: dict[str, tuple[str, bytes, str]] = {}
    if not body:
        return {}, files
    if content_type.startswith("application/json"):
        return json.loads(body), files
    if content_type.startswith("multipart/form-data"):
        message = BytesParser(policy=policy.HTTP).parsebytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
        fields: dict[str, str] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            filename = part.get_filename()
            payload = part.get_payload(decode=True) or b""
            if filename is not None:
                files[name] = (filename, payload, part.get_content_type())
            else:
                fields[name] = payload.decode("utf-8")
        return _decode_fields(fields), files
    fields = {k: v[-1] for k, v in parse_qs(body.decode("utf-8"), keep_blank_values=True).items()}
    return _decode_fields(fields), files


class HTTPEmulator(SmallServer):
    """A tiny HTTP/1.1 server in front of a :class:`LocalBotAPI`."""

    def __init__(self, api: LocalBotAPI | None = None, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(host, port)
        self.api = api or LocalBotAPI()
        self._delivery: asyncio.Task | None = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}/bot"

    async def start(self) -> None:
        await super().start()
        self._delivery = asyncio.create_task(self._deliver_by_webhook())

    async def _deliver_by_webhook(self) -> None:
        """While a webhook is set: POST each pending update to it, in order, until it answers 200."""
        while True:
            update = self.api.next_webhook_update()
            if update is None:
                await asyncio.sleep(0.02)
                continue
            headers = {"X-Telegram-Bot-Api-Secret-Token": self.api.webhook_secret} if self.api.webhook_secret else {}
            try:
                status = await post_json(self.api.webhook, json.dumps(update).encode(), headers)
            except (OSError, asyncio.TimeoutError, ValueError, IndexError):
                status = 0
            if status == 200:
                self.api.delivered(update)
            else:
                await asyncio.sleep(0.2)

    async def stop(self) -> None:
        if self._delivery is not None:
            self._delivery.cancel()
        await super().stop()

    async def answer(self, request: Request) -> bytes | None:
        method, target = request.method, request.target
        try:
            status, payload = await self._handle(method, target, request.headers.get("content-type", ""), request.body)
        except Timeout:  # injected: the client never gets an answer on this connection
            return None
        except (ValueError, KeyError, TypeError) as error:  # a request we cannot read: say so, like a server
            log.warning("requête illisible %s %s : %r", method, target.split("?")[0].rsplit("/", 1)[-1], error)
            status, payload = 400, {"ok": False, "error_code": 400, "description": f"Bad Request: {error}"}
        return response(status, json.dumps(payload).encode())

    async def _handle(self, method: str, target: str, content_type: str, body: bytes) -> tuple[int, Any]:
        url = urlsplit(target)
        if url.path == "/_emu/send":
            data = json.loads(body or b"{}")
            user = self.api.user(int(data["user_id"]), data.get("first_name", "Camille"))
            self.api.push_update(self.api.user_message(user, data.get("text")))
            return 200, {"ok": True}
        if url.path == "/_emu/press":
            data = json.loads(body or b"{}")
            user = self.api.user(int(data["user_id"]))
            message = self.api.messages.get(user.id, {}).get(int(data["message_id"]))
            if message is None:
                return 400, {"ok": False, "error_code": 400, "description": "Bad Request: message not found"}
            self.api.push_update(self.api.user_press(user, message, str(data["data"])))
            return 200, {"ok": True}
        if url.path == "/_emu/file":
            file_id = parse_qs(url.query).get("file_id", [""])[0]
            content = self.api.files.get(file_id)
            if content is None:
                return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
            return 200, {"ok": True, "result": content.decode("utf-8", errors="replace")}
        if url.path == "/_emu/messages":
            chat_id = int(parse_qs(url.query).get("chat_id", ["0"])[0])
            return 200, {"ok": True, "result": self.api.bot_messages(chat_id)}
        match = re.fullmatch(r"/bot[^/]+/([A-Za-z]+)", url.path)
        if not match:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        try:
            params, files = parse_body(content_type, body)
            result = await self.api.call(match.group(1), params, files)
        except Timeout:
            raise
        except BotAPIError as error:
            return error.code, error.payload()
        return 200, {"ok": True, "result": result}


async def serve_forever(port: int) -> None:
    """``python -m devtools.httpapi PORT``: run the emulator alone."""
    emulator = HTTPEmulator(port=port)
    await emulator.start()
    print(f"Émulateur de l'API Bot : {emulator.base_url}", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    import sys

    asyncio.run(serve_forever(int(sys.argv[1]) if len(sys.argv) > 1 else 8081))
