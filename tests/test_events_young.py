"""The young person's side: suggestions, the card, registration, waiting list, calendar, place, sharing."""

import asyncio
import datetime as dt

from icalendar import Calendar

from bot.events.notify import deliver_notices
from bot.events.registration import register
from bot.events.service import cancel_event, get_event
from tests.events_helpers import at, make_event, young


async def interactions(bot, kind):
    return [r["key"] for r in await bot.ctx.db.fetchall("SELECT key FROM interactions WHERE kind = ? ORDER BY id", (kind,))]


async def test_region_first_then_national_never_other_region_past_or_cancelled(bot, clock):
    ctx = bot.ctx
    far = await make_event(ctx, "Forum de Lille", day=25)
    near_national = await make_event(ctx, "Semaine nationale", day=2, scope="national", city="Paris", departement="75")
    online = await make_event(ctx, "Webinaire", day=4, scope="online", online_url="https://example.org/w", city=None, departement=None)
    await make_event(ctx, "Salon à Marseille", day=3, city="Marseille", departement="13")
    cancelled = await make_event(ctx, "Annulé", day=3)
    await cancel_event(ctx, cancelled, actor=None)
    soon = await make_event(ctx, "Déjà commencé", day=1, hour=11)
    lina = await young(bot, 1001)
    clock.advance(hours=2)  # 12:00: « Déjà commencé » has started
    await lina.send("/evenements")
    text = lina.last.plain
    assert "Hauts-de-France" in text
    labels = [label for label in lina.last.labels if "·" in label]
    assert "Forum de Lille" in labels[0]  # the region's action first, even if further away
    assert any("Semaine nationale" in label for label in labels) and any("Webinaire" in label for label in labels)
    assert not any(word in text for word in ("Marseille", "Annulé", "Déjà commencé"))
    assert set(map(int, await interactions(bot, "event_suggested"))) == {far, near_national, online}
    assert soon not in map(int, await interactions(bot, "event_suggested"))


async def test_favourites_and_branches_rank_and_filter(bot):
    ctx = bot.ctx
    await make_event(ctx, "Pour le sport", day=20, branches=["sports-loisirs"])
    await make_event(ctx, "Pour l'optique", day=5, branches=["optique"])
    lina = await young(bot, 1001)
    job = ctx.catalogue.jobs_of["sports-loisirs"][0]
    await ctx.db.execute("INSERT INTO favourites(chat_id, job_id, created_at) VALUES (?, ?, 0)", (lina.id, job.id))
    await lina.send("/evenements")
    labels = [label for label in lina.last.labels if "·" in label]
    assert "Pour le sport" in labels[0]
    await lina.press("Filtrer par branche")
    await lina.press(ctx.catalogue.branch("optique").nom_court)
    assert "Pour l'optique" in lina.last.plain and "Pour le sport" not in lina.last.plain
    await lina.press("Toutes les branches")
    assert "Pour le sport" in lina.last.plain


async def test_five_at_a_time_with_voir_plus(bot):
    for i in range(12):
        await make_event(bot.ctx, f"Action {i:02d}", day=2 + i)
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    seen = [label for label in lina.last.labels if "Action" in label]
    assert len(seen) == 5
    await lina.press("Voir plus")
    await lina.press("Voir plus")
    assert len([label for label in lina.last.labels if "Action" in label]) == 2
    assert "Voir plus" not in " ".join(lina.last.labels)


async def test_job_card_and_quiz_lead_to_events(bot, catalogue):
    job = catalogue.jobs_of["bricolage"][0]
    await make_event(bot.ctx, "Découverte du bricolage", branches=["bricolage"])
    await make_event(bot.ctx, "Pour l'optique", branches=["optique"])
    lina = await young(bot, 1001)
    await lina.send(f"/start metier_{job.id}")
    await lina.press("Actions liées à ce métier")
    assert "Découverte du bricolage" in lina.last.plain and "optique" not in lina.last.plain
    await lina.press("Retour au métier")
    assert job.accroche in lina.last.plain
    assert "evl" in (bot.ctx.renderer.env.loader.get_source(bot.ctx.renderer.env, "quiz/result.html")[0])


