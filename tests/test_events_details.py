"""The optional details of an event (issue 10), declared once in bot/events/details.py: « accessibilité PMR »,
« public visé »: set from « Modifier » in /annonce, shown on the card, stored, changed after publication."""

from __future__ import annotations

from bot.events import registration, service
from tests.advisors_helpers import make_advisor, simulate_time, subscribe
from tests.test_advisors_edit import open_edit, published
from tests.test_advisors_forms import start_event, to_preview


async def detail_in_annonce(bot, label):
    """An advisor at the preview of /annonce (young person 5001 subscribed), then « Modifier » → ``label``."""
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001])
    await start_event(advisor)
    await to_preview(advisor)
    card = advisor.last.plain
    await advisor.press("Modifier")
    await advisor.press(label)
    return advisor, card


async def publish_and_read(bot, advisor) -> str:
    """Publish; the card as young person 5001 received it."""
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    return bot.person(5001).last.plain


async def test_accessibility_is_set_from_modifier_shown_on_the_card_and_stored(bot):
    advisor, card = await detail_in_annonce(bot, "Accessibilité PMR")
    assert "mobilité réduite" not in card  # not said: nothing on the card
    assert "accessible aux personnes à mobilité réduite" in advisor.last.plain
    await advisor.press("Oui")
    assert "♿ Accessible aux personnes à mobilité réduite" in advisor.last.plain  # the preview again
    assert "♿ Accessible aux personnes à mobilité réduite" in await publish_and_read(bot, advisor)
    assert await bot.ctx.db.scalar("SELECT accessible FROM events") == 1


async def test_audience_public_vise_in_annonce_on_the_card_and_in_modifier(bot):
    advisor, card = await detail_in_annonce(bot, "Public visé")
    assert "Pour :" not in card
    assert "Pour quel public" in advisor.last.plain and "Au plus 100 caractères" in advisor.last.plain
    await advisor.send("x")
    assert "Entre 2 et 100 caractères" in advisor.last.plain
    await advisor.send("16-18 ans")
    assert "🎯 Pour : 16-18 ans" in advisor.last.plain  # the preview again
    assert "🎯 Pour : 16-18 ans" in await publish_and_read(bot, advisor)
    assert await bot.ctx.db.scalar("SELECT audience FROM events") == "16-18 ans"


async def test_a_detail_changed_after_publication_is_told_and_can_be_removed(bot):
    advisor, _, event_id = await published(bot, capacity=5, people=(5001,))
    await open_edit(advisor, "Public visé")
    assert "Actuellement : non précisé" in advisor.last.plain
    await advisor.send("tous")
    assert "Action modifiée : public visé (1 personne prévenue)" in advisor.last.plain
    assert "🎯 Pour : tous" in bot.person(5001).last.plain
    await advisor.press("Modifier autre chose")
    await advisor.press("Public visé")
    assert "Actuellement : 🎯 Pour : tous" in advisor.last.plain
    await advisor.press("Ne pas préciser")
    assert (await service.get_event(bot.ctx, event_id)).audience is None
    assert "Public visé : retiré de la fiche" in bot.person(5001).last.plain


async def test_to_bring_a_detail_added_with_one_declaration(bot):
    """« À apporter » (migration 0014): asked from « Modifier » in /annonce, on the card, changed after publication."""
    advisor, _ = await detail_in_annonce(bot, "À apporter")
    await advisor.send("CV imprimé, pièce d'identité")
    assert "🎒 À apporter : CV imprimé, pièce d'identité" in await publish_and_read(bot, advisor)
    event_id = await bot.ctx.db.scalar("SELECT id FROM events WHERE to_bring = ?", ("CV imprimé, pièce d'identité",))
    await registration.register(bot.ctx, event_id, 5001)
    await open_edit(advisor, "À apporter")
    await advisor.send("CV imprimé")
    assert "Action modifiée : à apporter (1 personne prévenue)" in advisor.last.plain
    assert "🎒 À apporter : CV imprimé" in bot.person(5001).last.plain


async def test_the_details_come_from_csv_files_too(bot, tmp_path):
    """The file columns of the details are declared in the same table: « public », « à apporter », « accessible PMR »."""
    from bot.events.csvimport import import_csv

    path = tmp_path / "actions.csv"
    path.write_text("type;titre;debut;fin;ville;departement;public;À apporter;Accessible PMR;places\n"
                    "atelier;Atelier CV;03/03/2027 14:00;16:00;Lille;59;16-25 ans;CV imprimé;oui;\n"
                    "atelier;Atelier lettre;04/03/2027 14:00;16:00;Lille;59;;;non;\n"
                    "atelier;Atelier trop;05/03/2027 14:00;16:00;Lille;59;;;peut-être;\n", encoding="utf-8")
    report = await import_csv(bot.ctx, path)
    assert not report.ok and len(report.errors) == 1 and "accessible PMR : oui ou non attendu" in str(report.errors)
    path.write_text("\n".join(path.read_text(encoding="utf-8").splitlines()[:3]) + "\n", encoding="utf-8")
    assert (await import_csv(bot.ctx, path)).ok
    first, second = [await service.get_event(bot.ctx, i) for i in (1, 2)]
    assert (first.audience, first.to_bring, first.accessible, second.accessible) == ("16-25 ans", "CV imprimé", 1, 0)
