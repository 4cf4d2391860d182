"""Role matrix: every staff command and button, as a young person, an advisor and a regional
coordinator of region A (32), the national coordinator; forged buttons on another region's or
another advisor's action change nothing; the same checks hold when the services are called directly."""

from __future__ import annotations

import datetime as dt

import pytest

from bot import followup, invitations, roles
from bot import announce as announce_service
from bot.events import registration
from bot.events import service as events
from bot.roles import PermissionDenied
from bot.stats import service as stats_service
from tests.advisors_helpers import COORD, make_advisor, subscribe

REGION_A, REGION_B = "32", "11"
REFUSED = ("🔒", "Rien n'a été modifié", "plus à jour", "n'existe plus")
# tables that record who did what (interactions, last seen, rollups, conversation state) may move
MOVING = ("interactions", "users", "ptb_state", "stats_")


async def snapshot(db) -> dict[str, list[tuple]]:
    tables = await db.table_names()
    return {t: sorted((tuple(r) for r in await db.fetchall(f"SELECT * FROM {t}")), key=repr)  # noqa: S608
            for t in tables if not t.startswith(MOVING)}


async def make_event(bot, role, title):
    start = bot.ctx.clock.now() + dt.timedelta(days=3)
    data = {"type": "atelier", "title": title, "starts_at": start, "ends_at": start + dt.timedelta(hours=2), "city": "Lille",
            "region": role.region, "scope": "regional", "capacity": 5, "organisers": [(role.network, role.organisation)]}
    return await events.create_event(bot.ctx, data, created_by=role.id, source="annonce")


@pytest.fixture
async def world(bot):
    """Advisor A and A2 (region 32), advisor B (region 11), regional coordinator R (32), national N;
    one action each for A, A2 and B, each with a registered young person who shared their name."""
    advisor_a, role_a = await make_advisor(bot, 2001, REGION_A, "Mission Locale de Lille", "Samir")
    advisor_a2, role_a2 = await make_advisor(bot, 2002, REGION_A, "Mission Locale de Roubaix", "Léa")
    advisor_b, role_b = await make_advisor(bot, 2003, REGION_B, "Mission Locale de Paris", "Paul")
    role_r = await roles.grant(bot.ctx, None, chat_id=3001, kind="regional", region=REGION_A, display_name="Régis")
    role_n = await roles.current_role(bot.ctx, COORD)
    await subscribe(bot, [5001, 5002, 5003])
    await subscribe(bot, [5004], region=REGION_B)
    ev = {"a": await make_event(bot, role_a, "Atelier A"), "a2": await make_event(bot, role_a2, "Atelier A2"),
          "b": await make_event(bot, role_b, "Atelier B")}
    for young, event_id in ((5001, ev["a"]), (5002, ev["a2"]), (5004, ev["b"])):
        await registration.register(bot.ctx, event_id, young)
        await bot.ctx.db.execute("UPDATE registrations SET share_identity = 1 WHERE event_id = ? AND chat_id = ?", (event_id, young))
    return {
        "people": {"jeune": bot.person(1001, "Lina"), "conseiller": advisor_a, "regional": bot.person(3001, "Régis"),
                   "national": bot.person(COORD, "Nadia")},
        "roles": {"a": role_a, "a2": role_a2, "b": role_b, "r": role_r, "n": role_n}, "events": ev,
        "advisor_b": advisor_b,
    }


# command -> who may use it (the others get a French refusal and nothing changes)
MATRIX = {
    "/annonce": {"conseiller", "regional", "national"},
    "/mesannonces": {"conseiller", "regional", "national"},
    "/invite conseiller 32 Mission Locale de Lille": {"regional", "national"},
    "/invite coordinateur 11": {"national"},
    "/equipe": {"conseiller", "regional", "national"},
    "/revoquer": {"regional", "national"},
    "/stats": {"conseiller", "regional", "national"},
    "/stats 30j 11": {"national"},
    "/stats 30j france": {"national"},
    "/indicateurs": {"regional", "national"},
    "/export": {"regional", "national"},
    "/export 30j 11": {"national"},
    "/innovation Un atelier CV en visio avec les entreprises": {"conseiller", "regional", "national"},
    "/digest off": {"regional", "national"},
}


