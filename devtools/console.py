"""``passerelle console``: chat with the bot in the terminal, through the in-process emulator."""

from __future__ import annotations

import asyncio
import html
import re
import sys
from pathlib import Path

from devtools import demo
from bot.app import build_context, shutdown
from bot.config import Settings
from devtools.localapi import SENDING, LocalBotAPI
from devtools.localchat import LocalChat, Seen, start_local_chat

BOLD, RESET = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")


def to_terminal(text: str) -> str:
    text = re.sub(r"</?(b|strong)>", lambda m: RESET if m.group(0).startswith("</") else BOLD, text)
    text = re.sub(r"<a href=\"([^\"]+)\">([^<]*)</a>", r"\2 (\1)", text)
    return html.unescape(re.sub(r"<[^>]+>", "", text))


class Console:
    """One terminal, one person at a time; ``!as`` switches to another person (see HELP)."""

    HELP = (
        "Commandes de la console (elles ne sont pas envoyées au bot) :\n"
        "  !as jeune | conseiller | coordinateur   devenir une des personnes de démonstration\n"
        "  !as <numéro> <prénom>                  devenir une autre personne (ex. !as 555 Inès)\n"
        "  !qui                                   qui suis-je ?\n"
        "  '13                                    envoyer le texte « 13 » au lieu d'appuyer sur le bouton 13\n"
        "  Ctrl-D ou /quitter                     quitter"
    )

    def __init__(self, chat: LocalChat, user_id: int, first_name: str, files_dir: Path, out=print, ctx=None) -> None:
        self.chat = chat
        self.ctx = ctx
        self.person = chat.person(user_id, first_name)
        self.files_dir = files_dir
        self.out = out
        self.buttons: list[tuple[Seen, dict]] = []
        self._seen: dict[int, str] = {}
        self._calls_seen = 0

    async def switch(self, words: list[str]) -> None:
        """``!as conseiller`` or ``!as 555 Inès``: continue the chat as another person."""
        if len(words) == 1 and words[0] in demo.PERSONAS:
            user_id, first_name = demo.PERSONAS[words[0]]
            if self.ctx is not None:
                await demo.prepare_persona(self.ctx, words[0])
        elif len(words) >= 2 and words[0].isdigit():
            user_id, first_name = int(words[0]), " ".join(words[1:])
        else:
            self.out(self.HELP)
            return
        self.person = self.chat.person(user_id, first_name)
        self.out(f"(tu es maintenant {first_name}, n° {user_id})")
        self.show_changes()

    def _others(self) -> None:
        """Say how many messages the bot sent to other people since the last action."""
        calls = self.chat.api.calls[self._calls_seen:]
        self._calls_seen = len(self.chat.api.calls)
        others = {str(c.params.get("chat_id")) for c in calls if c.method in SENDING and str(c.params.get("chat_id")) != str(self.person.id)}
        count = sum(1 for c in calls if c.method in SENDING and str(c.params.get("chat_id")) in others)
        if count:
            self.out(f"   (📤 {count} message(s) envoyé(s) à {len(others)} autre(s) personne(s) ; « !as <numéro> <prénom> » pour les voir)")

    def show_changes(self) -> None:
        """Print every message that is new or changed since the last action, numbering the buttons."""
        current = self.person.messages()
        changed = [m for m in current if self._seen.get(m.id) != repr(m.raw)]
        self._seen.update({m.id: repr(m.raw) for m in current})
        self._others()
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
        if line.startswith("!"):
            words = line[1:].split()
            if words[:1] == ["as"]:
                await self.switch(words[1:])
            elif words[:1] == ["qui"]:
                self.out(f"(tu es {self.person.spec.first_name}, n° {self.person.id})")
            else:
                self.out(self.HELP)
            return
        if line.startswith("'"):
            await self.person.send(line[1:])  # '13 sends the text "13" instead of pressing button 13
        elif line.isdigit() and len(line) <= 3 and self.buttons:
            index = int(line)
            if not 1 <= index <= len(self.buttons):
                self.out(f"(choisis un numéro entre 1 et {len(self.buttons)}, ou tape '{line} pour envoyer le texte « {line} »)")
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
    settings = settings.model_copy(update={"database": str(settings.data_dir / "demo.db"), "token": None})
    ctx = await build_context(settings)
    await demo.seed(ctx)
    await demo.prepare_persona(ctx, persona)
    chat = await start_local_chat(ctx, LocalBotAPI())
    app = chat.app
    user_id, first_name = demo.PERSONAS[persona]
    console = Console(chat, user_id, first_name, Path("console-files"), ctx=ctx)
    await app.start()
    try:
        print(f"Passerelle Commerce — console locale (données de démonstration : {settings.database})")
        print(f"Tu es {first_name} ({persona}). Tape un message, ou le numéro d'un bouton. « !aide » pour les commandes de la console, Ctrl-D pour quitter.")
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
    finally:
        await app.stop()
        await shutdown(app)
