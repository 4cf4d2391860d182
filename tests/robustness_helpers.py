"""Shared pieces of the robustness and security tests: what the bot registered, odd inputs, checks."""

from __future__ import annotations

import random
import re
from typing import Any

import yaml
from telegram.ext import CallbackQueryHandler, CommandHandler, ConversationHandler

from bot.catalogue import fold
from bot.render import TEMPLATES

# Words or letters only a French sentence has; every answer of the bot must contain one.
_FRENCH = re.compile(r"[àâçéèêëîïôûùœ]|\b(le|la|les|de|des|du|un|une|tu|ton|ta|tes|vous|votre|pas|est|et|ou|pour|avec|rien)\b", re.I)


def _handlers(app):
    """Every handler of ``app``, those inside conversations included."""
    def walk(handler: Any):
        if isinstance(handler, ConversationHandler):
            for inner in handler.entry_points + handler.fallbacks + [h for hs in handler.states.values() for h in hs]:
                yield from walk(inner)
        else:
            yield handler

    for group in app.handlers.values():
        for handler in group:
            yield from walk(handler)


def callback_kinds(app) -> set[str]:
    """Every callback kind a handler of ``app`` listens to: the router's (handlers/common.py) and the
    patterns of the conversations' own handlers."""
    from handlers.common import BUTTONS

    kinds: set[str] = set(BUTTONS)
    for handler in _handlers(app):
        if isinstance(handler, CallbackQueryHandler) and handler.pattern is not None:
            match = re.match(r"\^1:\((.*?)\)", handler.pattern.pattern)
            if match:
                kinds.update(k.replace("\\", "") for k in match.group(1).split("|"))
    return kinds


def commands(app) -> set[str]:
    """Every command of the menus and of the registered handlers."""
    menus = yaml.safe_load((TEMPLATES / "commands.yaml").read_text(encoding="utf-8"))
    names = {c for items in menus.values() for c, _ in items}
    for handler in _handlers(app):
        if isinstance(handler, CommandHandler):
            names.update(handler.commands)
    return names


async def rows_holding(db, *values) -> list[tuple[str, tuple]]:
    """Every row of every table (of the SQLite file, persistence included; tables listed by
    the database itself, so future tables are covered) holding one of ``values``, as stored or folded
    (« Zéphyrine » is found as « zephyrine »)."""
    found = []
    wanted = [str(v).casefold() for v in values] + [fold(str(v)) for v in values if fold(str(v))]
    tables = await db.table_names()
    for table in tables:
        for row in await db.fetchall(f"SELECT * FROM {table}"):  # noqa: S608 (names from table_names())
            text = " ".join(str(v) for v in tuple(row)).casefold()
            if any(v in text or v in fold(text) for v in wanted):
                found.append((table, tuple(row)))
    return found


ODD_TEXTS = [
    " ", ".", "?", "\u200b", "\u200f\u200e", "🙂", "😀😃😄🎉🛒" * 20, "x" * 5000, "é" * 4096, "👍" * 3000,
    "مرحبا كيف حالك", "שלום", "\u202eevil\u202c", "e\u0301\u0301\u0301\u0301", "Z̴̡̧̛̖̗͓͔̰̲̔̈́͗ͅa̶l̷g̸o", "你好，我想工作",
    "Привет", "<b>gras</b>", "<script>alert(1)</script>", "a & b", "&amp; &lt;", "</b>", "<a href='x'>lien</a>",
    "'; DROP TABLE users; --", "\" OR 1=1 --", "%s %d {0} {{x}}", "\\x00", "\x00\x01\x02", "\n\n\n", "\t", "NULL", "None",
    "/", "//", "/ start", "/inconnue", "/start@AutreBot", "/START", "75001", "2A", "99999", "0", "-1", "1e308",
    "vendeur", "VENDEUR!!!", "caissier caissier caissier", "ma région", "oui", "non", "annuler", "menu",
]

