"""No announcement is lost: a crash while workers wait for their turn, retried server and network errors,
failures counted by reason, and ``passerelle run`` killed (SIGKILL) five times during a 300-recipient broadcast."""

from __future__ import annotations

import asyncio
from collections import Counter

import pytest

from bot.broadcast.sender import Broadcaster
from devtools.crash import kill_scenario
from devtools.localapi import BotAPIError, Timeout
from tests.advisors_helpers import make_advisor, received, simulate_time, subscribe
from tests.test_advisors_broadcast import publish_message, send_with_faults

pytestmark = pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")


async def test_a_crash_while_workers_wait_for_their_turn_loses_nobody(bot):
    """Killed (the task cancelled, nothing recorded after) while the workers wait for the pace: the
    deliveries they held were never sent, so they stay pending and go out after the restart."""
    timer = simulate_time(bot)
    _, role = await make_advisor(bot)
    ids = list(range(40_000, 40_120))
    await subscribe(bot, ids)
    published = await publish_message(bot, role)
    first = bot.ctx.broadcaster
    task = first.start(published.broadcast_id)
    while bot.api.sent_count() < 45:
        await asyncio.sleep(0)
    task.cancel()  # a kill: no clean-up, whatever the workers were doing
    await asyncio.gather(task, return_exceptions=True)
    in_flight = await bot.ctx.db.scalar("SELECT COUNT(*) FROM deliveries WHERE error = 'in_flight'")
    assert in_flight <= first.concurrency
    second = Broadcaster(bot.ctx, bot.app.bot, timer)
    await second.start(published.broadcast_id)
    counts = [received(bot, i) for i in ids]
    assert counts.count(0) == 0, "personne n'est oublié"
    assert sum(n - 1 for n in counts) <= first.concurrency
    row = await bot.ctx.db.fetchone("SELECT status, sent, failed, resent FROM broadcasts WHERE id = ?", (published.broadcast_id,))
    assert (row["status"], row["sent"], row["failed"]) == ("done", 120, 0)
    assert row["resent"] == in_flight


async def test_server_and_network_errors_are_retried_then_failed_with_their_reason(bot):
    simulate_time(bot)
    advisor, role = await make_advisor(bot)
    ids = [8001, 8002, 8003, 8004, 8005]
    await subscribe(bot, ids)
    tries = Counter()

    def fault(method, params):
        if method != "sendMessage":
            return None
        chat = int(params["chat_id"])
        tries[chat] += 1
        if chat == 8001 and tries[chat] <= 8:  # longer than the request layer's own retries
            return BotAPIError(500, "Internal Server Error")
        if chat == 8002 and tries[chat] <= 3:
            return Timeout(processed=False)  # never written: safe to send again
        if chat == 8003:
            return BotAPIError(502, "Bad Gateway")  # for good
        if chat == 8004:
            return BotAPIError(400, "Bad Request: chat not found")
        return None

    published = await send_with_faults(bot, role, fault)
    assert [len(bot.api.bot_messages(i)) for i in ids] == [1, 1, 0, 0, 1]
    report = bot.ctx.broadcaster.reports[published.broadcast_id]
    assert (report.sent, report.failed) == (3, 2)
    assert report.reasons == {"erreur du serveur Telegram": 1, "refusé par Telegram": 1}
    assert "2 échecs (erreur du serveur Telegram : 1, refusé par Telegram : 1)" in advisor.last.plain
    error = await bot.ctx.db.scalar("SELECT error FROM deliveries WHERE chat_id = 8003")
    assert error.startswith("erreur du serveur Telegram : Bad Gateway")
    assert tries[8004] == 1  # a refusal is final at once


async def test_passerelle_run_killed_five_times_during_a_broadcast(tmp_path):
    """The real process against the HTTP emulator: SIGKILL at five moments (some while a request is
    being answered, some before), restart each time: nobody lost, at most one duplicate per worker."""
    figures = await kill_scenario(tmp_path, recipients=300, kill_at=(15, 70, 130, 190, 250))
    assert figures.lost == 0, figures
    assert figures.duplicates_without_restart == 0, figures
    assert figures.kills == 5
    assert all(d <= figures.workers for d in figures.duplicates_per_restart), figures
    assert figures.finished and figures.report_sent, figures
