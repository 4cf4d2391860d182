"""/annonce: the whole conversation, Modifier, the abuses, plain announcements, persistence."""

from __future__ import annotations

from tests.advisors_helpers import COORD, make_advisor, received, simulate_time, subscribe


async def fill_event(p, *, place="12 rue Nationale, 59000 Lille"):
    await p.send("/annonce")
    await p.press("Une action")
    await p.press("Job dating")
    await p.send("Job dating de la grande distribution")
    await p.send("12/03 14h")
    await p.press("2 h")
    await p.send(place)
    await p.press("Supermarchés")
    await p.press("Valider")
    await p.send("20")
    await p.press("Pas de date limite")
    await p.send("Venez avec votre CV <b>imprimé</b> & votre sourire")
    await p.send("Auchan, Carrefour")
    await p.press("Ajouter Opcommerce")
    await p.press("Valider")


async def test_whole_conversation_with_modifier_and_broadcast(bot):
    simulate_time(bot)
    advisor, role = await make_advisor(bot)
    await subscribe(bot, [5001, 5002, 5003])
    await subscribe(bot, [5004], branches=["optique"])  # filter does not match
    await subscribe(bot, [5005], alerts=False)
    await subscribe(bot, [5006], region="53")  # Bretagne
    await fill_event(advisor)
    head, card = advisor.messages()[-2:]
    assert "Aperçu" in head.plain and "3 jeunes" in head.plain
    assert "Job dating de la grande distribution" in card.plain
    assert "<b>imprimé</b> & votre sourire" in card.plain  # HTML shown escaped
    assert "action commune" in card.plain and "Auchan" in card.plain
    assert card.labels == ["✅ Publier", "✏️ Modifier", "🗑️ Abandonner"]
    # Modifier: go back to the date, then straight back to the preview
    await advisor.press("Modifier")
    await advisor.press("Date")
    await advisor.send("hier 10h")
    assert "déjà passé" in advisor.last.plain
    await advisor.send("demain 10h30")
    assert "✅ Publier" in advisor.last.labels
    assert "mardi 2 mars" in advisor.last.plain
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    for young in (5001, 5002, 5003):
        assert received(bot, young) == 1
        message = bot.api.bot_messages(young)[-1]
        assert "Job dating de la grande distribution" in message["text"]
        assert any("Je m'inscris" in b["text"] for row in message["reply_markup"]["inline_keyboard"] for b in row)
    for other in (5004, 5005, 5006):
        assert received(bot, other) == 0
    texts = [m.plain for m in advisor.messages()]
    assert any("Envoi : 3 / 3" in t for t in texts)
    assert "reçue par 3 personnes" in advisor.last.plain
    row = (await bot.ctx.db.fetchall("SELECT * FROM broadcasts"))[0]
    assert (row["kind"], row["region"], row["joint"], row["scope"], row["status"], row["sent"]) == ("event", "32", 1, "regional", "done", 3)
    event = await bot.ctx.db.fetchone("SELECT * FROM events WHERE id = ?", (row["event_id"],))
    assert event["created_by"] == role.id and event["source"] == "annonce" and event["capacity"] == 20
    kinds = [r[0] for r in await bot.ctx.db.fetchall("SELECT kind FROM interactions WHERE kind LIKE 'announce%'")]
    assert kinds == ["announce_sent"] * 3


async def test_online_event_and_french_dates(bot):
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.press("Atelier")
    await advisor.send("Atelier CV en visio")
    await advisor.send("n'importe quand")
    assert "pas compris" in advisor.last.plain
    await advisor.send("12/03")
    assert "manque l'heure" in advisor.last.plain
    await advisor.send("lundi 9h")
    await advisor.send("11h")
    await advisor.send("en ligne")
    await advisor.send("pas un lien")
    assert "pas valide" in advisor.last.plain
    await advisor.send("https://visio.exemple.fr/atelier")
    assert "métiers" in advisor.last.plain


