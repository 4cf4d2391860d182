"""Issue 9 §5: the figures agree with each other on the screens people read: the audience of a region
made of newcomers, « people who search », the events funnel, and the same numbers through /stats,
/export and ``passerelle stats`` (the invariants on random logs: tests/test_stats_invariants.py)."""

from __future__ import annotations

import csv
import io
import re

from bot.stats.rollups import BOT_KINDS
from tests.events_helpers import make_event, young
from tests.test_stats_cli import _run

COORD = 900001


def figure(text: str, label: str) -> int:
    match = re.search(re.escape(label) + r" : <?(\d[\d\u202f ]*)", text)
    assert match, (label, text)
    return int(match.group(1).replace("\u202f", "").replace(" ", ""))


async def _newcomers(bot, clock, n=6, back=False, query=None):
    """``n`` people arrive today (or come ``back``), choose Hauts-de-France and search (half find
    something, or all search ``query``)."""
    for i in range(n):
        person = bot.person(3000 + i, f"Nouveau{i}")
        await person.send("/start")
        if not back:
            await person.press("Hauts-de-France")
        await person.send(query or ("vendeuse" if i % 2 else "pilote de chasse"))
        clock.advance(seconds=7)


async def test_newcomers_of_today_in_their_region(bot, clock):
    """Reported: « actives : 34, nouvelles : 0, déjà venues : 34, sessions : 0, depuis le début : 0 »."""
    await _newcomers(bot, clock)
    coordinator = bot.person(COORD, "Coralie")
    for command in ("/stats 7j 32", "/stats 7j"):
        await coordinator.send(command)
        text = coordinator.last.plain
        assert figure(text, "Personnes actives") == 6, command
        assert figure(text, "nouvelles") == 6 and figure(text, "déjà venues avant") == 0, command
        assert figure(text, "Sessions") >= 6, command
        assert figure(text, "Personnes venues depuis le début") == 6, command
        await coordinator.press("Recherche")
        assert figure(coordinator.last.plain, "Personnes qui cherchent") == 6, command  # found or not


async def test_events_funnel_counts_announcements_and_links(bot, clock, db):
    event_id = await make_event(bot.ctx, "Atelier CV")
    people = [await young(bot, 4000 + i, f"Jeune{i}") for i in range(6)]
    advisor = await bot.ctx.db.execute(
        "INSERT INTO roles(chat_id, kind, region, organisation, network, granted_at) VALUES (2001, 'advisor', '32', 'ML', 'mission_locale', 0)")
    broadcast = await db.execute(
        "INSERT INTO broadcasts(kind, event_id, text, region, created_by, created_at, status, started_at)"
        " VALUES ('event', ?, 'x', '32', ?, ?, 'done', ?)", (event_id, advisor, clock.timestamp(), clock.timestamp()))
    for person in people[:5]:  # the announcement reached five of them (as the sender logs it)
        await bot.ctx.log.record(person.id, "announce_sent", broadcast, region="32")
    for person in people[:2] + people[5:]:  # two open it from the announcement, one from a shared link
        await person.send(f"/start evt_{event_id}")
    await people[0].press("Je m'inscris")
    coordinator = bot.person(COORD, "Coralie")
    await coordinator.send("/stats 7j")
    await coordinator.press("Événements")
    text = coordinator.last.plain
    assert figure(text, "1. Événement proposé") == 6  # five by the announcement, one by the link
    assert figure(text, "2. Fiche ouverte") == 3
    assert figure(text, "3. Inscription") == 1


async def test_same_figures_in_stats_export_and_terminal(bot, clock, monkeypatch, capsys):
    await _newcomers(bot, clock, n=10, query="vendeuse")  # 5 or more per day, region and kind: the CSV's cells are exact
    clock.advance(days=1)  # a second day, across midnight
    await _newcomers(bot, clock, n=5, back=True, query="vendeuse")  # five of them come back
    monkeypatch.setenv("PASSERELLE_DB", str(bot.ctx.settings.database))
    monkeypatch.setenv("PASSERELLE_SECRET", "secret-de-test")
    coordinator = bot.person(COORD, "Coralie")
    today = clock.now().date().isoformat()
    for region in ("32", None):
        where = [region] if region else []
        await coordinator.send(" ".join(["/stats", "7j", *where]))
        screen = coordinator.last.plain
        await coordinator.press("Recherche")
        search_screen = coordinator.last.plain
        code, out = _run(["stats", "--period", "7j", "--format", "csv", "--date", today, *(["--region", region] if region else [])], capsys)
        assert code == 0
        terminal = {row[1]: row[3] for row in csv.reader(io.StringIO(out.out.split("\r\n\r\n")[0]), delimiter=";") if len(row) > 3}
        for key, label, text in (("active", "Personnes actives", screen), ("new", "nouvelles", screen),
                                 ("returning", "déjà venues avant", screen), ("sessions", "Sessions", screen),
                                 ("interactions", "Interactions", screen), ("searches", "Recherches", search_screen)):
            assert int(terminal[key]) == figure(text, label), (region, key)
        if region:
            continue  # a region's CSV masks its small daily cells (« <5 »): they cannot be added up
        new = await coordinator.send("/export 7j")
        daily = next(m for m in new if m.document and m.document["file_name"].startswith("activite-quotidienne"))
        rows = list(csv.reader(io.StringIO(bot.api.files[daily.document["file_id"]].decode("utf-8-sig")), delimiter=";"))[1:]
        sessions = sum(int(r[4]) for r in rows if r[3] == "sessions")
        interactions = sum(int(r[4]) for r in rows if r[3] not in ("sessions", "personnes_actives") and r[3] not in BOT_KINDS)
        assert sessions == figure(screen, "Sessions")
        assert interactions == figure(screen, "Interactions")
        assert (sessions, interactions, figure(screen, "Personnes actives")) == (15, 40, 10)


async def test_demo_data_keeps_the_funnels_in_order(bot):
    """Reported: in the console's demo data, more quizzes finished than started; then: « Inscription : 81 »
    people in the funnel for 21 registrations (the synthetic log registered people to no action)."""
    from bot.stats import metrics, service
    from bot.stats.periods import parse_period
    from devtools import demo as whole_demo
    from devtools.demo import stats as demo

    await whole_demo.seed(bot.ctx)
    await service.fresh(bot.ctx)
    for code in ("30j", "trimestre", "annee"):
        period = parse_period(code, bot.ctx.clock.now().date())
        for region in (None, *demo.REGIONS):
            jobs, events = await metrics.jobs(bot.ctx.db, period, region), await metrics.events(bot.ctx.db, period, region)
            assert 0 < jobs["quiz_finish"] <= jobs["quiz_start"], region
            assert events["suggested"] >= events["opened"] >= events["registered"], region
            assert events["registrations"] + events["waitlisted"] >= events["attended"], region
        national = await metrics.events(bot.ctx.db, period, None)
        assert 0 < national["attended"] <= national["registrations"] and national["registered"] > 0, code
        assert 0 < national["feedback"] <= national["followups"], code
    rows = await bot.ctx.db.fetchall("SELECT user_key, kind FROM interactions WHERE kind IN ('quiz_start', 'quiz_finish') ORDER BY id")
    started: set[str] = set()
    for user_key, kind in rows:  # the log itself: nobody finishes a quiz never started
        assert kind == "quiz_start" or user_key in started
        started.add(user_key)
