"""While the first region question waits, what a young person writes is still answered for what it says."""

from tests.test_journey_intents import DISTRESS


async def test_distress_before_the_region_is_answered_gets_the_numbers(bot):
    sam = bot.person(1401, "Sam")
    await sam.send("/start")
    for text in DISTRESS[:3]:
        answers = await sam.send(text)
        plain = answers[-1].plain
        assert all(number in plain for number in ("3114", "119", "112")), (text, plain)
        assert "pas reconnu ce lieu" not in plain


async def test_intents_and_cities_are_answered_then_the_region_still_counts(bot, db):
    lina = bot.person(1402, "Lina")
    await lina.send("/start")
    await lina.send("slt")
    assert "Salut" in lina.last.plain and "pas reconnu ce lieu" not in lina.last.plain
    await lina.send("c koi le salaire")
    assert "Combien on gagne" in lina.last.plain
    await lina.send("Marseille")
    assert "C'est noté : Provence-Alpes-Côte d'Azur" in lina.last.plain
    assert await db.scalar("SELECT region FROM users WHERE chat_id = 1402") == "93"


async def test_a_postal_code_after_an_intent_still_answers_the_question(bot, db):
    lina = bot.person(1403, "Lina")
    await lina.send("/start")
    await lina.send("merci")
    await lina.send("59000")
    assert "C'est noté : Hauts-de-France" in lina.last.plain
    assert await db.scalar("SELECT postal_code FROM users WHERE chat_id = 1403") == "59000"


async def test_words_that_mean_nothing_ask_the_place_again(bot):
    lina = bot.person(1404, "Lina")
    await lina.send("/start")
    await lina.send("zzkq")
    assert "pas reconnu ce lieu" in lina.last.plain


async def test_without_a_region_the_actions_list_says_it_shows_every_region(bot):
    lina = bot.person(1405, "Lina")
    await lina.send("/start")
    await lina.press("🙈 Je préfère ne pas le dire")
    await lina.send("/evenements")
    assert "partout en France" in lina.last.plain and "près de chez toi" not in lina.last.plain.split("Choisis ta région")[0]
