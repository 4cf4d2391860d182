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
