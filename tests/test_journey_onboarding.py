"""Issue 3, points 1-3 and 12: onboarding, deep links, the main menu, the command menu."""

import pytest

from bot import deeplinks
from bot.textfmt import job_button


async def kinds(db, kind):
    return [r["key"] for r in await db.fetchall("SELECT key FROM interactions WHERE kind = ? ORDER BY id", (kind,))]


async def test_start_welcome_privacy_region_alerts_and_branches(bot, db):
    lina = bot.person(1001, "Lina")
    answers = await lina.send("/start")
    assert len(answers) == 1
    welcome, region = answers[0].plain, answers[0]
    assert "Salut Lina" in welcome and "métiers du commerce" in welcome
    assert "/oubli" in welcome and "/mesdonnees" in welcome  # the privacy notice
    assert "région" in region.plain
    assert len([label for label in region.labels if label not in ("🙈 Je préfère ne pas le dire", "🏠 Menu")]) == 18
    row = await db.fetchone("SELECT * FROM users WHERE chat_id = 1001")
    assert row["alerts_enabled"] == 0 and row["alerts_asked"] == 0 and row["region"] is None

    await lina.press("Hauts-de-France")
    assert "Hauts-de-France" in lina.last.plain
    assert "prévienne" in lina.last.plain  # the explicit yes/no question
    assert (await db.fetchone("SELECT alerts_enabled FROM users WHERE chat_id = 1001"))[0] == 0
    await lina.press("Oui, préviens-moi")
    row = await db.fetchone("SELECT * FROM users WHERE chat_id = 1001")
    assert (row["region"], row["alerts_enabled"], row["alerts_asked"]) == ("32", 1, 1)
    assert row["consent_at"] is not None

    # optional: pick branches, then the quiz or exploring
    assert {"Faire le quiz", "Découvrir les métiers"} <= {label.split(" ", 1)[1] for label in lina.last.labels}
    await lina.press("Choisir mes branches")
    await lina.press("Jardineries")
    await lina.press("Optique")
    assert "✅ Jardineries" in lina.last.labels
    await lina.press("C'est bon")
    assert "Jardineries" in " ".join(lina.last.labels) and "Optique" in " ".join(lina.last.labels)
    assert await db.fetchall("SELECT branch_id FROM user_branches WHERE chat_id = 1001 AND kind = 'interest'")
    assert set(await kinds(db, "branch_interest")) == {"jardineries", "optique"}
    assert await kinds(db, "region_set") == ["32"]
    assert len(await db.fetchall("SELECT 1 FROM interactions WHERE kind = 'alerts_on'")) == 1

    # second /start: no onboarding again
    await lina.send("/start")
    assert "Re-salut Lina" in lina.last.plain


@pytest.mark.parametrize(
    "typed, region, departement",
    [("75011", "11", "75"), ("2A", "94", "2A"), ("971", "01", "971"), ("13", "93", "13"), ("20090", "94", "2A")],
)
async def test_region_by_postal_code_or_departement(bot, db, typed, region, departement):
    sam = bot.person(1002, "Sam")
    await sam.send("/start")
    await sam.send(typed)
    row = await db.fetchone("SELECT region, departement FROM users WHERE chat_id = 1002")
    assert (row["region"], row["departement"]) == (region, departement)
    assert "prévienne" in sam.last.plain


async def test_region_nonsense_gets_a_clear_reask_then_no_answer(bot, db):
    sam = bot.person(1002, "Sam")
    await sam.send("/start")
    await sam.send("99999")
    assert "pas reconnu" in sam.last.plain and "code postal" in sam.last.plain
    await sam.send("blabla")
    assert "pas reconnu" in sam.last.plain
    await sam.send("59000")
    assert "Hauts-de-France" in sam.last.plain
    await sam.press("Non merci")
    row = await db.fetchone("SELECT alerts_enabled, alerts_asked FROM users WHERE chat_id = 1002")
    assert tuple(row) == (0, 1)
    assert "pas d'annonces" in sam.last.plain


async def test_skipping_the_region_and_changing_it_later(bot, db):
    sam = bot.person(1003, "Sam")
    await sam.send("/start")
    await sam.press("ne pas le dire")
    await sam.press("Non merci")
    assert (await db.fetchone("SELECT region FROM users WHERE chat_id = 1003"))[0] is None
    await sam.send("/region")
    await sam.send("Bretagne")
    assert "Bretagne" in sam.last.plain and "prévienne" not in sam.last.plain  # asked only once
    assert (await db.fetchone("SELECT region FROM users WHERE chat_id = 1003"))[0] == "53"
    await sam.send("/region")
    await sam.press("Normandie")
    assert (await db.fetchone("SELECT region FROM users WHERE chat_id = 1003"))[0] == "28"
    assert "🏠 Menu" in sam.last.labels