async def test_staff_commands_by_role(bot, world):
    for command, allowed in MATRIX.items():
        for who, person in world["people"].items():
            before = await snapshot(bot.ctx.db)
            calls = len(bot.api.calls)
            await person.send(command)
            sent = [c for c in bot.api.calls[calls:] if c.method.startswith("send")]
            text = " ".join(str(c.params.get("text", "")) for c in sent)
            refused = any(mark in text for mark in REFUSED)
            assert refused != (who in allowed), (command, who, text[:200])
            if who not in allowed:
                assert await snapshot(bot.ctx.db) == before, (command, who)
                assert not [c for c in sent if c.method in ("sendDocument", "sendPhoto")], (command, who)
            if command == "/annonce":
                await person.send("/annuler")


def forged_buttons(w) -> dict[str, list[str]]:
    """What each staff member forges against others: actions, roles, other regions' figures."""
    ev, r = w["events"], w["roles"]
    on_event = lambda e: [f"1:mye:{e}", f"1:myr:{e}", f"1:myc:{e}", f"1:mycy:{e}", f"1:myd:{e}", f"1:myd:{e}:title",  # noqa: E731
                          f"1:mycl:{e}", f"1:mycp:{e}"]
    stats_b = [f"1:st:aud:30j:{REGION_B}", "1:st:aud:30j:fr", f"1:stg:30j:{REGION_B}", f"1:stx:30j:{REGION_B}", "1:stx:30j:fr",
               "1:str:aud:30j"]
    return {
        # advisor A: B's action (other region), A2's action (same region, other advisor), roles, figures
        "conseiller": on_event(ev["b"]) + on_event(ev["a2"]) + [f"1:rvk:{r['a2'].id}", f"1:rvky:{r['a2'].id}", f"1:rvky:{r['r'].id}",
                                                               f"1:rvky:{r['n'].id}", f"1:stx:30j:{REGION_A}", "1:ind:30j"] + stats_b,
        # regional coordinator of A: region B's action and advisor, the national coordinator, figures of B
        "regional": on_event(ev["b"]) + [f"1:rvky:{r['b'].id}", f"1:rvky:{r['n'].id}", f"1:rvky:{r['r'].id}"] + stats_b,
        # a young person: anything staff
        "jeune": on_event(ev["a"]) + [f"1:rvky:{r['a'].id}", "1:team", "1:st:aud:30j:32", "1:stx:30j:32", "1:ind:30j",
                                      "1:ann:k:msg", "1:ann:pub"],
    }


async def test_forged_staff_buttons_change_nothing(bot, world):
    people = world["people"]
    for who, forged in forged_buttons(world).items():
        person = people[who]
        await person.send("/menu" if who == "jeune" else "/equipe")
        for data in forged:
            before = await snapshot(bot.ctx.db)
            calls = len(bot.api.calls)
            await person.press_data(data)
            if data.startswith(("1:myd", "1:mycl")):  # a question may have been asked: answer it, then leave
                await person.send("demain 10h")
                await person.send("/annuler")
            after = await snapshot(bot.ctx.db)
            assert after == before, (who, data, [t for t in after if after[t] != before[t]])
            sent = bot.api.calls[calls:]
            assert not [c for c in sent if c.method in ("sendDocument", "sendPhoto")], (who, data)
            shown = " ".join(str(c.params.get("text", "")) for c in sent)
            assert any(mark in shown for mark in REFUSED), (who, data, shown[:200])
            assert "Jeune500" not in shown, (who, data)  # nobody else's registrants
            assert "Île-de-France" not in shown or "🔒" in shown, (who, data)
            assert not bot.errors, (who, data, bot.errors)
    # the advisor of region B still has their action, untouched
    event_b = await events.get_event(bot.ctx, world["events"]["b"])
    assert event_b.status == "a_venir" and event_b.title == "Atelier B"
    assert all([await roles.get_role(bot.ctx, r.id) for r in world["roles"].values()])


