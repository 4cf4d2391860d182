"""``passerelle console``: chat with the bot in the terminal, through the in-process emulator."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path

from bot import demo
from bot.app import build_application, build_context, shutdown, startup
from bot.config import Settings
from bot.localapi import LocalBotAPI, LocalRequest
from bot.localchat import LocalChat, Seen

BOLD, RESET = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")


def to_terminal(text: str) -> str:
    text = re.sub(r"</?(b|strong)>", lambda m: RESET if m.group(0).startswith("</") else BOLD, text)
    text = re.sub(r"<a href=\"([^\"]+)\">([^<]*)</a>", r"\2 (\1)", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Console:
    def __init__(self, chat: LocalChat, user_id: int, first_name: str, files_dir: Path, out=print) -> None:
        self.chat = chat
        self.person = chat.person(user_id, first_name)
        self.files_dir = files_dir
        self.out = out
        self.buttons: list[tuple[Seen, dict]] = []
        self._seen: dict[int, str] = {}

    def _snapshot(self) -> dict[int, str]:
        return {m.id: repr(m.raw) for m in self.person.messages()}

    def show_changes(self) -> None:
        """Print every message that is new or changed since the last action, numbering the buttons."""
        current = self.person.messages()
        changed = [m for m in current if self._seen.get(m.id) != repr(m.raw)]
        self._seen = {m.id: repr(m.raw) for m in current}
        if changed:
            self.buttons = []
        for message in changed:
            self.out("")
            self.out("🤖 " + to_terminal(message.text).replace("\n", "\n   "))
            self._save_files(message)
            for button in message.buttons:
                self.buttons.append((message, button))
                target = f" → {button['url']}" if "url" in button else ""
                self.out(f"   [{len(self.buttons)}] {button['text']}{target}")

    def _save_files(self, message: Seen) -> None:
        attachment = message.document or (message.photo[-1] if message.photo else None)
        if not attachment:
            return
        data = self.chat.api.files.get(attachment["file_id"], b"")
        name = attachment.get("file_name") or f"photo-{attachment['file_id']}.png"
        self.files_dir.mkdir(parents=True, exist_ok=True)
        path = self.files_dir / f"{message.id}-{name}"
        path.write_bytes(data)
        self.out(f"   📎 fichier enregistré : {path.resolve()}")

    async def handle(self, line: str) -> None:
        line = line.strip()
        if line.isdigit() and self.buttons:
            index = int(line)
            if not 1 <= index <= len(self.buttons):
                self.out(f"(choisis un numéro entre 1 et {len(self.buttons)})")
                return
            message, button = self.buttons[index - 1]
            if "callback_data" not in button:
                self.out(f"(lien à ouvrir dans un navigateur : {button.get('url')})")
                return
            await self.person.press_data(button["callback_data"], message)
        else:
            await self.person.send(line)
        self.show_changes()


async def run_console(settings: Settings, persona: str = "jeune") -> None:
    """Start the bot on the demo database and chat with it on stdin/stdout."""
    settings = settings.model_copy(update={"database": settings.database.with_name("demo.db"), "token": None})
    ctx = await build_context(settings)
    await demo.seed(ctx)
    await demo.prepare_persona(ctx, persona)
    api = LocalBotAPI()
    app = build_application(ctx, request=LocalRequest(api), rate_limit=False)
    user_id, first_name = demo.PERSONAS[persona]
    console = Console(LocalChat(app, api), user_id, first_name, Path("console-files"))
    async with app:
        await startup(app)
        await app.start()
        print(f"Passerelle Commerce — console locale (données de démonstration : {settings.database})")
        print(f"Tu es {first_name} ({persona}). Tape un message, ou le numéro d'un bouton. Ctrl-D pour quitter.")
        await console.handle("/start")
        while True:
            try:
                line = await asyncio.to_thread(input, "\n> ")
            except (EOFError, KeyboardInterrupt):
                print("\nÀ bientôt !")
                break
            if line.strip() in ("/quitter", "/quit", "/exit"):
                break
            if line.strip():
                await console.handle(line)
        await app.stop()
        await shutdown(app)