async def test_description_too_long_is_refused_with_the_limit(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.press("Atelier")
    await advisor.send("Atelier")
    await advisor.send("demain 14h")
    await advisor.press("2 h")
    await advisor.send("Lille")
    await advisor.press("Valider")
    await advisor.press("Pas de limite")
    await advisor.press("Pas de date limite")
    await advisor.send("x" * 5000)
    assert "5000 caractères, la limite est de 1000" in advisor.last.plain
    assert "description" in advisor.last.plain


async def test_abandoned_halfway_publishes_nothing(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.press("Atelier")
    await advisor.send("Atelier abandonné")
    await advisor.send("/annuler")
    assert "rien n'a été publié" in advisor.last.plain
    await advisor.send("demain 14h")  # no longer in the conversation
    assert "Quand" not in advisor.last.plain
    await advisor.press_data("1:ann:pub")
    assert "n'est plus en cours" in advisor.last.plain
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM events") == 0
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM broadcasts") == 0


async def test_abandon_button_and_expired_draft(bot, clock):
    advisor, _ = await make_advisor(bot)
    await fill_event(advisor)
    await advisor.press("Abandonner")
    assert "rien n'a été publié" in advisor.last.plain
    await advisor.send("/annonce")
    await advisor.press("Une action")
    clock.advance(hours=25)
    await advisor.press("Atelier")
    assert "plus de 24 heures" in advisor.last.plain
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM events") == 0


async def test_advisor_cannot_target_another_region(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    assert "Quel type" in advisor.last.plain  # no region question: their own region
    await advisor.press("Atelier")
    await advisor.send("Atelier")
    await advisor.send("demain 14h")
    await advisor.send("16h")
    await advisor.send("3 place de la Mairie, 35000 Rennes")
    assert "hors de la région" in advisor.last.plain
    # a forged "all regions" press
    await advisor.press_data("1:ann:reg")
    assert "ne correspond pas" in advisor.last.plain
    # and the service refuses whatever the handler did
    import pytest

    from bot import announce, roles

    role = await roles.current_role(bot.ctx, advisor.id)
    draft = announce.new_draft(bot.ctx, role, "message")
    draft.update(region="53", text="Offres en Bretagne")
    with pytest.raises(roles.PermissionDenied):
        await announce.publish(bot.ctx, role, draft, None)
    with pytest.raises(roles.PermissionDenied):
        announce.set_region(bot.ctx, role, draft, "Bretagne")
    assert await bot.ctx.db.scalar("SELECT COUNT(*) FROM broadcasts") == 0


async def test_national_coordinator_plain_message_to_all_regions(bot):
    simulate_time(bot)
    await subscribe(bot, [5001], region="32")
    await subscribe(bot, [5002], region="53")
    coord = bot.person(COORD, "Nadia")
    await coord.send("/annonce")
    await coord.press("Un message simple")
    await coord.send("Atlantide")
    assert "ne connais pas la région" in coord.last.plain
    await coord.press("Toutes les régions")
    await coord.send("Nouvelles offres en alternance <i>partout</i> !")
    await coord.press("Valider")
    assert "toutes les régions" in coord.messages()[-2].plain
    await coord.press("Modifier")
    await coord.press("Message")
    await coord.send("Nouvelles offres en alternance partout !")
    assert "Nouvelles offres en alternance partout" in coord.last.plain
    await coord.press("Publier")
    await bot.ctx.broadcaster.join()
    assert received(bot, 5001) == received(bot, 5002) == 1
    row = (await bot.ctx.db.fetchall("SELECT * FROM broadcasts"))[0]
    assert (row["kind"], row["region"], row["scope"], row["event_id"]) == ("message", None, "national", None)


async def test_conversation_survives_a_restart(bot, settings, clock, catalogue):
    from tests.conftest import close_bot, make_bot

    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.press("Atelier")
    await advisor.send("Atelier après redémarrage")
    second = await make_bot(settings, clock, catalogue, api=bot.api)
    try:
        simulate_time(second)
        again = second.person(advisor.id, "Samir")
        await again.send("demain 14h")
        assert "Jusqu'à quelle heure" in again.last.plain
        await again.send("17h")
        assert "Où" in again.last.plain
        await again.send("Lille")
        await again.press("Valider")
        await again.press("Pas de limite")
        await again.press("Pas de date limite")
        await again.press("Pas de description")
        await again.press("Aucune")
        await again.press("Valider")
        assert "Atelier après redémarrage" in again.last.plain
        assert not second.errors
    finally:
        await close_bot(second)


async def test_end_time_asked_after_the_start(bot):
    advisor, _ = await make_advisor(bot)
    await advisor.send("/annonce")
    await advisor.press("Une action")
    await advisor.press("Atelier")
    await advisor.send("Atelier CV")
    await advisor.send("12/03 14h")
    assert "Jusqu'à quelle heure" in advisor.last.plain
    # issue 10: no « La journée (jusqu'à 21 h) » for a 14 h start; back one step from every question
    assert advisor.last.labels == ["2 h (jusqu'à 16 h)", "Une demi-journée (jusqu'à 18 h)", "⬅️ Retour"]
    await advisor.send("13h")
    assert "doit venir après le début (vendredi 12/03/2027 à 14:00)" in advisor.last.plain
    await advisor.send("plus tard")
    assert "pas compris cette fin" in advisor.last.plain
    await advisor.send("17:30")
    assert "Où" in advisor.last.plain
    await advisor.send("Lille")
    await advisor.press("Valider")
    await advisor.press("Pas de limite")
    await advisor.press("Pas de date limite")
    await advisor.press("Pas de description")
    await advisor.press("Aucune")
    await advisor.press("Valider")
    assert "vendredi 12 mars, 14 h - 17 h 30" in advisor.last.plain
    # « Modifier » lists every field, the end included
    await advisor.press("Modifier")
    labels = advisor.last.labels
    assert labels[:11] == ["Type", "Titre", "Date et heure", "Heure de fin", "Lieu", "Métiers", "Places", "Date limite",
                           "Description", "Entreprises", "Organisateurs"]
    assert labels[-1] == "⬅️ Revenir à l'aperçu" and {"Accessibilité PMR", "Public visé"} <= set(labels[11:])  # the optional details
    await advisor.press("Heure de fin")
    await advisor.press("Une demi-journée")
    assert "vendredi 12 mars, 14 h - 18 h" in advisor.last.plain
    # a new start keeps the duration
    await advisor.press("Modifier")
    await advisor.press("Date et heure")
    await advisor.send("12/03 9h")
    assert "vendredi 12 mars, 9 h - 13 h" in advisor.last.plain
    await advisor.press("Modifier")
    await advisor.press("Heure de fin")
    assert "La journée (jusqu'à 17 h)" in advisor.last.labels
    await advisor.press("La journée")
    await advisor.press("Publier")
    event = await bot.ctx.db.fetchone("SELECT starts_at, ends_at FROM events")
    assert event["ends_at"] - event["starts_at"] == 8 * 3600


async def test_national_coordinator_picks_the_region_with_buttons(bot):
    coord = bot.person(COORD, "Nadia")
    await coord.send("/annonce")
    await coord.press("Une action")
    labels = coord.last.labels
    assert len(labels) == 20 and labels[-2:] == ["🇫🇷 Toutes les régions", "⬅️ Retour"]
    assert "Bretagne" in labels and "Hauts-de-France" in labels and "Guadeloupe" in labels
    await coord.press("Bretagne")
    assert "Quel type" in coord.last.plain
    await coord.press_data("1:ann:reg:99")  # a forged, unknown region, out of turn
    assert "ne correspond pas" in coord.last.plain
    await coord.press("Atelier")
    await coord.send("Atelier à Rennes")
    await coord.send("demain 14h")
    await coord.press("2 h")
    await coord.send("12 rue Nationale, 59000 Lille")
    assert "hors de la région" in coord.last.plain  # the target is Bretagne now
    # « Modifier » → Région: the buttons again, and typed names or codes still work
    await coord.send("3 place de la Mairie, 35000 Rennes")
    for _ in range(6):  # branches, capacity, deadline, description, companies, organisers
        labels = [label for label in coord.last.labels if label != "⬅️ Retour"]
        await coord.press(labels[-1] if "Valider" not in " ".join(labels) else "Valider")
    assert "Publier" in " ".join(coord.last.labels)
    await coord.press("Modifier")
    await coord.press("Région")
    assert "🇫🇷 Toutes les régions" in coord.last.labels and "Normandie" in coord.last.labels
    await coord.send("53")
    assert "de Bretagne" in coord.messages()[-2].plain
    await coord.press("Abandonner")


async def test_the_preview_is_exactly_what_young_people_receive(bot):
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001])
    await fill_event(advisor)
    card = advisor.last
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    received_card = bot.person(5001).last
    assert received_card.plain == card.plain
    assert bot.api.bot_messages(5001)[-1]["text"] == card.raw["text"]  # the same HTML too
    assert "Je m'inscris" in " ".join(received_card.labels) and "Publier" not in " ".join(received_card.labels)


async def test_restart_in_the_middle_of_the_end_and_region_steps(bot, settings, clock, catalogue):
    from tests.conftest import close_bot, make_bot

    coord = bot.person(COORD, "Nadia")
    await coord.send("/annonce")
    await coord.press("Une action")
    second = await make_bot(settings, clock, catalogue, api=bot.api)
    try:
        again = second.person(COORD, "Nadia")
        await again.press("Hauts-de-France")
        await again.press("Atelier")
        await again.send("Atelier après redémarrage")
        await again.send("demain 14h")
        third = await make_bot(settings, clock, catalogue, api=bot.api)
        try:
            last = third.person(COORD, "Nadia")
            await last.press("Une demi-journée")
            assert "Où" in last.last.plain
            await last.send("Lille")
            from bot import forms

            draft = (await forms.load(third.ctx, COORD)).data  # the form's state is in the database
            assert (draft["region"], draft["ends_at"] - draft["starts_at"]) == ("32", 4 * 3600)
            assert not third.errors
        finally:
            await close_bot(third)
        assert not second.errors
    finally:
        await close_bot(second)
