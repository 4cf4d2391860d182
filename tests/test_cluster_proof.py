"""Issue 12 §5, the proof: PostgreSQL, two real ``passerelle run`` processes in webhook mode behind a
round-robin dispatcher (devtools/cluster.py), the HTTP emulator delivering every update by webhook.

One scenario, in order:
1. an advisor's whole ``/annonce``, each step handled by the other instance than the step before;
2. a reminder falls due while both instances run (both schedule it): the young person gets it once;
3. publishing sends the announcement to 300 young people; the instance sending it (the holder of the
   ``broadcast`` lease) is killed with SIGKILL during the broadcast; the other one takes over and
   finishes: nobody lost, duplicates within the documented bound (at least once: at most one per
   worker for the restart, bot/broadcast/sender.py);
4. the killed instance is restarted; PostgreSQL stops: ``/healthz`` answers 503 on both, and a message
   sent meanwhile is refused (503) by both, so the emulator, like Telegram, keeps it and sends it again;
   PostgreSQL starts again: 200 again, that message is answered (once, no apology) and both instances answer.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import time

import pytest

from bot.broadcast.sender import LEASE, LEASE_SECONDS, WATCH_SECONDS, WORKERS
from devtools.cluster import ClusterChat, Dispatcher, Instance, instance_env, wait_for
from devtools.crash import ADVISOR, seed
from devtools.httpapi import HTTPEmulator
from tests import pgcluster
from tests.advisors_helpers import ANNOUNCE_STEPS, ANNOUNCE_TITLE, step

pytestmark = pytest.mark.cluster

RECIPIENTS = 300
KILL_AT = 100  # the lease holder dies when the emulator receives this announcement
REMINDER_IN = 30  # seconds from the preparation to the reminder's due time (both instances are up by then)
HOURS_BEFORE = 0.01  # reminders.hours_before in the instances' config: 36 s before the start
LINA = 1001
CONFIG = f"""broadcast:
  messages_per_second: 50
telegram:
  overall_per_second: 1000
reminders:
  hours_before: {HOURS_BEFORE}
