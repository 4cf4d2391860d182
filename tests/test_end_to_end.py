"""`passerelle run` as a real subprocess, talking HTTP to the emulator on 127.0.0.1."""

import asyncio
import json
import os
import sys
import urllib.request
from pathlib import Path

from devtools.httpapi import HTTPEmulator

ROOT = Path(__file__).resolve().parent.parent


def _get(url: str):
    with urllib.request.urlopen(url, timeout=5) as response:
        return json.loads(response.read())


def _post(url: str, data: dict):
    request = urllib.request.Request(url, data=json.dumps(data).encode(), headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=5) as response:
        return json.loads(response.read())


async def test_run_serves_the_bot_api_over_http(tmp_path):
    emulator = HTTPEmulator()
    await emulator.start()
    token = "123456789:AAE2eSecretTokenValue_abcdefghij"
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": token, "TELEGRAM_API_BASE_URL": emulator.base_url,
           "TELEGRAM_API_FILE_URL": f"http://127.0.0.1:{emulator.port}/file/bot",
           "PASSERELLE_DB": str(tmp_path / "e2e.db"), "PASSERELLE_SECRET": "e2e"}
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{emulator.port}"
        for _ in range(200):  # wait for the bot to poll
            if any(c.method == "getUpdates" for c in emulator.api.calls):
                break
            await asyncio.sleep(0.05)
        else:
            raise AssertionError("le bot n'a jamais appelé getUpdates")
        await asyncio.to_thread(_post, base + "/_emu/send", {"user_id": 555, "first_name": "Inès", "text": "/start"})
        messages = []
        for _ in range(200):
            messages = (await asyncio.to_thread(_get, f"{base}/_emu/messages?chat_id=555"))["result"]
            if messages:
                break
            await asyncio.sleep(0.05)
        assert messages, "pas de réponse à /start"
        assert "Inès" in messages[0]["text"]
        assert messages[0]["reply_markup"]["inline_keyboard"]
        assert any(c.method == "setMyCommands" for c in emulator.api.calls)

        async def wait_for(predicate):
            for _ in range(200):
                found = (await asyncio.to_thread(_get, f"{base}/_emu/messages?chat_id=555"))["result"]
                if predicate(found):
                    return found
                await asyncio.sleep(0.05)
            raise AssertionError(f"rien de nouveau : {found[-1] if found else None}")

        # a button press over HTTP: the bot edits the message (form-encoded reply_markup)
        welcome = messages[0]
        region = next(b for row in welcome["reply_markup"]["inline_keyboard"] for b in row if b["text"] == "Hauts-de-France")
        await asyncio.to_thread(_post, base + "/_emu/press", {"user_id": 555, "message_id": welcome["message_id"], "data": region["callback_data"]})
        await wait_for(lambda found: any("Hauts-de-France" in m.get("text", "") and m["message_id"] != welcome["message_id"] or m.get("edit_date") for m in found))
        # a file over HTTP: /mesdonnees sends a JSON document (multipart upload through httpx)
        await asyncio.to_thread(_post, base + "/_emu/send", {"user_id": 555, "first_name": "Inès", "text": "/mesdonnees"})
        found = await wait_for(lambda found: any("document" in m for m in found))
        document = next(m["document"] for m in found if "document" in m)
        content = (await asyncio.to_thread(_get, f"{base}/_emu/file?file_id={document['file_id']}"))["result"]
        data = json.loads(content)
        assert "Inès" in content and "32" in content and data
    finally:
        process.terminate()
        output, _ = await asyncio.wait_for(process.communicate(), timeout=20)
        await emulator.stop()
    log = output.decode()
    assert token not in log and token.split(":")[1] not in log, "le jeton apparaît dans les journaux"
    assert process.returncode == 0, log
