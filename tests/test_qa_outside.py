"""Outside tester's pass (a 16-year-old, a Mission Locale advisor, a coordinator, odd inputs): one journey per defect fixed."""

from bot.events.service import cancel_event
from tests.advisors_helpers import make_advisor
from tests.events_helpers import make_event, young
from tests.test_journey_account import onboard


async def region_of(db, chat_id):
    return tuple(await db.fetchone("SELECT region, departement FROM users WHERE chat_id = ?", (chat_id,)))


# --- a number typed where a button is expected never moves the person to another département ---


async def test_a_number_typed_during_the_quiz_does_not_change_the_region(bot, db):
    lina = bot.person(8001, "Lina")
    await lina.send("/start")
    await lina.send("59000")
    await lina.press("Non merci")
    await lina.send("/quiz")
    await lina.send("2")  # she meant the quiz's second answer: was « C'est noté : Hauts-de-France (Aisne) »
    assert await region_of(db, 8001) == ("32", "59")
    assert "touche directement" in lina.last.plain and "C'est noté" not in lina.last.plain
    await lina.press("Aisne (Hauts-de-France)")  # if it really was her département, one tap
    assert await region_of(db, 8001) == ("32", "02") and "C'est noté" in lina.last.plain
    await lina.send("99")  # no département has this number
    assert "touche directement" in lina.last.plain and "pas trouvé de métier" not in lina.last.plain
    await lina.send("20")
    await lina.press("Corse")  # a number naming a whole region (no département) is offered too
    assert (await region_of(db, 8001))[0] == "94"
    await lina.send("75011")  # a postal code is still a place typed alone
    assert "C'est noté : Île-de-France" in lina.last.plain


async def test_a_short_number_does_not_set_the_region_of_someone_who_kept_it_to_themselves(bot, db):
    sam = bot.person(8002, "Sam")
    await sam.send("/start")
    await sam.press("Je préfère ne pas le dire")
    await sam.send("/quiz")
    await sam.send("13")
    assert await region_of(db, 8002) == (None, None)
    assert "Bouches-du-Rhône" in " ".join(sam.last.labels)
    await sam.send("13005")  # a postal code still answers at any time
    assert (await region_of(db, 8002))[0] == "93"


# --- a job's own name is searched, even when a brand is spelled alike ---


async def test_boulangere_is_a_job_not_the_household_appliances_brand(bot, catalogue):
    lina = bot.person(8003, "Lina")
    await onboard(lina)
    for text in ("boulangère", "boulangerie", "Boulanger"):  # was: the « Électroménager et multimédia » branch
        await lina.send(text)
        assert "Boulanger·ère en supermarché" in " ".join(lina.last.labels), text
    await lina.send("animalier")
    assert any("animalerie" in label for label in lina.last.labels)
    await lina.send("darty")  # a brand that is no job's word still leads to its branch
    assert catalogue.branch("audiovisuel-electromenager").nom in lina.last.plain


# --- staff asking for help get their own commands, with « vous » ---


async def test_an_advisor_typing_aide_gets_the_advisors_commands(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/aide")
    text = advisor.last.plain
    assert "/annonce" in text and "/questions" in text and "Vous" in text
    assert "Ce que tu peux faire" not in text  # was: the young people's help
    coordinator = bot.person(900001, "Nadia")
    await coordinator.send("/help")
    assert "/export" in coordinator.last.plain
    await coordinator.press("Menu")  # browsing as a young person: their help stays one tap away
    await coordinator.press("Aide")
    assert "Ce que tu peux faire" in coordinator.last.plain


# --- an old card's « Me désinscrire » after the event was cancelled ---


async def test_leaving_a_cancelled_event_from_an_old_card_says_it_is_cancelled(bot):
    event_id = await make_event(bot.ctx, capacity=10)
    lina = await young(bot, 8004)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    card = lina.messages()[-2]
    await cancel_event(bot.ctx, event_id, actor=None)
    await lina.press("Me désinscrire", card)
    shown = next(m for m in lina.messages() if m.id == card.id).plain  # the pressed card, edited in place
    assert "Cet événement est annulé" in shown
    assert "Tu veux vraiment te désinscrire" not in shown and "Ta place ira" not in shown
