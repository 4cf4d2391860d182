"""Reminders with the FrozenClock (no sleeping), restarts, and the notices of changes."""


from bot.events.registration import register
from bot.events.reminders import send_due_reminders
from bot.events.service import cancel_event, update_event
from handlers.events import reminder_jobs
from tests.conftest import close_bot, make_bot
from tests.events_helpers import at, make_event, young


async def sent_kinds(ctx):
    return [tuple(r) for r in await ctx.db.fetchall("SELECT event_id, chat_id, kind FROM reminders_sent ORDER BY kind")]


async def test_day_before_at_18_and_two_hours_before_never_twice(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx, day=3, hour=14)
    lina = await young(bot, 1001)
    await register(ctx, event_id, lina.id)
    before = len(lina.messages())
    clock.set(at(2, 17, 59))
    assert await send_due_reminders(bot.app.bot, ctx) == 0
    clock.set(at(2, 18, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 1
    assert "C'est demain" in lina.last.plain and "mercredi 3 mars, 14 h - 17 h" in lina.last.plain
    assert await send_due_reminders(bot.app.bot, ctx) == 0
    clock.set(at(3, 11, 59))
    assert await send_due_reminders(bot.app.bot, ctx) == 0
    clock.set(at(3, 12, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 1
    assert "C'est bientôt" in lina.last.plain
    clock.set(at(3, 13, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 0
    assert len(lina.messages()) == before + 2
    assert len(await sent_kinds(ctx)) == 2
    assert await ctx.db.scalar("SELECT count(*) FROM interactions WHERE kind = 'reminder_sent'") == 2


async def test_no_reminder_for_cancelled_event_nor_waiting_people(bot, clock):
    ctx = bot.ctx
    cancelled = await make_event(ctx, "Annulé")
    full = await make_event(ctx, "Complet", capacity=1)
    lina, yanis = await young(bot, 1, "Lina"), await young(bot, 2, "Yanis")
    await register(ctx, cancelled, lina.id)
    await register(ctx, full, lina.id)
    await register(ctx, full, yanis.id)  # waiting
    await cancel_event(ctx, cancelled, actor=None)
    clock.set(at(2, 18, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 1
    assert await sent_kinds(ctx) == [(full, lina.id, "day_before")]


async def test_late_start_sends_only_the_latest_reminder(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx)
    lina = await young(bot, 1001)
    await register(ctx, event_id, lina.id)
    clock.set(at(3, 12, 30))  # the bot was down the evening before
    assert await send_due_reminders(bot.app.bot, ctx) == 1
    assert "C'est bientôt" in lina.last.plain
    assert {k for *_, k in await sent_kinds(ctx)} == {"day_before", "hours_before"}


async def test_configurable_times(settings, clock, catalogue):
    custom = settings.model_copy(update={"reminders": settings.reminders.model_copy(update={"day_before_at": "09:30", "hours_before": 1})})
    bot = await make_bot(custom, clock, catalogue)
    try:
        event_id = await make_event(bot.ctx)
        lina = await young(bot, 1001)
        await register(bot.ctx, event_id, lina.id)
        clock.set(at(2, 9, 30))
        assert await send_due_reminders(bot.app.bot, bot.ctx) == 1
        clock.set(at(3, 12, 30))
        assert await send_due_reminders(bot.app.bot, bot.ctx) == 0
        clock.set(at(3, 13, 0))
        assert await send_due_reminders(bot.app.bot, bot.ctx) == 1
    finally:
        await close_bot(bot)


async def test_restart_between_scheduling_and_sending(settings, clock, catalogue):
    first = await make_bot(settings, clock, catalogue)
    event_id = await make_event(first.ctx)
    lina = await young(first, 1001)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    assert [name for name, _ in reminder_jobs(first.app)] == [f"rappel:{event_id}:day_before", f"rappel:{event_id}:hours_before"]
    assert first.errors == []
    await close_bot(first)

    clock.set(at(2, 18, 5))  # the bot was stopped while the reminder fell due
    second = await make_bot(settings, clock, catalogue, api=first.api)
    try:
        jobs = reminder_jobs(second.app)
        assert jobs == [(f"rappel:{event_id}:hours_before", at(3, 12))]  # rebuilt from the database
        assert "C'est demain" in lina.last.plain  # the catch-up at start-up sent the missed one
        assert await send_due_reminders(second.app.bot, second.ctx) == 0
        clock.set(at(3, 12))
        assert await send_due_reminders(second.app.bot, second.ctx) == 1
        assert second.errors == []
    finally:
        await close_bot(second)
    third = await make_bot(settings, clock, catalogue, api=first.api)
    try:
        assert reminder_jobs(third.app) == []
        assert await send_due_reminders(third.app.bot, third.ctx) == 0  # none twice after another restart
    finally:
        await close_bot(third)


async def test_change_of_date_tells_people_and_reschedules(bot, clock):
    ctx = bot.ctx
    event_id = await make_event(ctx)
    lina = await young(bot, 1001)
    await lina.send(f"/start evt_{event_id}")
    await lina.press("Je m'inscris")
    clock.set(at(2, 18))
    await send_due_reminders(bot.app.bot, ctx)
    from bot.events.notify import tell_change

    change = await update_event(ctx, event_id, {"starts_at": at(10, 9), "ends_at": at(10, 12), "city": "Roubaix"}, actor=None)
    assert await tell_change(bot.app.bot, ctx, change) == 1
    text = lina.last.plain
    assert "Changement" in text and "mercredi 10 mars, 9 h - 12 h" in text and "Roubaix" in text and "mercredi 3 mars" in text
    assert [n for n, _ in reminder_jobs(bot.app)] == [f"rappel:{event_id}:day_before", f"rappel:{event_id}:hours_before"]
    clock.set(at(9, 18))
    assert await send_due_reminders(bot.app.bot, ctx) == 1  # the moved event is reminded again

    change = await cancel_event(ctx, event_id, actor=None, reason="salle indisponible")
    assert await tell_change(bot.app.bot, ctx, change) == 1
    assert "Annulé" in lina.last.plain and "salle indisponible" in lina.last.plain
    assert reminder_jobs(bot.app) == []
    assert await tell_change(bot.app.bot, ctx, change) == 0  # never twice


async def test_reminder_offers_i_cannot_come_with_a_confirmation(bot, clock):
    """Issue 13 §3: « Je ne peux plus venir » on the reminder, asked before the seat is given up."""
    ctx = bot.ctx
    event_id = await make_event(ctx, day=3, hour=14)
    lina = await young(bot, 1001)
    await register(ctx, event_id, lina.id)
    clock.set(at(2, 18, 0))
    assert await send_due_reminders(bot.app.bot, ctx) == 1
    assert "🙁 Je ne peux plus venir" in lina.last.labels
    await lina.press("🙁 Je ne peux plus venir")
    assert "Tu veux vraiment te désinscrire" in lina.last.plain
    await lina.press("↩️ Non, je garde ma place")
    assert await ctx.db.scalar("SELECT count(*) FROM registrations WHERE chat_id = ?", (lina.id,)) == 1
    await lina.press_data(f"1:evq:{event_id}")
    await lina.press("✅ Oui, je me désinscris")
    assert await ctx.db.scalar("SELECT count(*) FROM registrations WHERE chat_id = ?", (lina.id,)) == 0
