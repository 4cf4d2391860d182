"""Doing something a second time: editing a message already answered, tapping « Je m'inscris » twice.
The bot answers once, and says so plainly when there is nothing new to do."""

from __future__ import annotations

from tests.events_helpers import make_event, young


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


async def test_a_double_tap_on_je_m_inscris_keeps_one_registration_and_one_question(bot, db):
    event_id = await make_event(bot.ctx, "Job dating Lille", capacity=1)
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    await lina.press("Job dating Lille")
    card = lina.last
    tap = lina.find_button("Je m'inscris")[1]["callback_data"]
    first = await lina.press_data(tap, card)
    assert len(first) == 1 and "tu es inscrit·e" in first[0].plain and "prénom" in first[0].plain  # the name question, once
    again = await lina.press_data(tap, card)  # the second tap of a double tap (the same old button)
    assert again == []  # no second confirmation, no second name question
    assert "déjà inscrit·e" in lina.callback_answer()["text"]
    assert "Tu es inscrit·e" in lina.messages()[-2].plain and "❌ Me désinscrire" in lina.messages()[-2].labels
    assert [m.plain.count("prénom") for m in lina.messages()].count(1) == 1
    assert await db.scalar("SELECT COUNT(*) FROM registrations WHERE event_id = ?", (event_id,)) == 1
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'event_register'") == 1
    await lina.press("Oui, d'accord")  # the one question still answers
    assert "prénom" in lina.last.plain or "organisateurs" in lina.last.plain

    # someone else, on the waiting list (the only seat is taken), taps twice too
    sami = await young(bot, 1002, "Sami")
    await sami.send(f"/start evt_{event_id}")
    card = sami.last
    tap = sami.find_button("liste d'attente")[1]["callback_data"]
    assert len(await sami.press_data(tap, card)) == 1
    assert await sami.press_data(tap, card) == []
    assert "déjà sur la liste d'attente" in sami.callback_answer()["text"]
