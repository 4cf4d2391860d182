"""Broadcasting: Telegram's limits and errors, exactly one message each, resuming after a stop."""

from __future__ import annotations

import asyncio

import pytest

from bot import announce, roles
from bot.broadcast import pacing
from bot.broadcast.pacing import SimulatedTime, Timer, TokenBucket
from devtools.localapi import BotAPIError
from storage import users
from tests.advisors_helpers import make_advisor, received, simulate_time, subscribe
from tests.test_advisors_announce import fill_event

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")  # RetryAfter.retry_after, inside PTB


async def publish_message(bot, role, text="Nouvelles offres en alternance", region="32"):
    draft = announce.new_draft(bot.ctx, role, "message")
    draft.update(text=text, region=region, region_set=True)
    _, published = await announce.publish(bot.ctx, role, draft, role.chat_id)
    return published


async def send_with_faults(bot, role, fault):
    """Publish a message with ``fault`` injected into the emulator; wait until every delivery is done."""
    bot.api.fault = fault
    published = await publish_message(bot, role)
    bot.ctx.broadcaster.start(published.broadcast_id)
    await bot.ctx.broadcaster.join()
    return published


async def test_token_bucket_paces_at_the_rate():
    sim = SimulatedTime()
    bucket = TokenBucket(10, Timer(sim.clock, sim.sleep))
    for _ in range(101):
        await bucket.acquire()
    assert abs(sim.now - 10.0) < 1e-6
    bucket.pause(5)
    await bucket.acquire()
    assert sim.now >= 15.0


async def test_broadcast_with_flood_limits_and_blocked_people(bot):
    timer = simulate_time(bot)
    advisor, role = await make_advisor(bot)
    ids = list(range(10_000, 10_300))
    await subscribe(bot, ids)
    blocked = set(ids[::37])
    calls = {"n": 0}

    def fault(method, params):
        if method != "sendMessage" or int(params["chat_id"]) not in ids:
            return None
        calls["n"] += 1
        if int(params["chat_id"]) in blocked:
            return BotAPIError(403, "Forbidden: bot was blocked by the user")
        if calls["n"] % 50 == 0:
            return BotAPIError(429, "Too Many Requests: retry after 1", retry_after=1)
        return None

    bot.api.fault = fault
    published = await publish_message(bot, role)
    assert published.total == 300
    bot.ctx.broadcaster.start(published.broadcast_id)
    await bot.ctx.broadcaster.join()
    ok = [i for i in ids if i not in blocked]
    successes = {i: 0 for i in ids}
    for call in bot.api.calls:
        if call.method == "sendMessage" and int(call.params["chat_id"]) in successes:
            successes[int(call.params["chat_id"])] += 1
    for i in ok:
        assert len(bot.api.bot_messages(i)) == 1, i
    for i in blocked:
        assert bot.api.bot_messages(i) == []
        row = await users.get(bot.ctx.db, i)
        assert (row["active"], row["alerts_enabled"]) == (0, 0)
    report = bot.ctx.broadcaster.reports[published.broadcast_id]
    assert (report.sent, report.blocked, report.failed, report.total) == (len(ok), len(blocked), 0, 300)
    assert f"reçue par {len(ok)} personnes" in advisor.last.plain
    assert f"{len(blocked)} avaient bloqué" in advisor.last.plain
    # simulated time: the pace held (28/s) and every 429 paused everyone for a second
    assert timer.sim.now >= 300 / bot.ctx.settings.broadcast.messages_per_second
    kinds = dict(await bot.ctx.db.fetchall("SELECT kind, COUNT(*) FROM interactions WHERE kind LIKE 'announce%' GROUP BY kind"))
    assert kinds == {"announce_sent": len(ok), "announce_blocked": len(blocked)}


async def test_other_errors_are_recorded_and_not_retried(bot):
    simulate_time(bot)
    _, role = await make_advisor(bot)
    await subscribe(bot, [7001, 7002])

    def fault(method, params):
        if method == "sendMessage" and int(params["chat_id"]) == 7001:
            return BotAPIError(400, "Bad Request: chat not found")
        return None

    await send_with_faults(bot, role, fault)
    row = await bot.ctx.db.fetchone("SELECT * FROM deliveries WHERE chat_id = 7001")
    assert (row["status"], row["attempts"]) == ("failed", 1) and "chat not found" in row["error"].lower()
    assert received(bot, 7002) == 1


