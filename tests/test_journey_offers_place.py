"""« Offres d'emploi près de chez moi » on a job card: near the person's département when it is known, in
their region when only the region is (said plainly, with « 📮 Donner mon code postal » for closer offers),
in the whole of France otherwise, never national offers under a « près de chez moi » label."""

from __future__ import annotations

from tests.events_helpers import young


def links(seen) -> dict[str, str]:
    return {b["text"]: b["url"] for b in seen.buttons if "url" in b}


async def test_only_the_region_known_gives_the_region_s_offers_and_a_way_closer(bot, db, catalogue):
    job = catalogue.job("vendeur-sport")
    rome = next(r.code for r in job.rome if r.verifie)
    lina = await young(bot, 1001, region="32")  # Hauts-de-France, no postal code
    await lina.send("/start metier_vendeur-sport")
    card = lina.last
    assert "Des offres et des formations dans ta région (Hauts-de-France)" in card.plain
    urls = links(card)
    assert urls["🔎 Offres d'emploi dans ma région"] == (
        f"https://candidat.francetravail.fr/offres/recherche?motsCles={rome}&lieux=32R&offresPartenaires=true")
    assert "lieux=32R&natureOffre=E2%2CFS" in urls["🎓 Alternance dans ma région"]
    assert not [label for label in urls if "près de chez moi" in label]
    assert "donne-moi ton code postal" in card.plain

    await lina.press("Donner mon code postal")
    assert "code postal" in lina.last.plain
    await lina.send("59000")  # Lille: back to the card, now with the Nord's offers
    card = lina.last
    assert "Vendeur·se en articles de sport" in card.plain and "près de chez toi (Nord)" in card.plain
    assert links(card)["🔎 Offres d'emploi près de chez moi"].endswith(f"motsCles={rome}&lieux=59D&offresPartenaires=true")
    assert "Donner mon code postal" not in " ".join(card.labels)
    assert await db.scalar("SELECT postal_code FROM users WHERE chat_id = ?", (lina.id,)) == "59000"

    await lina.press_data("1:ctcp:job:nope")  # a forged job: refused, nothing asked
    assert "plus à jour" in lina.last.plain


async def test_no_place_at_all_says_the_whole_of_france_and_one_departement_regions_use_it(bot):
    sami = await young(bot, 1002, "Sami", region=None)
    await sami.send("/start metier_vendeur-sport")
    assert "dans toute la France" in sami.last.plain
    urls = links(sami.last)
    assert "🔎 Offres d'emploi (toute la France)" in urls and all("lieux=" not in url for url in urls.values())
    assert "Donner mon code postal" in " ".join(sami.last.labels)
    noa = await young(bot, 1003, "Noa", region="04")  # La Réunion: one département, its offers
    await noa.send("/start metier_vendeur-sport")
    assert "près de chez toi (La Réunion)" in noa.last.plain
    assert "lieux=974D" in links(noa.last)["🔎 Offres d'emploi près de chez moi"]
