"""Advisors and coordinators: roles, invitations, /equipe, /revoquer, menus, refusals."""

from __future__ import annotations

import json

import pytest

from bot import roles
from bot.roles import PermissionDenied, Role
from storage import audit

COORD = 900001  # PASSERELLE_COORDINATORS in conftest


def link_code(text: str) -> str:
    import re

    return re.search(r"start=inv_([A-Za-z0-9_-]+)", text).group(1)


async def invite(bot, args: str, invitee_id: int, name: str = "Samir"):
    coord = bot.person(COORD, "Nadia")
    await coord.send(f"/invite {args}")
    code = link_code(coord.last.text)
    advisor = bot.person(invitee_id, name)
    await advisor.send(f"/start inv_{code}")
    return advisor, code


async def test_bootstrap_is_idempotent_and_audited(bot):
    ctx = bot.ctx
    role = await roles.current_role(ctx, COORD)
    assert role is not None and role.kind == "national" and role.covers("32") and role.covers(None)
    assert await roles.bootstrap_coordinators(ctx) == []
    entries = await audit.recent(ctx.db, action="role_bootstrap")
    assert len(entries) == 1
    menu = bot.api.commands[json.dumps({"chat_id": COORD, "type": "chat"}, sort_keys=True)]
    assert any(c["command"] == "invite" for c in menu)


async def test_require_checks_kind_and_region():
    advisor = Role(1, 5, "advisor", "32", "Mission Locale de Lille", "mission_locale", "Samir")
    national = Role(2, 6, "national", None, None, None, "Nadia")
    assert roles.require(advisor, region="32") is advisor
    for call, key in [
        (lambda: roles.require(None), "not_staff"),
        (lambda: roles.require(advisor, region="11"), "other_region"),
        (lambda: roles.require(advisor, region=roles.ALL_REGIONS), "all_regions"),
        (lambda: roles.require(advisor, kinds=roles.COORDINATORS), "wrong_role"),
    ]:
        with pytest.raises(PermissionDenied) as error:
            call()
        assert error.value.key == key
    assert roles.require(national, region="11") is national
    assert roles.guess_network("Opcommerce Hauts-de-France") == "opcommerce"
    assert roles.guess_network("ARML Hauts-de-France") == "arml"


async def test_invitation_grants_advisor_role_once(bot):
    advisor, code = await invite(bot, "conseiller Hauts-de-France Mission Locale de Lille", 2001)
    assert "Mission Locale de Lille" in advisor.last.plain
    role = await roles.current_role(bot.ctx, 2001)
    assert (role.kind, role.region, role.organisation, role.network) == ("advisor", "32", "Mission Locale de Lille", "mission_locale")
    menu = bot.api.commands[json.dumps({"chat_id": 2001, "type": "chat"}, sort_keys=True)]
    assert [c["command"] for c in menu][0] == "annonce"
    # used again, by someone else
    other = bot.person(2002, "Léa")
    await other.send(f"/start inv_{code}")
    assert "déjà été utilisé" in other.last.plain
    assert await roles.current_role(bot.ctx, 2002) is None
    actions = [row["action"] for row in await audit.recent(bot.ctx.db)]
    assert "invitation_create" in actions and "role_grant" in actions


async def test_invitation_by_region_code_and_expiry(bot, clock):
    coord = bot.person(COORD, "Nadia")
    await coord.send("/invite coordinateur 32")
    assert "Hauts-de-France" in coord.last.plain
    code = link_code(coord.last.text)
    clock.advance(hours=49)
    late = bot.person(2003, "Tom")
    await late.send(f"/start inv_{code}")
    assert "expiré" in late.last.plain
    await late.send("/start inv_nimportequoi123")
    assert "n'existe pas" in late.last.plain
    assert await roles.current_role(bot.ctx, 2003) is None


async def test_invite_usage_and_unknown_region(bot):
    coord = bot.person(COORD, "Nadia")
    await coord.send("/invite")
    assert "/invite conseiller" in coord.last.plain
    await coord.send("/invite conseiller Atlantide Mission Locale")
    assert "Atlantide" in coord.last.plain
    await coord.send("/invite conseiller Hauts-de-France")
    assert "/invite conseiller" in coord.last.plain


@pytest.mark.parametrize("command", ["/annonce", "/invite conseiller 32 ML", "/equipe", "/revoquer", "/mesannonces"])
async def test_young_person_is_refused(bot, command):
    young = bot.person(3001, "Lina")
    await young.send(command)
    assert "réservée aux conseillers" in young.last.plain
    assert await roles.current_role(bot.ctx, 3001) is None


async def test_advisor_cannot_invite_and_regional_only_own_region(bot):
    await invite(bot, "conseiller 32 Mission Locale de Lille", 2001)
    advisor = bot.person(2001, "Samir")
    await advisor.send("/invite conseiller 32 Mission Locale de Roubaix")
    assert "réservée aux coordinateurs" in advisor.last.plain
    regional, _ = await invite(bot, "coordinateur Hauts-de-France", 2010, "Rémi")
    await regional.send("/invite conseiller Bretagne Mission Locale de Rennes")
    assert "votre région" in regional.last.plain
    await regional.send("/invite coordinateur 32")
    assert "Rien n'a été modifié" in regional.last.plain


async def test_team_and_revoke(bot):
    advisor, _ = await invite(bot, "conseiller 32 Mission Locale de Lille", 2001)
    regional, _ = await invite(bot, "coordinateur 32", 2010, "Rémi")
    await invite(bot, "conseiller Bretagne Mission Locale de Rennes", 2020, "Yann")
    await regional.send("/equipe")
    text = regional.last.plain
    assert "Samir" in text and "Yann" not in text
    # a forged revoke of the Breton advisor by the regional coordinator
    yann = await roles.current_role(bot.ctx, 2020)
    await regional.press_data(f"1:rvky:{yann.id}")
    assert "votre région" in regional.last.plain
    assert await roles.current_role(bot.ctx, 2020) is not None
    await regional.press("Retirer Samir")
    await regional.press("Oui, retirer")
    assert any("Rôle retiré" in m.plain for m in regional.messages())
    assert await roles.current_role(bot.ctx, 2001) is None
    assert "retiré" in advisor.last.plain
    assert json.dumps({"chat_id": 2001, "type": "chat"}, sort_keys=True) not in bot.api.commands
    await advisor.send("/annonce")
    assert "réservée aux conseillers" in advisor.last.plain


async def test_blocked_and_unblocked_update_the_person(bot):
    from storage import users

    young = bot.person(3001, "Lina")
    await young.send("/start")
    await users.update(bot.ctx.db, 3001, alerts_enabled=1, region="32")
    await young.block()
    row = await users.get(bot.ctx.db, 3001)
    assert (row["active"], row["alerts_enabled"]) == (0, 0)
    await young.block(False)
    assert (await users.get(bot.ctx.db, 3001))["active"] == 1
