"""Actions filtered by type (issue 13): « CV, lettre, entretien » opens the workshops near the person,
and the list can be filtered by type with a way back to every action."""

from __future__ import annotations

from tests.events_helpers import make_event, young


def event_buttons(person) -> list[str]:
    return [label for label in person.last.labels if "·" in label]


async def test_cv_intent_opens_the_workshops_near_me_with_a_way_back(bot):
    ctx = bot.ctx
    await make_event(ctx, "Atelier CV et lettre", type="atelier", day=10)
    await make_event(ctx, "Atelier entretien", type="atelier", day=12)
    await make_event(ctx, "Job dating Lille", type="job_dating", day=5)
    lina = await young(bot, 1001)
    await lina.send("comment faire mon CV")
    assert "Mission Locale" in lina.last.plain
    await lina.press("🛠️ Ateliers près de chez moi")
    text = lina.last.plain
    assert "Atelier CV et lettre" in text and "Atelier entretien" in text and "Job dating" not in text
    assert "Seulement : 🛠️ Atelier" in text and len(event_buttons(lina)) == 2
    await lina.press("Atelier entretien")
    assert "Je m'inscris" in " ".join(lina.last.labels)
    await lina.press("⬅️ Actions près de chez moi")
    await lina.send("je veux faire mon cv")
    await lina.press("🛠️ Ateliers près de chez moi")
    await lina.press("📅 Toutes les actions")
    assert "Job dating Lille" in lina.last.plain and "Atelier CV" in lina.last.plain and "Seulement" not in lina.last.plain


async def test_filter_by_type_from_the_list_and_paging_keeps_it(bot):
    ctx = bot.ctx
    for day in range(2, 9):
        await make_event(ctx, f"Job dating {day:02d}", type="job_dating", day=day)
    await make_event(ctx, "Visite d'un entrepôt", type="visite", day=3)
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    await lina.press("🗂️ Filtrer par type")
    assert "Quel genre d'action" in lina.last.plain
    await lina.press("Job dating")
    assert len(event_buttons(lina)) == 5 and "Visite" not in lina.last.plain
    await lina.press("➕ Voir plus")
    assert "page 2/2" in lina.last.plain and len(event_buttons(lina)) == 2 and "Visite" not in lina.last.plain
    await lina.press("◀️ Précédent")
    assert "page 1/2" in lina.last.plain
    await lina.press_data("1:evl:0:-:inconnu")  # an unknown type: every action, not an error
    assert "Visite d'un entrepôt" in lina.last.plain and "Seulement" not in lina.last.plain
    await lina.press("🗂️ Filtrer par type")
    await lina.press("Concours")
    assert "Aucune action à venir pour l'instant pour ce choix" in lina.last.plain
    assert "📅 Toutes les actions" in lina.last.labels
