"""Doing something a second time: editing a message already answered, tapping « Je m'inscris » twice.
The bot answers once, and says so plainly when there is nothing new to do."""

from __future__ import annotations

from tests.events_helpers import young


async def test_editing_a_message_already_answered_gets_no_second_answer(bot, db):
    lina = await young(bot, 1001)
    await lina.send("vendeur")
    answered = lina.last.plain
    assert "vendeur" in answered
    searched = await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'search'")
    calls = len(bot.api.calls)
    typed = lina.sent_messages()[-1]["message_id"]

    assert await lina.edit(typed, "caissière") == []  # not answered again, nothing counted again
    assert lina.last.plain == answered
    assert [c.method for c in bot.api.calls[calls:]] == []
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'search'") == searched

    await lina.send("caissière")  # typed again: answered as usual
    assert "caissière" in lina.last.plain


async def test_an_edit_is_not_taken_as_the_answer_to_a_waiting_question(bot, db):
    lina = bot.person(1002, "Lina")
    await lina.send("/start")
    asked = lina.last.plain  # the welcome asks for the region
    first = lina.sent_messages()[-1]["message_id"]
    assert await lina.edit(first, "Marseille") == []  # editing /start: neither a new welcome nor a region
    assert await db.scalar("SELECT region FROM users WHERE chat_id = ?", (lina.id,)) is None
    assert lina.last.plain == asked
    await lina.send("/question")
    question = lina.last.plain
    await lina.send("Bonjour, je cherche une alternance en boulangerie")
    written = lina.sent_messages()[-1]["message_id"]
    after = lina.last.plain
    assert await lina.edit(written, "stop") == []  # an edit never sends, cancels or rewrites a question
    assert lina.last.plain == after != question