async def test_stopped_halfway_then_resumed_by_a_new_application(bot, settings, clock, catalogue, monkeypatch):
    from tests.conftest import close_bot, make_bot

    simulate_time(bot)
    advisor, role = await make_advisor(bot)
    ids = list(range(20_000, 20_200))
    await subscribe(bot, ids)
    published = await publish_message(bot, role)
    api = bot.api
    broadcaster = bot.ctx.broadcaster
    broadcaster.start(published.broadcast_id)
    while api.sent_count() < 80:
        await asyncio.sleep(0)
    await broadcaster.stop()  # what the application's shutdown does
    halfway = sum(received(bot, i) for i in ids)
    assert 80 <= halfway < 200
    # a crash while a request was in flight: that person is sent the message again (at least once)
    await bot.ctx.db.execute(
        "UPDATE deliveries SET error = 'in_flight' WHERE chat_id = (SELECT MIN(chat_id) FROM deliveries WHERE status = 'pending')"
    )
    monkeypatch.setattr(pacing, "default_timer", lambda: Timer.simulated())
    second = await make_bot(settings, clock, catalogue, api=api)
    try:
        await second.ctx.broadcaster.join()
        for i in ids:
            assert received(second, i) == 1, i
        row = await second.ctx.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (published.broadcast_id,))
        assert (row["status"], row["sent"], row["failed"], row["resent"]) == ("done", 200, 0, 1)
        assert "1 envoi refait après un redémarrage" in advisor.last.plain
        assert not second.errors
    finally:
        await close_bot(second)


async def test_shutdown_stops_the_sender_gracefully(settings, clock, catalogue, monkeypatch):
    from tests.conftest import close_bot, make_bot

    monkeypatch.setattr(pacing, "default_timer", lambda: Timer.simulated())
    first = await make_bot(settings, clock, catalogue)
    _, role = await make_advisor(first)
    ids = list(range(30_000, 30_150))
    await subscribe(first, ids)
    published = await publish_message(first, role)
    first.ctx.broadcaster.start(published.broadcast_id)
    while first.api.sent_count() < 50:
        await asyncio.sleep(0)
    await close_bot(first)  # the application's own shutdown
    second = await make_bot(settings, clock, catalogue, api=first.api)
    try:
        await second.ctx.broadcaster.join()
        assert all(received(second, i) == 1 for i in ids)
        assert not first.errors and not second.errors
    finally:
        await close_bot(second)
    assert roles  # imported for the type only


async def test_an_announcement_says_why_and_stops_in_one_tap_with_undo(bot):
    """Issue 13 §3: « tu reçois ce message car… » and « 🔕 Ne plus recevoir » (the announcement stays)."""
    simulate_time(bot)
    advisor, _ = await make_advisor(bot)
    await subscribe(bot, [5001])
    await fill_event(advisor)
    await advisor.press("Publier")
    await bot.ctx.broadcaster.join()
    young_person = bot.person(5001)
    received = young_person.last
    assert "Tu reçois ce message car tu as activé les alertes" in received.plain
    assert "🔕 Ne plus recevoir" in received.labels
    await young_person.press("🔕 Ne plus recevoir")
    assert await bot.ctx.db.scalar("SELECT alerts_enabled FROM users WHERE chat_id = 5001") == 0
    assert "ne recevras plus" in young_person.last.plain
    assert any("Tu reçois ce message" in m.plain for m in young_person.messages())  # the announcement is still there
    await young_person.press("↩️ Annuler : remettre les alertes")
    assert await bot.ctx.db.scalar("SELECT alerts_enabled FROM users WHERE chat_id = 5001") == 1


async def test_second_instance_takes_over_a_killed_sender(bot, settings, clock, catalogue, monkeypatch):
    """Two instances on one database: one sends (the lease holder), the other waits; the sender dies
    without a goodbye (SIGKILL), the other takes over once the lease expired and finishes: nobody
    forgotten, and only the deliveries in flight at the kill (at most one per worker) sent again."""
    from bot.broadcast.sender import LEASE_SECONDS
    from storage.dialect import is_postgres
    from tests.conftest import close_bot, make_bot

    if not is_postgres(settings.database):
        pytest.skip("plusieurs instances : avec PostgreSQL seulement (SQLite reste mono-processus)")
    monkeypatch.setattr(pacing, "default_timer", lambda: Timer.simulated())
    simulate_time(bot)
    _, role = await make_advisor(bot)
    ids = list(range(40_000, 40_300))
    await subscribe(bot, ids)
    other = await make_bot(settings.model_copy(update={"listen": "127.0.0.1:8081"}), clock, catalogue, api=bot.api)  # another instance
    try:
        published = await publish_message(bot, role)
        sender = bot.ctx.broadcaster
        sender.start(published.broadcast_id)
        while bot.api.sent_count() < 120:
            await asyncio.sleep(0)
        assert await other.ctx.broadcaster.resume_all() == []  # the lease is held: the other one waits
        for task in sender.tasks.values():  # SIGKILL: no stop, no lease released
            task.cancel()
        sender.stopping = True
        await asyncio.gather(*sender.tasks.values(), return_exceptions=True)
        sender.tasks.clear()
        assert await other.ctx.broadcaster.resume_all() == []  # not yet expired
        clock.advance(seconds=LEASE_SECONDS + 1)
        assert await other.ctx.broadcaster.resume_all() == [published.broadcast_id]
        await other.ctx.broadcaster.join()
        counts = [received(other, i) for i in ids]
        row = await other.ctx.db.fetchone("SELECT * FROM broadcasts WHERE id = ?", (published.broadcast_id,))
        assert row["status"] == "done" and row["sent"] == 300
        assert min(counts) == 1  # nobody forgotten
        assert counts.count(2) <= row["resent"] <= sender.concurrency and max(counts) <= 2  # the documented bound
        assert not other.errors
    finally:
        await close_bot(other)