"""


@pytest.fixture
def cluster():
    if not pgcluster.binaries_found():
        if os.environ.get("PASSERELLE_REQUIRE_PG") == "1":
            pytest.fail(pgcluster.INSTALL_HINT)
        pytest.skip(pgcluster.INSTALL_HINT)
    server = pgcluster.Cluster().start()
    try:
        yield server
    finally:
        server.stop()


async def prepare(url: str, config) -> tuple[list[int], int, float]:
    """300 young people and the advisor (devtools/crash.py), an event whose reminder is due in
    REMINDER_IN seconds, Lina registered to it (another region: not a recipient of the announcement)."""
    from bot.app import build_context
    from bot.clock import from_ts
    from bot.config import load_settings
    from bot.events.registration import register
    from bot.events.service import create_event
    from storage import users

    ctx = await build_context(load_settings(config, env={"PASSERELLE_DB": url, "PASSERELLE_SECRET": "preuve", "PASSERELLE_CONFIG": str(config)}))
    try:
        ids, _ = await seed(ctx, RECIPIENTS)
        now = ctx.clock.timestamp()
        due = now + REMINDER_IN
        starts = from_ts(due + int(HOURS_BEFORE * 3600))
        event_id = await create_event(ctx, {"type": "job_dating", "title": "Rappel de la preuve", "starts_at": starts,
                                            "ends_at": starts + dt.timedelta(hours=2), "city": "Lille", "departement": "59",
                                            "organisers": [("opcommerce", "Opcommerce Hauts-de-France")]},
                                      created_by=None, source="test")
        await users.touch(ctx.db, LINA, "Lina", "lina", now)
        await users.update(ctx.db, LINA, region="11", alerts_enabled=0)
        await register(ctx, event_id, LINA)
    finally:
        await ctx.log.close()
        await ctx.db.close()
    return ids, event_id, time.monotonic() + REMINDER_IN


async def test_two_instances_behind_a_dispatcher(cluster, tmp_path):
    from storage import leases
    from storage.db import Database

    await cluster.sql("CREATE DATABASE preuve")
    url = cluster.url("preuve")
    config = tmp_path / "config.yaml"
    config.write_text(CONFIG, encoding="utf-8")
    ids, event_id, reminder_due = await prepare(url, config)
    emulator = HTTPEmulator()
    await emulator.start()
    for chat_id in ids:
        emulator.api.user(chat_id, f"Jeune{chat_id}")
    instances: list[Instance] = []
    dispatcher = None
    db = await Database.open(url)
    state_db = {"open": True}
    try:
        dispatcher = Dispatcher([])
        await dispatcher.start()  # bound first: the free ports picked for the instances stay theirs
        instances = [Instance(index, tmp_path, {}) for index in range(2)]
        dispatcher.ports = [i.port for i in instances]
        env = instance_env(emulator.port, url, config, dispatcher.url)
        for instance in instances:
            instance.env = {**env, **instance.env}
            await instance.start()
        await asyncio.gather(*(i.healthy(60) for i in instances))
        ready = time.monotonic() - reminder_due + REMINDER_IN
        assert time.monotonic() < reminder_due - 3, "machine trop lente : les deux instances n'étaient pas prêtes avant le rappel"
        chat = ClusterChat(emulator.api, dispatcher, instances)

        # 1. /annonce, each step on the other instance
        samir = chat.person(ADVISOR, "Samir")
        first = len(dispatcher.record)
        for kind, value in ANNOUNCE_STEPS:
            await step(samir, kind, value)
        preview = samir.messages()[-2].plain
        assert "Aperçu" in preview and f"{RECIPIENTS} jeunes" in preview, preview
        assert samir.last.labels == ["✅ Publier", "✏️ Modifier", "🗑️ Abandonner"], samir.last

        # 2. the reminder, due while both instances run: both run its job, one sends it
        emulator.api.user(LINA, "Lina")
        await wait_for(lambda: emulator.api.bot_messages(LINA), "le rappel de l'événement envoyé à Lina",
                       reminder_due + 30 - time.monotonic())
        job = f'passerelle_jobs_run_total{{job="rappel:{event_id}:hours_before"}} 1'
        for instance in instances:
            await wait_for(lambda: asyncio.to_thread(lambda: job in instance.metrics()), f"{job} sur l'instance {instance.index}", 10)

        # 3. publish: the broadcast; its sender is killed with SIGKILL on the KILL_AT-th announcement
        deliveries: list[tuple[float, int]] = []
        state: dict = {"victim": None, "killed_at": None}

        def fault(method: str, params: dict):
            if method != "sendMessage" or int(params.get("chat_id", 0)) < ids[0]:
                return None
            deliveries.append((time.monotonic(), int(params["chat_id"])))
            if len(deliveries) >= KILL_AT and state["victim"] is not None and state["killed_at"] is None:
                state["victim"].kill()  # the request goes on: the person gets it, the dead sender never learns it
                state["killed_at"] = time.monotonic()
            return None

        emulator.api.fault = fault
        await samir.press("Publier")
        alternation = [index for _, index in dispatcher.record[first:]]
        assert len(alternation) == len(ANNOUNCE_STEPS) + 1
        assert all(a != b for a, b in zip(alternation, alternation[1:])), f"instances des étapes : {alternation}"

        await wait_for(lambda: deliveries, "les premiers envois de l'annonce", 30)
        holder = await leases.holder(db, LEASE, int(time.time()))
        victim = next((i for i in instances if i.name == holder), None)
        assert victim is not None, f"bail d'envoi tenu par {holder!r}, aucune des instances {[i.name for i in instances]}"
        state["victim"] = victim
        survivor = instances[1 - victim.index]
        await wait_for(lambda: state["killed_at"], f"l'arrêt brutal au {KILL_AT}e envoi ({len(deliveries)} envois)", 30)
        await asyncio.wait_for(victim.process.wait(), 10)

        def report_sent() -> bool:
            return any("Diffusion terminée" in m.get("text", "") for m in emulator.api.bot_messages(ADVISOR))

        await wait_for(report_sent, "le rapport de fin de diffusion au conseiller", LEASE_SECONDS + WATCH_SECONDS + 40, 0.1)
        got: dict[int, int] = {}
        for _, chat_id in deliveries:
            got[chat_id] = got.get(chat_id, 0) + 1
        lost = [i for i in ids if i not in got]
        duplicates = sum(n - 1 for n in got.values())
        take_over = next(at for at, _ in deliveries if at > state["killed_at"]) - state["killed_at"]
        print(f"\npreuve : instances prêtes en {ready:.1f} s ; {len(deliveries)} envois pour {RECIPIENTS} jeunes, perdus {len(lost)},"
              f" doublons {duplicates} ; reprise par l'autre instance {take_over:.1f} s après l'arrêt brutal")
        assert not lost, f"{len(lost)} jeunes sans l'annonce"
        assert duplicates <= WORKERS, f"{duplicates} doublons (borne : {WORKERS}, un par worker et par reprise)"
        assert take_over <= LEASE_SECONDS + WATCH_SECONDS + 10, f"reprise en {take_over:.1f} s (au plus ~20 s attendus)"
        assert await db.scalar("SELECT status FROM broadcasts") == "done" and survivor.alive
        assert await db.scalar("SELECT COUNT(*) FROM events WHERE title = ?", (ANNOUNCE_TITLE,)) == 1
        announcement = emulator.api.bot_messages(ids[0])[0]["text"]
        assert all(part in announcement for part in (ANNOUNCE_TITLE, "vendredi 12 mars, 14 h - 16 h", "Auchan, Carrefour", "20 places")), announcement

        # the reminder: still exactly one, after every instance ran its jobs for a while
        reminders = emulator.api.bot_messages(LINA)
        assert len(reminders) == 1 and "Rappel de la preuve" in reminders[0]["text"], reminders
        assert await db.scalar("SELECT COUNT(*) FROM reminders_sent WHERE event_id = ? AND kind = 'hours_before'", (event_id,)) == 1

        for instance in instances:  # nothing went wrong so far, not even a refused answer to a button
            text = instance.log_path.read_text(errors="replace")
            assert not any(bad in text for bad in (" ERROR ", "Traceback", "réponse au bouton perdue")), instance.log_tail(60)

        # 4. the killed instance restarted (as its supervisor would); PostgreSQL stops, then comes back
        await victim.start()
        await victim.healthy(60)
        await db.close()
        state_db["open"] = False
        await asyncio.to_thread(cluster.pause)
        for instance in instances:
            status, body = await asyncio.to_thread(instance.health)
            assert status == 503 and body["database"] == "injoignable", (instance.index, status, body)
        zoe = chat.person(1003, "Zoé")  # a message meanwhile: refused by both (the database is known down), kept
        refused = sum(dispatcher.refused.values())
        sent = asyncio.create_task(zoe.send("/start"))
        await wait_for(lambda: dispatcher.refused[0] > 0 and dispatcher.refused[1] > 0 and sum(dispatcher.refused.values()) > refused + 3,
                       "le message refusé (503) par les deux instances pendant la panne", 30, 0.1)
        assert not emulator.api.bot_messages(1003) and not sent.done()  # no apology, not lost: waiting
        await asyncio.to_thread(cluster.resume)
        for instance in instances:
            await wait_for(lambda: asyncio.to_thread(lambda: instance.health()[0] == 200),
                           f"/healthz de l'instance {instance.index} de nouveau à 200", 30, 0.2)
        await sent  # delivered again by the emulator, accepted now, handled
        answers = [m["text"] for m in emulator.api.bot_messages(1003)]
        assert "Zoé" in zoe.last.plain and not any("Oups" in text for text in answers), answers
        for user_id, name in ((1002, "Inès"), (1004, "Noé")):  # one on each instance
            person = chat.person(user_id, name)
            await person.send("/start")
            assert name in person.last.plain, person.last
        assert sorted(index for _, index in dispatcher.record[-2:]) == [0, 1], dispatcher.record[-2:]
        reminders = emulator.api.bot_messages(LINA)
        assert len(reminders) == 1, reminders  # the restarted instance did not send it again
    finally:
        emulator.api.fault = None
        await asyncio.gather(*(i.stop() for i in instances), return_exceptions=True)
        if dispatcher is not None:
            await dispatcher.stop()
        await emulator.stop()
        if state_db["open"]:
            await db.close()
