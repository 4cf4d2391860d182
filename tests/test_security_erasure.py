"""Data minimality and erasure: after a full journey, /oubli leaves no row anywhere (every table,
every column, persistence and event notices included) holding the chat id, first name or username;
the interactions never hold the Telegram id."""

from __future__ import annotations

import datetime as dt

from bot.events import service as events
from bot.events.feedback import send_due_followups
from tests.advisors_helpers import make_advisor
from tests.robustness_helpers import rows_holding

CHAT_ID, FIRST_NAME, USERNAME = 6_123_456_789, "Zéphyrine", "zephyrine_b"


async def journey(bot, person):
    """Onboarding, favourites, quiz, alerts with a filter, search, registration with name sharing,
    then a date change so that a notice is queued for the person."""
    await person.send("/start src_affiche-lycee")
    await person.press("Hauts-de-France")
    await person.press("Oui, préviens-moi")
    await person.send("/start metier_opticien-lunetier")
    await person.press("Ça m'intéresse")
    await person.send("/quiz")
    while "question" in person.last.plain:
        await person.press(person.last.labels[0])
    await person.send("/alertes")
    await person.press("Choisir les branches")
    await person.press("Optique")
    await person.send("vendeur")
    await person.send(f"je m'appelle {FIRST_NAME}")  # free text naming the person: must not be kept either
    advisor, role = await make_advisor(bot)
    start = bot.ctx.clock.now() + dt.timedelta(days=3)
    event_id = await events.create_event(bot.ctx, {
        "type": "atelier", "title": "Atelier CV", "starts_at": start, "ends_at": start + dt.timedelta(hours=2), "city": "Lille",
        "region": "32", "scope": "regional", "capacity": 5, "organisers": [(role.network, role.organisation)]}, created_by=role.id, source="annonce")
    await person.send(f"/start evt_{event_id}")
    await person.press("Je m'inscris")
    await person.press("Oui, d'accord")
    await advisor.send("/mesannonces")
    await advisor.press("Atelier CV")
    await advisor.press("Inscrits")
    assert FIRST_NAME in advisor.last.plain  # shared with the organiser, as agreed
    later = start + dt.timedelta(days=1)
    await events.update_event(bot.ctx, event_id, {"starts_at": later, "ends_at": later + dt.timedelta(hours=2)}, actor=role.id)
    return event_id


async def test_forget_leaves_nothing_naming_the_person(bot, db, clock):
    person = bot.person(CHAT_ID, FIRST_NAME, USERNAME)
    await journey(bot, person)
    clock.advance(days=5)  # the event is over: « Comment ça s'est passé ? », answered
    assert await send_due_followups(bot.app.bot, bot.ctx) == 1
    await person.press("😀 Bien")
    assert await db.scalar("SELECT COUNT(*) FROM event_feedback WHERE chat_id = ? AND answer = 'bien'", (CHAT_ID,)) == 1
    assert await db.scalar("SELECT COUNT(*) FROM event_notices WHERE chat_id = ?", (CHAT_ID,)) >= 1
    assert await db.scalar("SELECT COUNT(*) FROM registrations WHERE chat_id = ? AND share_identity = 1", (CHAT_ID,)) == 1
    # the interactions never hold the Telegram id, the name or the username
    interactions = await db.fetchall("SELECT * FROM interactions")
    assert len(interactions) > 10
    for row in interactions:
        text = " ".join(str(v) for v in tuple(row)).casefold()
        assert str(CHAT_ID) not in text and FIRST_NAME.casefold() not in text and USERNAME not in text, tuple(row)

    pseudonym = bot.ctx.pseudonymizer.key(CHAT_ID)
    assert await db.scalar("SELECT COUNT(*) FROM interactions WHERE user_key = ?", (pseudonym,)) > 10
    coordinator = bot.person(900001, "Coralie")
    await coordinator.send("/stats")  # the person is rolled up in every statistics table
    assert {t for t, _ in await rows_holding(db, pseudonym)} >= {"interactions", "stats_people", "stats_people_day"}
    interactions_before = await db.scalar("SELECT SUM(n) FROM stats_kinds")

    await person.send("/oubli")
    await person.press("Oui, tout effacer")
    assert "effacé" in person.last.plain
    assert "Je garde seulement des totaux qui ne citent personne" in person.last.plain
    await bot.app.update_persistence()
    # every table (found in sqlite_master: future tables too), for the id, names and pseudonym
    assert await rows_holding(db, CHAT_ID, FIRST_NAME, USERNAME, pseudonym) == []
    assert CHAT_ID not in bot.app.user_data  # nor in memory, to be written back later
    # what stays: counts that name nobody, the person's actions and the erasure itself included
    assert await db.scalar("SELECT SUM(n) FROM stats_kinds") == interactions_before + 1
    assert await db.scalar("SELECT n FROM stats_kinds WHERE kind = 'data_erase'") == 1
    # the coordinator logs nothing; at most the mark that keeps the log's newest id (storage/stats.py), naming nobody
    assert [tuple(r) for r in await db.fetchall("SELECT user_key, kind, key, region, branch FROM interactions")] in ([], [("", "erased", None, None, None)])


async def test_forget_while_a_question_is_pending_keeps_nothing(bot, db):
    """Erasure right after /region (a pending question in user_data) leaves no persistence row."""
    person = bot.person(CHAT_ID, FIRST_NAME, USERNAME)
    await person.send("/start")
    await person.send("/region")
    await bot.app.update_persistence()
    await person.send("/oubli")
    await person.press("Oui, tout effacer")
    await bot.app.update_persistence()
    assert await rows_holding(db, CHAT_ID, FIRST_NAME, USERNAME) == []