async def test_card_register_share_question_and_unregister(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=10, latitude=50.63, longitude=3.06, address="1 rue Nationale")
    lina = await young(bot, 1001)
    await lina.send("/evenements")
    await lina.press("Job dating Lille")
    card = lina.last.plain
    assert "mercredi 3 mars, 14 h - 17 h" in card and "1 rue Nationale, Lille (59)" in card
    assert "Job dating" in card and "Opcommerce Hauts-de-France" in card and "action commune" in card
    assert "10 places disponibles" in card
    await lina.press("Je m'inscris")
    assert "les organisateurs peuvent-ils voir ton prénom" in lina.last.plain
    card_message = lina.messages()[-2]
    assert "Tu es inscrit·e" in card_message.plain and "9 places" in card_message.plain
    assert "Me désinscrire" in card_message.labels[0]
    await lina.press("Non merci")
    row = await ctx.db.fetchone("SELECT share_identity FROM registrations WHERE chat_id = ?", (lina.id,))
    assert row[0] == 0
    # twice is impossible: a second press (an old card) keeps one registration, no second question
    await lina.press_data(f"1:evr:{event_id}", card_message)
    assert await ctx.db.scalar("SELECT count(*) FROM registrations") == 1
    await lina.press("Me désinscrire", lina.messages()[-1] if "Me désinscrire" in " ".join(lina.last.labels) else None)
    confirm = next(m for m in reversed(lina.messages()) if "Tu veux vraiment te désinscrire" in m.plain)  # a double tap does not lose the seat
    assert await ctx.db.scalar("SELECT count(*) FROM registrations") == 1
    await lina.press("✅ Oui, je me désinscris", confirm)
    assert "désinscrit" in lina.last.plain
    assert await ctx.db.scalar("SELECT count(*) FROM registrations") == 0
    assert await interactions(bot, "event_register") == [str(event_id)]
    assert await interactions(bot, "event_unregister") == [str(event_id)]
    assert str(event_id) in await interactions(bot, "event_open")


async def test_full_event_waiting_list_and_promotion(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=1)
    lina, yanis = await young(bot, 1, "Lina"), await young(bot, 2, "Yanis")
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    await yanis.send(f"/start evt_{event_id}")
    assert "Complet" in yanis.last.plain
    await yanis.press("liste d'attente")
    assert "liste d'attente" in yanis.last.plain and "position 1" in yanis.messages()[-2].plain
    await lina.send("/mesinscriptions")
    await lina.press("Job dating Lille")
    await lina.press("Me désinscrire")
    await lina.press("✅ Oui, je me désinscris")
    assert "Une place s'est libérée" in yanis.last.plain
    assert (await get_event(ctx, event_id)).registered == 1
    assert await interactions(bot, "event_waitlist") == [str(event_id)]
    assert await interactions(bot, "event_promoted") == [str(event_id)]


async def test_erasure_frees_the_seat_for_the_next_person(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=1)
    lina, yanis = await young(bot, 1, "Lina"), await young(bot, 2, "Yanis")
    await register(ctx, event_id, lina.id)
    await register(ctx, event_id, yanis.id)
    clock = ctx.clock
    clock.advance(minutes=5)
    await lina.send("/oubli")
    await lina.press("Oui, tout effacer")
    assert "Une place s'est libérée" in yanis.last.plain  # at once, not at the next minute's job
    assert await deliver_notices(bot.app.bot, ctx) == 0  # already delivered, once
    promoted = await ctx.db.scalar("SELECT promoted_at FROM registrations WHERE chat_id = ?", (yanis.id,))
    assert promoted == clock.timestamp()  # the bot's clock, not the machine's
    assert "Une place s'est libérée" in yanis.last.plain
    assert (await get_event(ctx, event_id)).registered == 1


