"""Several instances on one PostgreSQL database: any of them may get the next update of a conversation."""

from __future__ import annotations

import asyncio

import pytest

from bot.events.registration import register
from bot.events.reminders import send_due_reminders

from storage.dialect import is_postgres
from tests.advisors_helpers import ANNOUNCE_STEPS, ANNOUNCE_TITLE, make_advisor, simulate_time, step, subscribe
from tests.conftest import close_bot, make_bot
from tests.events_helpers import at, make_event, young


@pytest.fixture
async def two(bot, settings, clock, catalogue):
    """The ``bot`` fixture and a second instance on the same database and the same Telegram."""
    if not is_postgres(settings.database):
        pytest.skip("plusieurs instances : avec PostgreSQL seulement (SQLite reste mono-processus)")
    other = await make_bot(settings.model_copy(update={"listen": "127.0.0.1:8081"}), clock, catalogue, api=bot.api)
    yield bot, other
    errors = list(other.errors)
    await close_bot(other)
    assert not errors


async def test_annonce_steps_alternate_between_two_instances(two):
    first, second = two
    simulate_time(first)
    simulate_time(second)
    await make_advisor(first)
    await subscribe(first, [5001, 5002])
    people = [first.person(2001, "Samir"), second.person(2001, "Samir")]
    for number, (kind, value) in enumerate(ANNOUNCE_STEPS):
        await step(people[number % 2], kind, value)  # each step on the other instance
    assert "Aperçu" in people[1].messages()[-2].plain and "2 jeunes" in people[1].messages()[-2].plain
    assert people[1].last.labels == ["✅ Publier", "✏️ Modifier", "🗑️ Abandonner"]
    await people[0].press("Publier")
    await first.ctx.broadcaster.join()
    assert await first.ctx.db.scalar("SELECT COUNT(*) FROM events WHERE title = ?", (ANNOUNCE_TITLE,)) == 1
    assert first.api.sent_count(5001) == 1 and first.api.sent_count(5002) == 1


async def test_a_reminder_due_is_sent_once_when_both_instances_run_the_job(two, clock):
    first, second = two
    event_id = await make_event(first.ctx, day=3, hour=14)
    lina = await young(first, 1001)
    await register(first.ctx, event_id, lina.id)
    before = len(lina.messages())
    clock.set(at(2, 18, 0))
    sent = await asyncio.gather(send_due_reminders(first.app.bot, first.ctx), send_due_reminders(second.app.bot, second.ctx))
    assert sum(sent) == 1
    assert len(lina.messages()) == before + 1 and "C'est demain" in lina.last.plain


async def test_the_weekly_digest_is_sent_once_when_both_instances_run_the_job(two, clock):
    import datetime as dt

    from bot.clock import PARIS
    from bot.stats import digest

    first, second = two
    clock.set(dt.datetime(2027, 3, 8, 9, 0, tzinfo=PARIS))
    sent = await asyncio.gather(digest.send_digests(first.ctx, first.app.bot), digest.send_digests(second.ctx, second.app.bot))
    national = first.person(900001, "Nadia")  # PASSERELLE_COORDINATORS of the tests
    assert sum(sent) == 1
    assert sum("Votre semaine" in m.plain for m in national.messages()) == 1


async def test_a_question_started_on_one_instance_is_written_on_the_other(two):
    """The second instance has just seen the chat without a draft; the draft written by the first
    must still be read there (no per-process « no draft » memory with a shared database)."""
    from tests.test_journey_questions import QUESTION, young_in_lille

    first, second = two
    await make_advisor(first, 2001, "32", "Mission Locale de Lille", "Samir")
    lina_here = await young_in_lille(first, 1001)
    lina_there = second.person(1001, "Lina", "lina_secret")
    await lina_there.send("bonjour")  # the second instance sees the chat with no draft
    await lina_here.send("/start metier_opticien-lunetier")
    await lina_here.press("Écrire à un conseiller")
    await lina_there.send(QUESTION)
    assert QUESTION in lina_there.last.plain and "Envoyer" in " ".join(lina_there.last.labels)


async def test_an_update_while_the_database_is_down_gets_an_apology_and_the_next_ones_go_on(bot, settings):
    """Found by the cluster proof: with PostgreSQL, the state is reloaded before each update, outside
    python-telegram-bot's error handling; an update that came while the database was down raised out of
    process_update, which stops PTB's update loop for good (the instance answered nothing more, though
    /healthz said 200 again)."""
    if not is_postgres(settings.database):
        pytest.skip("le rechargement de l'état à chaque mise à jour : avec PostgreSQL seulement")
    lina = bot.person(1001, "Lina")
    reload = bot.app.shared_state.reload

    async def unreachable(app, update):
        raise ConnectionRefusedError(111, "Connect call failed")

    bot.app.shared_state.reload = unreachable
    await lina.send("/start")  # does not raise
    assert "Oups, quelque chose n'a pas marché" in lina.last.plain
    assert [type(e) for e in bot.errors] == [ConnectionRefusedError] and bot.app.metrics.errors == 1
    bot.errors.clear()
    bot.app.shared_state.reload = reload
    await lina.send("/start")
    assert "Lina" in lina.last.plain
