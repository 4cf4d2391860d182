"""The follow-up after an event: once, after the end (never at night), one tap, optional, counted anonymously."""

from __future__ import annotations

import asyncio
from types import SimpleNamespace

import pytest

from bot.events.feedback import send_due_followups
from bot.events.registration import register
from bot.events.service import cancel_event
from storage.dialect import is_postgres
from tests.conftest import close_bot, make_bot
from tests.events_helpers import at, make_event, young


async def asked(bot, ctx):
    return await send_due_followups(bot.app.bot, ctx)


async def test_asked_once_after_the_end_and_answered_in_one_tap(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx, "Job dating Lille", day=3, hour=14, hours=3)  # ends at 17:00
    lina, yanis = await young(bot, 1001, "Lina"), await young(bot, 1002, "Yanis")
    await register(ctx, event_id, lina.id)
    await register(ctx, event_id, yanis.id)
    before = len(lina.messages())
    clock.set(at(3, 18, 59))
    assert await asked(bot, ctx) == 0
    clock.set(at(3, 19, 0))  # two hours after the end
    assert await asked(bot, ctx) == 2
    assert "comment ça s'est passé" in lina.last.plain.lower() and "Job dating Lille" in lina.last.plain
    assert lina.last.labels == ["😀 Bien", "😐 Moyen", "🙁 Pas bien"]
    clock.set(at(4, 10, 0))
    assert await asked(bot, ctx) == 0  # never twice
    assert len(lina.messages()) == before + 1
    await lina.press("😀 Bien")
    assert "Merci" in lina.last.plain and "🏠 Menu" in lina.last.labels
    await yanis.press("🙁 Pas bien")
    assert "💬 Parler à quelqu'un" in yanis.last.labels
    await yanis.press_data(f"1:evk:{event_id}:bien")  # a second tap (a forwarded copy, a double tap)
    assert "déjà répondu" in yanis.last.plain
    answers = await ctx.db.fetchall("SELECT kind, key FROM interactions WHERE kind IN ('followup_sent', 'event_feedback') ORDER BY kind, key")
    assert [tuple(r) for r in answers] == [("event_feedback", "bien"), ("event_feedback", "pas_bien"),
                                           ("followup_sent", str(event_id)), ("followup_sent", str(event_id))]


async def test_not_at_night_not_for_cancelled_events_nor_waiting_people_nor_long_after(bot, clock):
    ctx = bot.ctx
    evening = await make_event(ctx, "Soirée", day=3, hour=17, hours=2)  # ends 19:00: asked the next morning
    cancelled = await make_event(ctx, "Annulé", day=3, hour=10)
    full = await make_event(ctx, "Complet", day=3, hour=10, capacity=1)
    lina, yanis = await young(bot, 1, "Lina"), await young(bot, 2, "Yanis")
    for event_id in (evening, cancelled, full):
        await register(ctx, event_id, lina.id)
    await register(ctx, full, yanis.id)  # waiting list: never came
    await cancel_event(ctx, cancelled, actor=None)
    clock.set(at(3, 21, 30))
    assert await asked(bot, ctx) == 1  # only « Complet » (ended 13:00); « Soirée » waits for the morning
    assert "Complet" in lina.last.plain
    assert len(yanis.messages()) == 0 or "Complet" not in yanis.last.plain
    clock.set(at(4, 9, 59))
    assert await asked(bot, ctx) == 0
    clock.set(at(4, 10, 0))
    assert await asked(bot, ctx) == 1 and "Soirée" in lina.last.plain
    late = await make_event(ctx, "Ancien", day=5, hour=10)
    await register(ctx, late, yanis.id)
    clock.set(at(9, 10, 0))  # the bot was stopped for days: too late to ask
    assert await asked(bot, ctx) == 0


async def test_answers_reach_the_statistics_anonymously_with_the_small_count_rule(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx, day=3, hour=14)
    people = [await young(bot, 2000 + n, f"P{n}") for n in range(6)]
    for p in people:
        await register(ctx, event_id, p.id)
    clock.set(at(3, 19, 0))
    assert await asked(bot, ctx) == 6
    for p in people[:5]:
        await p.press("😀 Bien")
    await people[5].press("😐 Moyen")
    nadia = bot.person(900001, "Nadia")  # national coordinator
    await nadia.send("/stats 30j")
    await nadia.press("Événements")
    text = nadia.last.plain
    assert "Demandes envoyées : 6" in text and "Réponses : 6" in text
    assert "bien 5 · 😐 moyen 1 · 🙁 pas bien 0" in text
    assert "P0" not in text and "2000" not in text
    await nadia.send("/stats 30j 32")
    await nadia.press("Événements")
    assert "bien 5 · 😐 moyen <5 · 🙁 pas bien 0" in nadia.last.plain  # in a region, 1 to 4 people are « <5 »


async def test_sent_once_when_two_instances_run_the_job(bot, settings, clock, catalogue):
    if not is_postgres(settings.database):
        pytest.skip("plusieurs instances : avec PostgreSQL seulement (SQLite reste mono-processus)")
    other = await make_bot(settings.model_copy(update={"listen": "127.0.0.1:8081"}), clock, catalogue, api=bot.api)
    try:
        event_id = await make_event(bot.ctx, day=3, hour=14)
        lina = await young(bot, 1001)
        await register(bot.ctx, event_id, lina.id)
        clock.set(at(3, 19, 0))
        sent = await asyncio.gather(send_due_followups(bot.app.bot, bot.ctx), send_due_followups(other.app.bot, other.ctx))
        assert sum(sent) == 1
        assert sum("comment ça s'est passé" in m.plain.lower() for m in lina.messages()) == 1
    finally:
        await close_bot(other)


async def test_the_maintenance_job_sends_it(bot, clock):
    from handlers.events import _maintenance_job

    event_id = await make_event(bot.ctx, day=3, hour=14)
    lina = await young(bot, 1001)
    await register(bot.ctx, event_id, lina.id)
    clock.set(at(3, 19, 5))

    await _maintenance_job(SimpleNamespace(application=bot.app, bot=bot.app.bot))  # what the job queue runs every minute
    assert "comment ça s'est passé" in lina.last.plain.lower()


async def test_the_answer_is_in_my_data_then_erased_with_me(bot, clock, db):
    import json

    event_id = await make_event(bot.ctx, "Job dating Lille", day=3, hour=14)
    lina = await young(bot, 1001)
    await register(bot.ctx, event_id, lina.id)
    clock.set(at(3, 19, 0))
    await asked(bot, bot.ctx)
    await lina.press("😐 Moyen")
    answers = await lina.send("/mesdonnees")
    exported = json.loads(bot.api.files[answers[1].document["file_id"]])
    assert exported["avis_apres_les_actions"][0]["action"] == "Job dating Lille"
    assert exported["avis_apres_les_actions"][0]["reponse"] == "moyen"
    await lina.send("/oubli")
    await lina.press("Oui, tout effacer")
    assert await db.scalar("SELECT COUNT(*) FROM event_feedback") == 0
