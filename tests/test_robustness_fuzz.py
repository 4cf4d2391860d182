"""Seeded fuzz through the emulator: odd texts, junk commands and deep links, other message types,
edited messages, forged buttons (every registered kind), old or missing messages under a button.

Nothing may raise (the ``bot`` fixture fails the test), and every answer is non-empty French.
"""

from __future__ import annotations

import random

import pytest

from bot import roles
from bot.deeplinks import _handlers as deeplink_prefixes
from tests.advisors_helpers import COORD, make_advisor
from tests.robustness_helpers import (
    JUNK_ARGS, ODD_TEXTS, answers_since, assert_french, callback_kinds, commands, forged_data, other_contents, random_arg,
    random_text,
)


async def as_role(bot, who: str):
    """The person to drive: a young person, an advisor (32), a regional coordinator (32), the national one."""
    if who == "jeune":
        return bot.person(1001, "Lina", "lina")
    if who == "conseiller":
        person, _ = await make_advisor(bot)
        return person
    if who == "regional":
        await roles.grant(bot.ctx, None, chat_id=3001, kind="regional", region="32", display_name="Régis")
        return bot.person(3001, "Régis")
    return bot.person(COORD, "Nadia")


async def drive(bot, person, rng: random.Random, steps: int) -> None:
    kinds = sorted(callback_kinds(bot.app))
    names = sorted(commands(bot.app))
    prefixes = sorted(deeplink_prefixes) + ["xyz", "", "START"]
    await person.send("/start")
    for step in range(steps):
        roll = rng.random()
        before = len(bot.api.calls)
        expect_answer = True
        if roll < 0.2:
            what = random_text(rng)
            await person.send(what)
        elif roll < 0.4:
            arg = rng.choice(JUNK_ARGS + [random_text(rng)[:200]])
            what = f"/{rng.choice(names)} {arg}".rstrip()
            await person.send(what)
        elif roll < 0.47:
            prefix = rng.choice(prefixes)
            value = rng.choice([random_arg(rng), "x" * 70, "é", "a b", "-", "_", "../x", "0"])
            what = f"/start {prefix}_{value}"
            await person.send(what)
        elif roll < 0.55:
            content = rng.choice(other_contents(rng))
            what = "contenu " + next(iter(content))
            await person.send(None, **content)
        elif roll < 0.6:
            what = "message modifié"
            update = bot.api.user_message(person.spec, rng.choice(ODD_TEXTS + ["/start", "/oubli"]))
            message = update.pop("message")
            message["edit_date"] = message["date"] + 5
            update["edited_message"] = message
            await bot.feed(update)
            expect_answer = False
        else:
            what = forged_data(rng, rng.choice(kinds))
            expect_answer = False  # a button may legitimately only answer the query silently
            messages = person.messages()
            where = rng.random()
            if where < 0.15 or not messages:
                update = bot.api.user_press(person.spec, {}, what)  # an inline message: no message at all
                del update["callback_query"]["message"]
                update["callback_query"]["inline_message_id"] = "AAAA" + str(step)
                await bot.feed(update)
            elif where < 0.3:
                old = {"chat": {"id": person.id, "type": "private"}, "message_id": messages[0].id, "date": 0}
                await bot.feed(bot.api.user_press(person.spec, old, what))  # an inaccessible (too old) message
            else:
                await person.press_data(what, rng.choice(messages))
        texts = answers_since(bot, person.id, before)
        assert_french(texts, what)
        if expect_answer:
            assert texts or any(c.method.startswith("send") for c in bot.api.calls[before:]), f"aucune réponse à {what!r}"
        assert not bot.errors, (what, bot.errors)


@pytest.mark.parametrize("who, seed", [("jeune", 1), ("jeune", 2), ("conseiller", 3), ("regional", 4), ("national", 5)])
async def test_fuzz(bot, who, seed):
    person = await as_role(bot, who)
    await drive(bot, person, random.Random(seed), 300)


async def test_every_callback_kind_with_forged_arguments(bot):
    """Each registered kind, pressed with junk by a young person and by an advisor: a French answer each time."""
    rng = random.Random(7)
    young = bot.person(1001, "Lina")
    advisor, _ = await make_advisor(bot)
    kinds = sorted(callback_kinds(bot.app))
    assert {"menu", "job", "ann", "mye", "rvk", "st", "evr", "oblc"} <= set(kinds)
    for person in (young, advisor):
        await person.send("/start")
        for kind in kinds:
            for _ in range(3):
                data = forged_data(rng, kind)
                before = len(bot.api.calls)
                await person.press_data(data)
                assert_french(answers_since(bot, person.id, before), data)
                assert not bot.errors, (data, bot.errors)


async def test_every_command_with_junk_arguments(bot):
    young = bot.person(1001, "Lina")
    names = sorted(commands(bot.app))
    assert {"start", "annonce", "stats", "invite", "oubli"} <= set(names)
    for name in names:
        for arg in ("", "x" * 3000, "🙂", "<b>&", "-1"):
            before = len(bot.api.calls)
            what = f"/{name} {arg}".rstrip()
            await young.send(what)
            texts = answers_since(bot, young.id, before)
            assert texts, f"aucune réponse à {what!r}"
            assert_french(texts, what)
    # an /oubli confirmation left pending must not erase anything by itself
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM users WHERE chat_id = 1001") == 1