async def test_services_refuse_by_themselves(bot, world):
    """The checks are in the services: called directly with the wrong role, they refuse."""
    ctx, r, ev = bot.ctx, world["roles"], world["events"]

    async def refused(call, key=None):
        with pytest.raises(PermissionDenied) as error:
            result = call()
            if hasattr(result, "__await__"):
                await result
        assert key is None or error.value.key == key, error.value.key

    before = await snapshot(ctx.db)
    # follow-up of actions
    await refused(lambda: followup.owned_event(ctx, None, ev["a"]), "not_staff")
    await refused(lambda: followup.owned_event(ctx, r["a"], ev["b"]), "not_owner")
    await refused(lambda: followup.owned_event(ctx, r["a"], ev["a2"]), "not_owner")
    await refused(lambda: followup.owned_event(ctx, r["r"], ev["b"]), "not_owner")
    await refused(lambda: followup.owned_event(ctx, r["a"], 99999), "unknown")
    await refused(lambda: followup.registrations(ctx, r["a"], ev["b"]))
    await refused(lambda: followup.cancel(ctx, r["a"], ev["a2"]))
    await refused(lambda: followup.cancel(ctx, r["r"], ev["b"]))
    await refused(lambda: followup.update(ctx, r["a"], ev["b"], {"title": "Piraté"}))
    await refused(lambda: followup.close(ctx, r["a"], ev["b"], {}))
    await refused(lambda: followup.my_events(ctx, None), "not_staff")
    # roles and invitations
    await refused(lambda: roles.revoke(ctx, r["a"], r["a2"].id), "wrong_role")
    await refused(lambda: roles.revoke(ctx, r["r"], r["b"].id))
    await refused(lambda: roles.revoke(ctx, r["r"], r["n"].id))
    await refused(lambda: roles.revoke(ctx, r["n"], r["n"].id), "self")
    await refused(lambda: roles.grant(ctx, r["a"], chat_id=7001, kind="advisor", region=REGION_A))
    await refused(lambda: roles.grant(ctx, r["r"], chat_id=7001, kind="advisor", region=REGION_B))
    await refused(lambda: roles.grant(ctx, r["r"], chat_id=7001, kind="regional", region=REGION_A))
    await refused(lambda: roles.grant(ctx, r["r"], chat_id=7001, kind="national", region=None))
    await refused(lambda: invitations.create(ctx, None, "advisor", REGION_A, "Mission Locale de Lille"), "not_staff")
    await refused(lambda: invitations.create(ctx, r["a"], "advisor", REGION_A, "Mission Locale de Lille"), "wrong_role")
    await refused(lambda: invitations.create(ctx, r["r"], "advisor", REGION_B, "Mission Locale de Paris"))
    await refused(lambda: invitations.create(ctx, r["r"], "regional", REGION_A, None))
    await refused(lambda: roles.team(ctx, None), "not_staff")
    # announcements: another region, or every region, for an advisor / a regional coordinator
    for role in (r["a"], r["r"]):
        draft = announce_service.new_draft(ctx, role, "message")
        await refused(lambda: announce_service.set_region(ctx, role, draft, "11"))
        draft["region"] = REGION_B
        await refused(lambda: announce_service.publish(ctx, role, draft, None))
        draft["region"] = None
        await refused(lambda: announce_service.publish(ctx, role, draft, None), "all_regions")
    # statistics
    await refused(lambda: stats_service.allowed_scope(None, None, False), "not_staff")
    await refused(lambda: stats_service.allowed_scope(r["a"], None, False, coordinators_only=True), "wrong_role")
    await refused(lambda: stats_service.allowed_scope(r["a"], REGION_B, True), "other_region")
    await refused(lambda: stats_service.allowed_scope(r["r"], REGION_B, True), "other_region")
    await refused(lambda: stats_service.allowed_scope(r["r"], None, True), "other_region")  # the whole country
    await refused(lambda: stats_service.add_innovation(ctx, None, "Une idée nouvelle"), "not_staff")
    await refused(lambda: stats_service.set_digest(ctx, r["a"], False), "wrong_role")
    assert stats_service.allowed_scope(r["a"], None, False) == (REGION_A, True)
    assert stats_service.allowed_scope(r["r"], REGION_A, True) == (REGION_A, False)
    assert stats_service.allowed_scope(r["n"], REGION_B, True) == (REGION_B, False)
    assert await snapshot(ctx.db) == before
