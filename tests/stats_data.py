"""A small synthetic log with known content, for the statistics tests (see the expected numbers there).

February 2027 (month "2027-02"), region 32 = Hauts-de-France, 11 = Île-de-France, '' = unknown.
"""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS

J1, J2, J3 = "vendeur-bricolage", "photographe", "opticien-lunetier"


def ts(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> int:
    return int(dt.datetime(y, mo, d, h, mi, tzinfo=PARIS).timestamp())


def log_rows() -> list[tuple]:
    j1, j2, j3 = J1, J2, J3
    r = []

    def add(user, when, kind, key=None, region="32"):
        r.append((when, user, kind, key, region, None))

    # January: u6 and x1 (x1 just before the Paris midnight that starts February)
    add("u6", ts(2027, 1, 15, 10), "menu")
    add("x1", ts(2027, 1, 31, 23, 59), "menu")
    # February, region 32
    add("u1", ts(2027, 2, 1, 10, 0), "start", "")
    add("u1", ts(2027, 2, 1, 10, 5), "job_view", j1)
    add("u1", ts(2027, 2, 1, 10, 10), "job_view", j2)
    add("u1", ts(2027, 2, 1, 11, 0), "job_view", j1)  # 50 minutes later: a second session
    add("u2", ts(2027, 2, 2, 9, 0), "start", "src")
    add("u2", ts(2027, 2, 2, 9, 0), "source", "salon")
    add("u2", ts(2027, 2, 2, 9, 1), "job_view", j1)
    add("u2", ts(2027, 2, 2, 9, 2), "quiz_start")
    add("u2", ts(2027, 2, 2, 9, 5), "quiz_finish", j1)
    add("u3", ts(2027, 2, 3, 14), "search", "vendeur")
    add("u3", ts(2027, 2, 3, 14, 1), "search_unmet", "astronaute")
    add("u4", ts(2027, 2, 10), "event_suggested", "5")
    add("u4", ts(2027, 2, 10, 12, 1), "event_open", "5")
    add("u4", ts(2027, 2, 10, 12, 2), "event_register", "5")
    add("u5", ts(2027, 2, 10), "event_suggested", "5")
    add("u5", ts(2027, 2, 10, 12, 3), "event_open", "5")
    add("u6", ts(2027, 2, 20), "menu")
    # February, region 11
    add("v1", ts(2027, 2, 5), "job_view", j2, "11")
    add("v1", ts(2027, 2, 5, 12, 1), "unrecognised", "sticker", "11")
    add("v2", ts(2027, 2, 5), "blocked", None, "11")
    add("v3", ts(2027, 2, 28, 23, 30), "job_view", j3, "11")  # last evening of February
    # region not known yet
    add("w1", ts(2027, 2, 14), "start", "", None)
    # March (outside February)
    add("v3", ts(2027, 3, 1, 0, 10), "menu", None, "11")
    return r


async def seed_log(db) -> None:
    from storage import interactions

    await interactions.insert_many(db, log_rows())


async def seed_partnership(db) -> dict[str, int]:
    """Roles, events, announcements and innovations of February 2027 (see test_stats_indicators)."""
    now = ts(2027, 2, 1)
    ids = {}
    for name, chat, kind, region, net in (("nat", 900002, "national", None, None), ("reg32", 700032, "regional", "32", "arml"),
                                          ("reg11", 700011, "regional", "11", "opcommerce"), ("adv32", 800032, "advisor", "32", "mission_locale")):
        ids[name] = await db.execute(
            "INSERT INTO roles(chat_id, kind, region, organisation, network, granted_at) VALUES (?, ?, ?, ?, ?, ?)",
            (chat, kind, region, f"Organisation {name}", net, now),
        )
    events = [
        # key, scope, region, start, status, organiser networks, integrated (app, cej, job, training), attendance, companies (name, present)
        ("E1", "regional", "32", ts(2027, 2, 10, 14), "cloture", ("mission_locale", "opcommerce"), (2, 1, 1, 0), 12, [("Carrefour SAS", 1), ("Leroy Merlin", 1)]),
        ("E2", "regional", "32", ts(2027, 2, 12, 9), "a_venir", ("mission_locale",), None, None, [("CARREFOUR", None), ("Décathlon", None)]),
        ("E3", "national", None, ts(2027, 2, 15, 10), "cloture", ("arml", "opcommerce"), (3, 0, 0, 2), 30, [("Boulanger", 0), ("Fnac", 1)]),
        ("E4", "online", None, ts(2027, 2, 20, 18), "a_venir", ("opcommerce",), None, None, []),
        ("E5", "regional", "11", ts(2027, 2, 25, 9), "annule", ("mission_locale", "opcommerce"), None, None, [("Cancelled Co", None)]),
        ("E6", "regional", "11", ts(2027, 3, 1, 0, 0), "a_venir", ("mission_locale", "opcommerce"), None, None, [("March Co", None)]),
        ("E7", "regional", "11", ts(2027, 2, 28, 23, 0), "cloture", ("mission_locale", "opcommerce"), (1, 0, 0, 0), 3, [("Leroy-Merlin", 1)]),
    ]
    for key, scope, region, start, status, nets, integrated, attendance, companies in events:
        app, cej, job, training = integrated or (None, None, None, None)
        event_id = await db.execute(
            "INSERT INTO events(type, title, starts_at, ends_at, region, scope, status, source, created_at, updated_at, attendance,"
            " integrated_apprenticeship, integrated_cej, integrated_job, integrated_training, city)"
            " VALUES ('atelier', ?, ?, ?, ?, ?, ?, 'test', ?, ?, ?, ?, ?, ?, ?, 'Lille')",
            (f"Action {key}", start, start + 7200, region, scope, status, now, now, attendance, app, cej, job, training),
        )
        ids[key] = event_id
        for net in nets:
            await db.execute("INSERT INTO event_organisers(event_id, network, name) VALUES (?, ?, ?)", (event_id, net, f"{net} {key}"))
        for name, present in companies:
            await db.execute("INSERT INTO event_companies(event_id, name, present) VALUES (?, ?, ?)", (event_id, name, present))
    for region, joint, status, started in ((None, 0, "done", ts(2027, 2, 3)), ("32", 1, "done", ts(2027, 2, 4)), ("32", 0, "done", ts(2027, 2, 5)),
                                           ("11", 1, "pending", None), ("11", 1, "done", ts(2027, 1, 30))):
        await db.execute(
            "INSERT INTO broadcasts(kind, text, region, joint, created_by, created_at, status, started_at) VALUES ('message', 'x', ?, ?, ?, ?, ?, ?)",
            (region, joint, ids["nat"], now, status, started),
        )
    for at, region, role in ((ts(2027, 2, 5), "32", "reg32"), (ts(2027, 2, 6), None, "nat"), (ts(2027, 3, 2), "11", "reg11")):
        await db.execute("INSERT INTO innovations(at, role_id, region, text) VALUES (?, ?, ?, ?)", (at, ids[role], region, f"Innovation {region}"))
    return ids