JUNK_ARGS = [
    "", " ", "x", "-1", "0", "999999999999", "1" * 80, "é", "🙂", "<b>", "&", "'", "\"", "a b c", "32", "00", "2027-02-30",
    "30j", "2027-T9", "2027-13", "année", "tout", "on", "off", "OFF", "32 11", "conseiller", "coordinateur 32",
    "conseiller Bretagne Mission Locale", "x" * 3000, "../../etc/passwd", "%", "None", "null", "9" * 30,
]


def random_text(rng: random.Random) -> str:
    if rng.random() < 0.5:
        return rng.choice(ODD_TEXTS)
    alphabet = "abcdefghijklmnopqrstuvwxyzéèàçô ABCXYZ0123456789'\"<>&;:/\\%_-🙂\u200b\u0301ع中"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 300)))


def random_arg(rng: random.Random) -> str:
    """A callback argument: valid-looking, negative, huge, someone else's, or not allowed at all."""
    return rng.choice([
        str(rng.randint(-5, 50)), str(rng.randint(0, 10**12)), "-" + "9" * 12, "0", "1", "2", "3", "x" * 40, "abc",
        "vendeur-sport", "opticien-lunetier", "32", "11", "53", "non", "a.b", "_", "-", "..", "9" * 40,
    ])


def forged_data(rng: random.Random, kind: str) -> str:
    choice = rng.random()
    if choice < 0.15:
        return f"1:{kind}"
    if choice < 0.25:
        return f"1:{kind}:" + ":".join(random_arg(rng) for _ in range(rng.randint(4, 8)))
    if choice < 0.3:
        return f"1:{kind}:é"  # matches no argument rule
    if choice < 0.35:
        return f"1:{kind}:" + "7" * 70  # over 64 bytes
    return f"1:{kind}:" + ":".join(random_arg(rng) for _ in range(rng.randint(1, 3)))


def other_contents(rng: random.Random) -> list[dict[str, Any]]:
    """Non-text messages, in the shapes of the Bot API."""
    photo = [{"file_id": "p1", "file_unique_id": "up1", "width": 90, "height": 90, "file_size": 1200}]
    return [
        {"sticker": {"file_id": "s1", "file_unique_id": "us1", "type": "regular", "width": 512, "height": 512,
                     "is_animated": False, "is_video": False, "emoji": "😀"}},
        {"photo": photo},
        {"photo": photo, "caption": rng.choice(ODD_TEXTS)},
        {"voice": {"file_id": "v1", "file_unique_id": "uv1", "duration": 3, "mime_type": "audio/ogg"}},
        {"location": {"latitude": 48.85, "longitude": 2.35}},
        {"contact": {"phone_number": "+33600000000", "first_name": "Lina", "user_id": 1}},
        {"document": {"file_id": "d1", "file_unique_id": "ud1", "file_name": "cv.pdf", "mime_type": "application/pdf"}},
        {"video": {"file_id": "vi1", "file_unique_id": "uvi1", "width": 10, "height": 10, "duration": 1}},
        {"dice": {"emoji": "🎲", "value": 3}},
        {"venue": {"location": {"latitude": 48.85, "longitude": 2.35}, "title": "Gare", "address": "Paris"},
         "location": {"latitude": 48.85, "longitude": 2.35}},
    ]


def answers_since(bot, chat_id: int, calls_before: int) -> list[str]:
    """Texts the person got after ``calls_before`` (messages, edits, captions, button toasts)."""
    texts = []
    for call in bot.api.calls[calls_before:]:
        params = call.params
        if call.method in ("sendMessage", "editMessageText") and str(params.get("chat_id")) == str(chat_id):
            texts.append(str(params.get("text", "")))
        elif call.method in ("sendDocument", "sendPhoto") and str(params.get("chat_id")) == str(chat_id) and params.get("caption"):
            texts.append(str(params["caption"]))
        elif call.method == "answerCallbackQuery" and params.get("text"):
            texts.append(str(params["text"]))
    return texts


def assert_french(texts: list[str], what: str) -> None:
    for text in texts:
        plain = re.sub(r"<[^>]+>", "", text).strip()
        assert plain, f"réponse vide à {what!r}"
        assert _FRENCH.search(plain), f"réponse pas en français à {what!r} : {plain[:200]!r}"
        assert "Traceback" not in plain and "Exception" not in plain, (what, plain[:200])
