"""Issue 13 §3: plain words and no dead ends (help, menu, branch names and order, events pages, quiz icons)."""

from pathlib import Path

import yaml

from tests.events_helpers import make_event, young


async def test_help_lists_every_young_command_and_the_menu_has_my_registrations(bot):
    lina = bot.person(1401, "Lina")
    await lina.send("/aide")
    for command in ("/metiers", "/recherche", "/quiz", "/favoris", "/evenements", "/mesinscriptions", "/alertes", "/region",
                    "/contact", "/mesdonnees", "/oubli", "/menu"):
        assert command in lina.last.plain, command
    await lina.send("/menu")
    assert "🎟️ Mes inscriptions" in lina.last.labels
    await lina.press("🎟️ Mes inscriptions")
    assert "🏠 Menu" in lina.last.labels


async def test_branches_plain_name_first_official_name_second_biggest_employers_first(bot, catalogue):
    lina = bot.person(1402, "Lina")
    await lina.send("/metiers")
    first_page = " ".join(lina.last.labels)
    for branch_id in ("alimentaire-predominance", "habillement", "sports-loisirs"):
        assert catalogue.branch(branch_id).nom_court in first_page, branch_id
    clothes = catalogue.branch("habillement")
    await lina.press(clothes.emoji + " " + clothes.nom_court)
    lines = lina.last.plain.splitlines()
    assert clothes.nom_court in lines[0] and lines[1] == clothes.nom


async def test_events_page_two_goes_back(bot):
    for day in range(3, 10):
        await make_event(bot.ctx, f"Job dating n°{day}", day=day)
    await young(bot, 1403)
    lina = bot.person(1403, "Lina")
    await lina.send("/evenements")
    await lina.press("➕ Voir plus")
    assert "page 2/2" in lina.last.plain and "◀️ Précédent" in lina.last.labels
    await lina.press("◀️ Précédent")
    assert "page 1/2" in lina.last.plain


async def test_no_near_you_without_a_region(bot):
    await make_event(bot.ctx, "Job dating Lille")
    lina = bot.person(1404, "Lina")
    await lina.send("/start")
    await lina.press("🙈 Je préfère ne pas le dire")
    await lina.send("/evenements")
    assert "près de chez toi" not in lina.last.plain.splitlines()[0]
    assert "/region" in lina.last.plain


def test_quiz_home_answer_does_not_look_like_the_menu():
    path = Path(__file__).resolve().parent.parent / "bot" / "templates" / "quiz" / "questions.yaml"
    labels = [answer[0] for q in yaml.safe_load(path.read_text(encoding="utf-8")) for answer in q["reponses"]]
    assert labels and not any(label.startswith("🏠") for label in labels)


async def test_branches_picked_at_onboarding_filter_the_alerts(bot, db, catalogue):
    lina = bot.person(1405, "Lina")
    await lina.send("/start")
    await lina.press("Bretagne")
    await lina.press("Oui, préviens-moi")
    await lina.press("🛍️ Choisir mes branches")
    clothes, sport = catalogue.branch("habillement"), catalogue.branch("sports-loisirs")
    await lina.press(clothes.nom_court)
    await lina.press(sport.nom_court)
    await lina.press("C'est bon")
    assert "Tes alertes porteront sur ces branches" in lina.last.plain
    await lina.send("/alertes")
    assert "toutes les branches" not in lina.last.plain
    assert clothes.nom_court in lina.last.plain and sport.nom_court in lina.last.plain


async def test_from_a_quiz_result_the_card_goes_back_to_the_result(bot, db):
    lina = bot.person(1406, "Lina")
    await lina.send("/quiz")
    while "question" in lina.last.plain:
        await lina.press(lina.last.labels[0])
    result = lina.last.plain
    assert "Ton résultat" in result
    await lina.press("1. ")
    assert "⬅️ Mon résultat du quiz" in lina.last.labels
    await lina.press("📖 En savoir plus")
    await lina.press("⬅️ Mon résultat du quiz")
    assert lina.last.plain == result
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE kind = 'quiz_finish'") == 1  # not counted twice


async def test_search_shows_more_than_five_with_voir_plus_general_jobs_first(bot, catalogue):
    lina = bot.person(1407, "Lina")
    await lina.send("vendeuse")
    first = lina.last.labels
    assert "➕ Voir plus" in first and len(first) == 7  # five jobs, « Voir plus », « Menu »
    assert any("prêt-à-porter" in label for label in first) and any("sport" in label.lower() for label in first)
    await lina.press("➕ Voir plus")
    second = lina.last.labels
    assert "page 2" in lina.last.plain and "◀️ Précédent" in second
    jobs_first, jobs_second = set(first[:5]), set(second) - {"◀️ Précédent", "➕ Voir plus", "🏠 Menu"}
    assert jobs_second and not jobs_first & jobs_second
    await lina.press("◀️ Précédent")
    assert lina.last.labels[:5] == first[:5]
    await lina.send("caissière")
    assert "Hôte" in lina.last.labels[0] and "coop" not in lina.last.labels[0].lower()


