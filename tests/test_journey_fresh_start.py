"""After /oubli (or at a first contact without /start), the next message starts a fresh welcome with
the data notice, never a silently recreated profile; what the person wrote is still answered."""

from __future__ import annotations

from tests.test_journey_account import onboard


def is_welcome(seen) -> bool:
    return "Tes données" in seen.plain and "/oubli" in seen.plain and "tu habites dans quelle région" in seen.plain


async def forget(person):
    await person.send("/oubli")
    await person.press("Oui, tout effacer")
    assert "effacé" in person.last.plain


async def test_after_forgetting_the_next_message_gets_the_welcome_then_its_answer(bot, db):
    lina = bot.person(1001, "Lina")
    await onboard(lina)
    await forget(lina)
    new = await lina.send("vendeuse")
    assert is_welcome(new[0]) and "Salut Lina" in new[0].plain
    assert "Vendeur·se en prêt-à-porter" in new[-1].labels[0] or "vendeuse" in new[-1].plain  # the search is answered too
    assert len(new) == 2
    row = await db.fetchone("SELECT region, consent_at FROM users WHERE chat_id = 1001")
    assert row["region"] is None and row["consent_at"] is None  # nothing kept from before
    await lina.press("Bretagne", new[0])  # the welcome's region question works
    assert await db.scalar("SELECT region FROM users WHERE chat_id = 1001") == "53"
    again = await lina.send("caissière")
    assert not any(is_welcome(m) for m in again)  # once only


async def test_a_button_of_an_old_message_after_forgetting_also_gets_the_welcome(bot):
    lina = bot.person(1001, "Lina")
    await onboard(lina)
    await lina.send("/menu")
    menu = lina.last
    await forget(lina)
    new = await lina.press("Mes favoris", menu)
    assert any(is_welcome(m) for m in new)


async def test_start_after_forgetting_shows_one_welcome(bot):
    lina = bot.person(1001, "Lina")
    await onboard(lina)
    await forget(lina)
    new = await lina.send("/start")
    assert [is_welcome(m) for m in new] == [True]


async def test_a_first_message_without_start_gets_the_welcome(bot):
    samir = bot.person(1002, "Samir")
    new = await samir.send("vendeuse")
    assert is_welcome(new[0]) and len(new) == 2  # the welcome, then the answer to the message
    lea = bot.person(1003, "Léa")
    new = await lea.send("bonjour")
    assert is_welcome(new[0]) and len(new) == 1  # a hello: the welcome already answers it


async def test_staff_are_not_welcomed_as_young_people(bot):
    nadia = bot.person(900001, "Nadia")  # national coordinator from the settings
    new = await nadia.send("/stats")
    assert not any(is_welcome(m) for m in new)