def _mutate(rng: random.Random, text: str) -> str:
    """One random corruption of a YAML file: a cut, a bad indent, a tab, a wrong type, a wrong date..."""
    lines = text.split("\n")
    i = rng.randrange(len(lines))
    choice = rng.randrange(10)
    if choice == 0:
        return text[: rng.randrange(len(text))]
    if choice == 1:
        lines[i] = "   " + lines[i]
    elif choice == 2:
        lines[i] = "\t" + lines[i]
    elif choice == 3:
        del lines[i]
    elif choice == 4:
        lines[i] = lines[i].replace(":", "", 1)
    elif choice == 5:
        lines[i] = lines[i].split(":", 1)[0] + ": [1, {a: 2}]" if ":" in lines[i] else lines[i] + " ]"
    elif choice == 6:
        lines[i] = lines[i].split(":", 1)[0] + ": " + rng.choice(["31/02/2027 25:61", "2027-13-40", "hier", "-1", "~", "''", "999999999999"]) if ":" in lines[i] else lines[i]
    elif choice == 7:
        lines.insert(i, rng.choice(["- 1", "? x", "&a b", "*zz", "!!python/object:os.system x", "{", "]", '"', "\x00", "évé: [", "%YAML 9.9"]))
    elif choice == 8:
        return rng.choice(["", "---", "[]", "42", "null", "- a\n- b", "\ufeff" + text, text.replace("\n", "\r\n")])
    else:
        lines[i] = lines[i] * 50
    return "\n".join(lines)


def test_broken_yaml_and_csv_files_are_reported_never_crash(tmp_path):
    """Content files, the events calendar and a CSV import, corrupted at random: every run ends with a
    list of problems naming the file (or the line), never an exception."""
    import shutil
    from pathlib import Path

    from bot.catalogue import load_catalogue
    from bot.catalogue.loader import read_content
    from bot.clock import PARIS
    from bot.events.csvimport import parse_csv
    from bot.events.files import read_event_files

    root = Path(__file__).resolve().parent.parent / "content"
    catalogue = load_catalogue(root)
    now = __import__("datetime").datetime(2027, 3, 1, 10, tzinfo=PARIS)
    rng = random.Random(11)
    content = tmp_path / "content"
    shutil.copytree(root, content)
    branch = sorted((content / "metiers").glob("*.yaml"))[0]
    events_file = content / "evenements" / "calendrier.yaml"
    originals = {branch: branch.read_text(encoding="utf-8"), content / "regions.yaml": (content / "regions.yaml").read_text(encoding="utf-8"),
                 content / "contacts.yaml": (content / "contacts.yaml").read_text(encoding="utf-8"),
                 events_file: (content / "evenements" / "_EXEMPLE.yaml.txt").read_text(encoding="utf-8")}
    for _ in range(60):
        target = rng.choice(list(originals))
        for path, text in originals.items():
            path.write_text(text, encoding="utf-8")
        target.write_text(_mutate(rng, originals[target]), encoding="utf-8")
        if target is events_file:
            _, problems = read_event_files(content, catalogue, now=now)
        else:
            problems = read_content(content).problems
        for problem in problems:
            # the broken file, or (a branch that disappeared with it) its folder and the field
            assert target.name in str(problem) or f"content/{target.parent.name} [" in str(problem), str(problem)
    header = "titre;type;debut;fin;ville;departement;organisateurs\n"
    for row in ["Forum;forum;31/02/2027 10:00;12:00;Lille;59;arml: ARML", "Forum;forum;;;;;", "\"Forum;forum", "x" * 5000,
                "Forum;forum;01/04/2027 10:00;09:00;Lille;59;arml: ARML", "Forum;forum;hier;demain;Lille;999;inconnu",
                ";;;;;;;;;;;;", "Forum;forum;01/04/1900 10:00;12:00;Lille;59;arml: ARML"]:
        report = parse_csv(header + row + "\n", catalogue, now)
        assert report.errors and all(isinstance(line, int) and message for line, message in report.errors), (row, report.errors)


@pytest.mark.parametrize("name, username", [("<b>Lina & co</b>", None), ("&amp;", "x_y"), ("🙂" * 32, None), ("\u202eanil", None),
                                            ("L" * 64, "u" * 32), ("{{ 7*7 }}", None), ("Zoé\u0301", "zoe")])
async def test_odd_names_and_message_shapes(bot, name, username):
    """Names are shown escaped, and messages with replies, forwards, quotes or odd entities are understood."""
    person = bot.person(1001, name, username)
    for text in ("/start", "/mesdonnees", "/menu"):
        before = len(bot.api.calls)
        await person.send(text)
        assert_french(answers_since(bot, person.id, before), text)
    assert "49" not in person.messages()[0].plain  # no template injection
    forwarded = {"forward_origin": {"type": "hidden_user", "sender_user_name": "Quelqu'un", "date": 0}}
    reply = {"reply_to_message": person.messages()[-1].raw}
    quote = {"quote": {"text": "menu", "position": 0}, "reply_to_message": person.messages()[-1].raw}
    entities = {"entities": [{"type": "bold", "offset": 0, "length": 3}, {"type": "bot_command", "offset": 4, "length": 6}]}
    for extra, text in ((forwarded, "vendeur"), (reply, "oui"), (quote, "menu"), (entities, "abc /start"),
                        ({"via_bot": {"id": 1, "is_bot": True, "first_name": "b"}}, "vendeur")):
        before = len(bot.api.calls)
        await person.send(text, **extra)
        texts = answers_since(bot, person.id, before)
        assert texts, (extra, text)
        assert_french(texts, text)
