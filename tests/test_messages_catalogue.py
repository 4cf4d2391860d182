"""The message catalogue (bot/templates/messages/*.yaml): every key the code uses exists, every entry is used."""

import re
import string
from pathlib import Path

from bot.messages import catalogue

ROOT = Path(__file__).resolve().parent.parent
CALL = re.compile(r"""\b(Msg|message|table|EventError)\(\s*(f?)["']([^"']*)["']""")


def _uses() -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for folder in ("bot", "handlers"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            for match in CALL.finditer(path.read_text(encoding="utf-8")):
                name, dynamic, key = match.groups()
                if name == "EventError" and "." not in key:
                    continue
                assert not dynamic, f"{path.name}: key built at run time ({key}): write it whole so it can be checked"
                found.setdefault(key, []).append(path.name)
    return found


def test_every_key_used_in_the_code_exists():
    missing = {key: files for key, files in _uses().items() if key not in catalogue()}
    assert not missing, f"keys missing from bot/templates/messages/: {missing}"


def test_every_entry_is_used():
    unused = sorted(set(catalogue()) - set(_uses()))
    assert not unused, f"catalogue entries no code uses: {unused}"


def test_entries_are_texts_or_tables_of_texts_with_valid_placeholders():
    for key, value in catalogue().items():
        texts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        for text in texts:
            assert isinstance(text, str) and text.strip(), key
            list(string.Formatter().parse(text))  # raises on a stray brace