async def test_leaving_the_region_question_for_a_search(bot, catalogue):
    sam = bot.person(1004, "Sam")
    await sam.send("/start")
    await sam.send("opticienne")  # a job instead of a place: search it
    assert "Opticien·ne" in " ".join(sam.last.labels)  # the feminine found the job (buttons: one style for both genders)
    await sam.send("/start")
    await sam.press("Menu")
    await sam.send("vendeuse chaussures")
    assert "👟 " + job_button(catalogue.job("vendeur-chaussure")) in sam.last.labels


async def test_deep_links_job_branch_source_and_junk(bot, db, catalogue):
    job = catalogue.job("opticien-lunetier")
    lina = bot.person(1001, "Lina")
    await lina.send("/start metier_opticien-lunetier")
    assert job.accroche in lina.last.plain
    await lina.send(f"/start branche_{catalogue.branch('jardineries').idcc}")
    assert catalogue.branch("jardineries").nom in lina.last.plain

    tom = bot.person(1005, "Tom")
    await tom.send("/start src_affiche-lycee")
    assert "Salut Tom" in " ".join(m.plain for m in tom.messages())
    assert (await db.fetchone("SELECT source FROM users WHERE chat_id = 1005"))[0] == "affiche-lycee"
    assert await kinds(db, "source") == ["affiche-lycee"]
    await tom.press("Occitanie")
    await tom.send("/start src_autre")  # the first source stays
    assert (await db.fetchone("SELECT source FROM users WHERE chat_id = 1005"))[0] == "affiche-lycee"

    for junk in ("metier_nexistepas", "branche_9999", "zzz_abc", "%%%", "evt_", "a" * 70):
        bob = bot.person(abs(hash(junk)) % 10_000 + 20_000, "Bob")
        await bob.send(f"/start {junk}")
        assert any("Salut Bob" in m.plain for m in bob.messages()), junk
        assert "🏠 Menu" in bob.last.labels
    assert "invalid" in await kinds(db, "start")


async def test_registered_payloads_are_called_first(bot):
    calls = []

    async def opener(update, context, value):
        calls.append(value)
        return False

    previous = deeplinks.handler_for("evt")
    deeplinks.register("evt", opener)
    try:
        lina = bot.person(1001, "Lina")
        await lina.send("/start evt_42")
        assert calls == ["42"]
        assert any("Salut Lina" in m.plain for m in lina.messages())
    finally:
        if previous is not None:
            deeplinks.register("evt", previous)


async def test_main_menu_everything_one_tap_away(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/menu")
    labels = " ".join(lina.last.labels)
    for wanted in ("Découvrir les métiers", "Chercher", "Quiz", "📅 Actions près de chez moi", "Mes alertes", "Parler à quelqu'un", "Mes données", "Mes favoris"):
        assert wanted in labels
    button = lina.find_button("📅 Actions près de chez moi")[1]
    assert button["callback_data"] == "1:evl"
    # every screen reachable from the menu ends with a way back to it
    for label in ("Découvrir les métiers", "Chercher", "Quiz", "Mes favoris", "Mes alertes", "Parler à quelqu'un", "Aide"):
        await lina.send("/menu")
        await lina.press(label)
        assert any("Menu" in label_ for label_ in lina.last.labels), label


async def test_command_menu_and_help_in_french(bot):
    commands = {c["command"] for c in bot.api.commands['{"type": "default"}']}
    assert {"recherche", "quiz", "favoris", "alertes", "contact", "mesdonnees", "oubli", "region", "menu"} <= commands
    lina = bot.person(1001, "Lina")
    await lina.send("/aide")
    for command in ("/recherche", "/quiz", "/favoris", "/alertes", "/contact", "/mesdonnees", "/oubli"):
        assert command in lina.last.plain


async def test_a_first_hello_is_greeted_once(bot):
    for user_id, hello in ((1101, "bonjour"), (1102, "slt")):
        lina = bot.person(user_id, "Lina")
        await lina.send(hello)
        said = [m.plain for m in lina.messages()]
        assert len(said) == 1 and "Salut Lina" in said[0] and "tu habites dans quelle région" in said[0], said  # not a second « Salut ! »
    await lina.press("Bretagne")
    await lina.send("salut")
    assert "Je suis là pour t'aider" in lina.last.plain  # a known person's hello still gets its answer