async def test_refusals_cancelled_past_deadline_unknown(bot, clock):
    ctx = bot.ctx
    cancelled = await make_event(ctx, "Annulé")
    deadline = await make_event(ctx, "Clos", registration_deadline=at(1, 9, 30))
    past = await make_event(ctx, "Bientôt", day=1, hour=11)
    lina = await young(bot, 1001)
    await lina.send(f"/start evt_{cancelled}")
    await cancel_event(ctx, cancelled, actor=None)
    await lina.press("Je m'inscris")
    assert "annulé" in lina.last.plain
    await lina.send(f"/start evt_{deadline}")
    assert "Les inscriptions sont closes" in lina.last.plain and "Je m'inscris" not in " ".join(lina.last.labels)
    await lina.press_data(f"1:evr:{deadline}")
    assert "inscriptions pour cet événement sont closes" in lina.last.plain
    await lina.send(f"/start evt_{past}")
    clock.advance(hours=2)
    await lina.press("Je m'inscris")
    assert "déjà commencé" in lina.last.plain
    await lina.send("/start evt_424242")
    assert "Je ne trouve pas cet événement" in lina.last.plain
    await lina.press_data("1:evo:999")
    assert "Je ne trouve pas cet événement" in lina.last.plain
    await lina.press_data("1:evr:abc")
    assert "plus à jour" in lina.last.plain
    assert await ctx.db.scalar("SELECT count(*) FROM registrations") == 0


async def test_fifty_concurrent_registrations_for_ten_seats(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, capacity=10)
    people = [await young(bot, 2000 + i, f"P{i}") for i in range(50)]
    outcomes = await asyncio.gather(*(register(ctx, event_id, p.id) for p in people))
    assert sum(o.code == "registered" for o in outcomes) == 10
    assert sum(o.code == "waiting" for o in outcomes) == 40
    assert await ctx.db.scalar("SELECT count(*) FROM registrations WHERE status = 'registered'") == 10
    # and through the bot: presses arriving together
    other = await make_event(ctx, "Autre", capacity=10)
    for p in people:
        await p.send(f"/start evt_{other}")
    await asyncio.gather(*(p.press("Je m'inscris") for p in people))
    assert (await get_event(ctx, other)).registered == 10 and (await get_event(ctx, other)).waiting == 40


async def test_calendar_file_parsed_back(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, address="1 rue Nationale", description="Venez avec un CV.")
    lina = await young(bot, 1001)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Ajouter à mon agenda")
    document = lina.last.document
    assert document["file_name"] == f"evenement-{event_id}.ics"
    cal = Calendar.from_ical(bot.api.files[document["file_id"]])
    vevent = next(c for c in cal.walk("VEVENT"))
    assert vevent.decoded("dtstart") == at(3, 14) and vevent.decoded("dtend") == at(3, 17)
    assert str(vevent["summary"]) == "Job dating Lille"
    assert "1 rue Nationale, Lille" in str(vevent["location"])
    assert "Venez avec un CV." in str(vevent["description"])
    alarm = next(c for c in vevent.walk("VALARM"))
    assert alarm.decoded("trigger") == -dt.timedelta(hours=2) and str(alarm["action"]) == "DISPLAY"
    assert await interactions(bot, "event_ics") == [str(event_id)]


async def test_venue_and_share(bot):
    ctx = bot.ctx
    event_id = await make_event(ctx, latitude=50.63, longitude=3.06, address="1 rue Nationale")
    nowhere = await make_event(ctx, "Sans coordonnées")
    lina = await young(bot, 1001)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Voir le lieu")
    assert lina.last.raw["venue"]["location"] == {"latitude": 50.63, "longitude": 3.06}
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Partager")
    assert f"start=evt_{event_id}" in lina.last.plain
    assert f"evt_{event_id}" in await interactions(bot, "share")
    await lina.send(f"/start evt_{nowhere}")
    assert "Voir le lieu" not in " ".join(lina.last.labels)
    await lina.press_data(f"1:evv:{nowhere}")
    assert "position exacte" in lina.last.plain
    assert "evt" in await interactions(bot, "start")


async def test_my_registrations(bot):
    ctx = bot.ctx
    first = await make_event(ctx, "Premier", capacity=1)
    await make_event(ctx, "Second")
    await young(bot, 7, "Autre")
    await register(ctx, first, 7)
    lina = await young(bot, 1001)
    await register(ctx, first, lina.id)
    await lina.send("/mesinscriptions")
    assert "Premier" in lina.last.plain and "liste d'attente" in lina.last.plain and "Second" not in lina.last.plain
    fresh = await young(bot, 1002, "Nour")
    await fresh.send("/mesinscriptions")
    assert "aucune action" in fresh.last.plain
