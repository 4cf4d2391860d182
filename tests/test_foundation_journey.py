"""The first journey: /start → /metiers → a branch → a job card → back, through the emulator."""

from devtools.localapi import BOT_USERNAME
from bot.textfmt import job_button


async def test_start_greets_by_first_name(bot):
    lina = bot.person(1001, "Lina")
    answers = await lina.send("/start")
    assert answers, "le bot doit répondre à /start"
    assert "Lina" in answers[0].plain


async def test_browse_branch_job_and_back(bot, catalogue):
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    assert "20 branches" in lina.last.plain
    # pagination: every branch reachable through "Suivant"
    seen = set(lina.last.labels)
    while any("Suivant" in label for label in lina.last.labels):
        await lina.press("Suivant")
        seen |= set(lina.last.labels)
    names = {b.nom_court for b in catalogue.branches}
    assert all(any(name in label for label in seen) for name in names)

    await lina.press("Précédent")
    await lina.send("/metiers")
    garden = catalogue.branch("jardineries")
    while not any(garden.nom_court in label for label in lina.last.labels):
        await lina.press("Suivant")
    await lina.press(garden.nom_court)
    assert garden.nom in lina.last.plain
    first_job = catalogue.jobs_of["jardineries"][0]
    await lina.press(job_button(first_job))
    card = lina.last.plain
    assert first_job.accroche in card
    assert "Pour y entrer" in card and "Au quotidien" in card and "📖 En savoir plus" in lina.last.labels
    await lina.press("📖 En savoir plus")
    assert "Comment y entrer" in lina.last.plain and "Les qualités qu'il faut" in lina.last.plain
    await lina.press(f"⬅️ {garden.nom_court}")
    assert garden.nom in lina.last.plain
    await lina.press("Toutes les branches")
    assert "branches du commerce" in lina.last.plain


async def test_job_card_levels_in_words(bot, catalogue):
    lina = bot.person(1001, "Lina")
    job = next(j for j in catalogue.jobs.values() if any(a.type == "CAP" for a in j.acces))
    await lina.send(f"/start metier_{job.id}")
    await lina.press("📖 En savoir plus")
    assert "niveau 3 (comme un CAP)" in lina.last.plain


async def test_aide_and_menu(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/aide")
    assert "/metiers" in lina.last.plain
    await lina.press("Menu")
    assert "Menu" in lina.last.plain


async def test_forged_and_old_buttons_get_a_friendly_answer(bot):
    lina = bot.person(1001, "Lina")
    await lina.send("/metiers")
    for data in ("1:job:nexiste-pas", "1:br:inconnue", "0:job:ancienne-version", "n'importe quoi", "1:job:" + "x" * 80):
        await lina.press_data(data)
        assert "plus à jour" in lina.last.plain
        assert "🏠 Menu" in lina.last.labels


async def test_commands_menu_is_set(bot):
    commands = bot.api.commands['{"type": "default"}']
    assert {"command": "metiers", "description": "Découvrir les métiers du commerce"} in commands


async def test_interactions_hold_no_telegram_id(bot, db):
    lina = bot.person(4242424242, "Lina")
    await lina.send("/metiers")
    await lina.press("Bricolage")
    rows = await db.fetchall("SELECT * FROM interactions")
    assert {r["kind"] for r in rows} >= {"branch_view"}
    assert all("4242424242" not in " ".join(str(v) for v in tuple(r)) for r in rows)
    assert BOT_USERNAME
