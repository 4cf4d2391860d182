"""« ⬅️ Retour » goes back where the person came from: the page of a branch's jobs a job card was opened
from, the page or filter of the actions list an action card was opened from (kept through « En savoir
plus », « Ça m'intéresse » and « Je m'inscris »). The way back rides in the callback data, checked like
every argument, within Telegram's 64 bytes."""

from __future__ import annotations

from bot import callbacks
from tests.events_helpers import make_event, young

LONGEST_BRANCH = "distribution-chaussures-jouets-textiles"  # 39 characters: the longest branch id


async def test_a_job_card_from_page_2_of_a_branch_goes_back_to_page_2(bot, catalogue):
    lina = await young(bot, 1001)
    await lina.send("/metiers")
    await lina.press("Supermarchés et hypermarchés")
    await lina.press("Suivant ▶️")
    assert "(page 2/2)" in lina.last.plain
    job = catalogue.job("poissonnier-grande-surface")
    await lina.press("Poissonnier·ère")
    assert "Poissonnier·ère en grande surface" in lina.last.plain
    await lina.press("⬅️ Supermarchés et hypermarchés")
    assert "(page 2/2)" in lina.last.plain  # not page 1
    await lina.press("Poissonnier·ère")
    await lina.press("En savoir plus")
    await lina.press("Ça m'intéresse")
    assert "Ajouté à tes favoris" in lina.last.plain
    await lina.press("Dans mes favoris")  # remove again
    await lina.press("⬅️ Supermarchés et hypermarchés")
    assert "(page 2/2)" in lina.last.plain and job.id  # the whole way round
    await lina.press("Précédent")
    await lina.press("Hôte·sse de caisse")
    await lina.press("⬅️ Supermarchés et hypermarchés")
    assert "page" in lina.last.plain and "(page 1/2)" in lina.last.plain


async def test_a_job_card_from_my_favourites_goes_back_to_them(bot):
    lina = await young(bot, 1001)
    await lina.send("/start metier_hote-caisse-alimentaire")
    await lina.press("Ça m'intéresse")
    await lina.send("/favoris")
    await lina.press("Hôte·sse de caisse")
    await lina.press("En savoir plus")
    await lina.press("Dans mes favoris")  # removed from the card itself
    await lina.press("⬅️ Mes favoris")
    assert "Tu n'as pas encore de favoris" in lina.last.plain


async def test_a_forged_way_back_is_refused_or_ignored(bot):
    lina = await young(bot, 1001)
    await lina.send("/start metier_hote-caisse-alimentaire")
    for forged in ("1:job:hote-caisse-alimentaire:x", "1:job:hote-caisse-alimentaire:-1", "1:job:hote-caisse-alimentaire:12345"):
        await lina.press_data(forged)
        assert "plus à jour" in lina.last.plain, forged
    await lina.press_data("1:job:hote-caisse-alimentaire:99")  # a page past the end: the last page
    await lina.press("⬅️ Supermarchés et hypermarchés")
    assert "(page 2/2)" in lina.last.plain


async def test_an_action_card_goes_back_to_the_page_and_filter_it_came_from(bot, db):
    for i in range(7):
        await make_event(bot.ctx, f"Job dating {i}", day=2 + i)
    workshop = await make_event(bot.ctx, "Atelier CV", day=20, type="atelier")
    await make_event(bot.ctx, "Atelier entretien", day=21, type="atelier")
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    await lina.press("Voir plus")
    assert "page 2/2" in lina.last.plain
    await lina.press("Atelier CV")
    await lina.press("⬅️ Actions près de chez moi")
    assert "page 2/2" in lina.last.plain  # not page 1
    await lina.press("Atelier CV")
    await lina.press("Je m'inscris")  # the card shown again keeps its way back
    card = lina.messages()[-2]
    await lina.press("⬅️ Actions près de chez moi", card)
    assert "page 2/2" in next(m for m in lina.messages() if m.id == card.id).plain  # that message becomes the list again

    await lina.send("/evenements")
    await lina.press("Filtrer par type")
    await lina.press("Atelier")
    assert "Seulement : 🛠️ Atelier" in lina.last.plain
    await lina.press("Atelier entretien")
    await lina.press("⬅️ Actions près de chez moi")
    assert "Seulement : 🛠️ Atelier" in lina.last.plain and "Job dating" not in lina.last.plain  # still filtered
    await lina.press("Atelier CV")
    await lina.press("Me désinscrire")
    await lina.press("Non, je garde ma place")
    await lina.press("⬅️ Actions près de chez moi")
    assert "Seulement : 🛠️ Atelier" in lina.last.plain

    await lina.send("/evenements")
    await lina.press("Filtrer par branche")
    assert callbacks.make("evo", 1234567, "l", 99, LONGEST_BRANCH, "-")  # the longest way back fits in 64 bytes
    assert callbacks.make("evr", 1234567, "l", 99, LONGEST_BRANCH, "-")
    # forged ways back: the card opens, its « ⬅️ » is the plain list
    for forged in (f"1:evo:{workshop}:l:x:-:-", f"1:evo:{workshop}:l:1:nope:-", f"1:evo:{workshop}:j:nope:1", f"1:evr:{workshop}:l:-1:-:zzz"):
        await lina.press_data(forged)
        assert "Atelier CV" in lina.last.plain, forged
        assert "1:evl" in str(lina.last.buttons), forged



async def test_a_job_card_from_search_results_goes_back_to_the_results_and_their_page(bot):
    lina = await young(bot, 1001)
    await lina.send("vendeuse")
    first = lina.last.labels
    await lina.press("Voir plus")
    second = lina.last
    assert "(page 2)" in second.plain
    opened = next(b["text"] for b in second.buttons if b["callback_data"].startswith("1:job:"))
    await lina.press(opened)
    await lina.press("En savoir plus")
    await lina.press("Ça m'intéresse")  # the card shown again keeps its way back
    await lina.press("⬅️ Mes résultats")
    assert lina.last.plain == second.plain and lina.last.labels == second.labels  # page 2 again, not the job's branch
    await lina.press("Précédent")
    assert lina.last.labels == first


async def test_an_old_way_back_to_results_falls_back_to_the_search_prompt(bot):
    lina = await young(bot, 1001)
    await lina.send("caissier")
    await lina.press(next(b["text"] for b in lina.last.buttons if b["callback_data"].startswith("1:job:")))
    card = lina.last
    await lina.press("⬅️ Mes résultats", card)
    assert "Les métiers qui correspondent à ta recherche (page 1)" in lina.last.plain
    await lina.send("/oubli")
    await lina.press("Oui")
    await lina.press_data("1:srm:0", card)  # an old « ⬅️ Mes résultats » after /oubli: a fresh start, no results
    assert "Salut Lina" in lina.last.plain and "recherche" not in lina.last.plain
    noe = await young(bot, 1002, "Noé")
    await noe.send("/recherche")
    for forged in ("1:srm:0", "1:srm:3"):  # no search kept for Noé: how to search
        await noe.press_data(forged)
        assert "Quel métier cherches-tu ?" in noe.last.plain, forged
    lina, card = noe, noe.last
    for forged in ("1:srm:-1", "1:srm:x", "1:job:hote-caisse-alimentaire:s", "1:job:hote-caisse-alimentaire:s12345"):
        await lina.press_data(forged, card)
        assert "Quel métier cherches-tu ?" in lina.last.plain or "plus à jour" in lina.last.plain, forged
