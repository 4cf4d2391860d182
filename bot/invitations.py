"""Invitations: a coordinator creates a one-time code; opening ``/start inv_<code>`` grants the role."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from bot import deeplinks
from bot.context import AppContext
from bot.errors import KeyedError
from bot.roles import ALL_REGIONS, COORDINATORS, PermissionDenied, Role, _check_can_grant, audit, get_role, guess_network
from storage import roles as store

PREFIX = "inv"
#: The words of ``/invite <quoi>`` and the role kind they create.
WHAT = {"conseiller": "advisor", "conseillere": "advisor", "coordinateur": "regional", "coordinatrice": "regional"}
MAX_ORGANISATION = 80


class InvitationError(KeyedError):
    """``key``: unknown (made up), used, expired, usage (bad /invite syntax), region (unknown region)."""



@dataclass
class Invitation:
    code: str
    kind: str
    region: str | None
    organisation: str | None
    network: str | None
    expires_at: dt.datetime
    link: str
    mission_locale: str | None = None


def parse_invite_args(ctx: AppContext, args: list[str]) -> tuple[str, str | None, str | None]:
    """``conseiller <région> <organisation>`` / ``coordinateur <région>`` / ``coordinateur national``
    → (kind, region code, organisation). The region is an INSEE code or a name (several words allowed)."""
    from bot.catalogue import fold

    if not args or fold(args[0]) not in WHAT:
        raise InvitationError("usage")
    kind = WHAT[fold(args[0])]
    rest = args[1:]
    if kind == "regional" and len(rest) == 1 and fold(rest[0]) == "national":
        return "national", None, None
    regions = ctx.catalogue.regions
    # the longest prefix of the words that names a region
    for size in range(len(rest), 0, -1):
        text = " ".join(rest[:size])
        region = regions.by_code.get(text.strip())
        if region is None:
            found = regions.resolve(text)
            region = found[0] if found else None
        if region is not None:
            organisation = " ".join(rest[size:]).strip() or None
            if organisation and len(organisation) > MAX_ORGANISATION:
                raise InvitationError("usage")
            return kind, region.code, organisation if kind == "advisor" else None
    raise InvitationError("region" if rest else "usage", text=" ".join(rest))


async def create(ctx: AppContext, actor: Role | None, kind: str, region: str | None, organisation: str | None) -> Invitation:
    """A new one-time invitation, valid ``settings.invitations.valid_hours``; checks the actor's rights.
    An advisor's organisation named like a Mission Locale of the region's directory attaches them to it."""
    from bot.roles import require

    require(actor, kinds=COORDINATORS)
    assert actor is not None
    _check_can_grant(actor, kind, region if kind != "national" else ALL_REGIONS)
    if kind == "advisor" and not organisation:
        raise InvitationError("usage")
    ml = ctx.catalogue.missions_locales.find(organisation) if kind == "advisor" and organisation else None
    if ml is None or ml.region != region:
        ml = None
    elif organisation == ml.id:
        organisation = ml.nom
    code = secrets.token_urlsafe(12)
    now = ctx.clock.timestamp()
    expires = now + int(ctx.settings.invitations.valid_hours * 3600)
    network = guess_network(organisation) if kind == "advisor" else None
    await store.create_invitation(
        ctx.db, code=code, kind=kind, region=region, organisation=organisation, network=network,
        created_by=actor.id, now=now, expires_at=expires, mission_locale=ml.id if ml else None,
    )
    await audit(ctx, actor.id, "invitation_create", f"invitation:{code[:4]}…",
                {"kind": kind, "region": region, "organisation": organisation, "mission_locale": ml.id if ml else None})
    from bot.clock import from_ts

    return Invitation(code, kind, region, organisation, network, from_ts(expires),
                      deeplinks.link(ctx.bot_username, PREFIX, code), ml.id if ml else None)


async def pending(ctx: AppContext, actor: Role) -> list:
    """The invitations of ``actor``'s scope not used nor expired yet (coordinators only; others: none)."""
    if not actor.is_coordinator:
        return []
    return await store.pending_invitations(ctx.db, None if actor.is_national else actor.region, ctx.clock.timestamp())


async def accept(ctx: AppContext, code: str, chat_id: int, display_name: str | None) -> Role:
    """Use the invitation: grant its role to ``chat_id``; raise InvitationError (unknown, used, expired).
    The person who used it opening it again gets their role back (a link is often tapped twice)."""
    now = ctx.clock.timestamp()
    inv = await store.get_invitation(ctx.db, code)
    if inv is None:
        raise InvitationError("unknown")
    if inv["used_at"] is not None:
        granted = await get_role(ctx, inv["used_by_role"]) if inv["used_by_role"] is not None else None
        if granted is not None and granted.chat_id == chat_id:
            return granted
        raise InvitationError("used")
    if inv["expires_at"] <= now:
        raise InvitationError("expired")
    creator = await get_role(ctx, inv["created_by"])
    if creator is None:  # the coordinator who invited lost their role since: the invitation dies with it
        raise InvitationError("expired")
    role_id = await store.use_invitation(ctx.db, code, chat_id=chat_id, display_name=display_name, now=now)
    if role_id is None:
        raise InvitationError("used")
    await audit(ctx, inv["created_by"], "role_grant", f"role:{role_id}",
                {"kind": inv["kind"], "region": inv["region"], "organisation": inv["organisation"], "invitation": code[:4] + "…"})
    role = await get_role(ctx, role_id)
    assert role is not None
    return role


__all__ = ["Invitation", "InvitationError", "PermissionDenied", "accept", "create", "parse_invite_args", "pending", "PREFIX"]