async def test_inline_mode_shares_a_job_card_with_a_link_back(bot, db):
    """Issue 13 §2: « @bot vendeuse » in any conversation lists matching jobs; the card links back to the bot."""
    lina = bot.person(1408, "Lina")
    results = await lina.inline("vendeuse sport")
    assert 1 <= len(results) <= 10
    first = results[0]
    assert "sport" in first["title"].lower()
    text = first["input_message_content"]["message_text"]
    assert "start=metier_vendeur-sport" in text
    assert first["reply_markup"]["inline_keyboard"][0][0]["url"].endswith("start=metier_vendeur-sport")
    assert await lina.inline("") and await db.scalar("SELECT COUNT(*) FROM users WHERE chat_id = 1408") == 0  # nothing stored


async def test_one_style_for_job_titles_in_lists_and_search_by_either_form(bot, catalogue):
    """Buttons and lists write both genders with the middle dot (« Hôte·sse de caisse »), never
    « Hôte / Hôtesse » next to « Vendeur·se »; the masculine and the feminine both find the job."""
    lina = await young(bot, 1408, "Lina")
    await lina.send("/metiers")
    market = catalogue.branch("alimentaire-predominance")
    await lina.press(market.emoji + " " + market.nom_court)
    labels = lina.last.labels
    assert "Hôte·sse de caisse" in labels and "Employé·e de rayon" in labels
    assert not [label for label in labels if " / " in label]
    for typed in ("hôte de caisse", "hotesse de caisse", "horloger", "horlogère", "opticienne"):
        await lina.send(typed)
        first = lina.last.labels[0]
        assert "·" in first and " / " not in first, (typed, first)
    await lina.send("/quiz")
    while "question" in lina.last.plain:
        await lina.press(lina.last.labels[0])
    assert "Ton résultat" in lina.last.plain and " / " not in lina.last.plain


async def test_readme_help_screen_and_command_menu_list_the_same_young_commands(bot):
    """The README's list of commands, the /aide screen and Telegram's command menu say the same."""
    import re

    root = Path(__file__).resolve().parent.parent
    menu = {f"/{name}" for name, _ in yaml.safe_load((root / "bot/templates/commands.yaml").read_text(encoding="utf-8"))["jeune"]} - {"/start"}
    readme = (root / "README.md").read_text(encoding="utf-8")
    listed = readme.split("- **Commandes**", 1)[1].split("\n- ", 1)[0]
    in_readme = set(re.findall(r"`(/[a-z]+)`", listed)) - {"/help"}
    lina = bot.person(1409, "Lina")
    await lina.send("/aide")
    in_help = set(re.findall(r"(/[a-z]+) :", lina.last.plain))
    assert in_readme == menu == in_help, (in_readme ^ menu, menu ^ in_help)
    for command in sorted(menu):
        answers = await lina.send(command)
        assert answers and "pas compris" not in answers[-1].plain, command  # each one answers


async def test_the_card_heading_pay_screen_and_shared_card_use_the_one_style_too(bot, catalogue):
    """The full title in the heading is written like the buttons (« Directeur·rice de supermarché »), never
    « Directeur / Directrice » under a list of « Vendeur·se »."""
    lina = await young(bot, 1409, "Lina")
    await lina.send("/start metier_vendeur-deco-cadeaux")
    assert lina.last.plain.startswith("💼 Vendeur·se conseil en décoration et cadeaux\n")
    await lina.press("En savoir plus")
    assert "Vendeur·se conseil en décoration et cadeaux" in lina.last.plain and " / " not in lina.last.plain
    await lina.press("Partager")
    assert "la fiche Vendeur·se conseil en décoration et cadeaux" in lina.last.plain
    assert "Vendeur%C2%B7se%20conseil" in str(lina.last.buttons)  # the text offered with the shared link too
    for job_id, heading in (("directeur-magasin-alimentaire", "Directeur·rice de supermarché"), ("hote-caisse-alimentaire", "Hôte·sse de caisse"),
                            ("cremier-fromager", "Crémier·ère-fromager·ère")):
        await lina.send(f"/start metier_{job_id}")
        assert lina.last.plain.startswith(f"💼 {heading}\n"), lina.last.plain[:80]
    await lina.send("c koi la paye d'un caissier")
    assert "💶 Hôte·sse de caisse" in lina.last.plain and " / " not in lina.last.plain
    results = await lina.inline("hôtesse de caisse")
    assert "Hôte·sse de caisse" in results[0]["input_message_content"]["message_text"]
