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
    await drive(bot, person, random.Random(seed), 160)


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
