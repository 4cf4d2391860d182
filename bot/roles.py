"""Staff roles: who is a national coordinator, a regional coordinator or an advisor, and the checks.

Every advisor/coordinator service calls :func:`require` / :func:`require_role` itself (the handlers
check too, but a check in the handler alone is not enough). A national coordinator covers every
region; a regional coordinator and an advisor only their own.

    role = await require_role(ctx, chat_id, kinds=("advisor", "regional", "national"), region="32")

:class:`PermissionDenied` carries a message key; ``templates/team/denied.html`` phrases it.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, Iterable

from bot.context import AppContext
from bot.errors import KeyedError
from storage import audit as audit_store
from storage import roles as store

log = logging.getLogger(__name__)

KINDS = ("national", "regional", "advisor")
COORDINATORS = ("national", "regional")
NETWORKS = ("mission_locale", "arml", "opcommerce")
#: ``region=ALL_REGIONS`` in :func:`require`: the action targets every region (national coordinators only).
ALL_REGIONS = "*"


class PermissionDenied(KeyedError):
    """Refused. ``key`` names the French message (``advisors/denied.html``): not_staff, wrong_role,
    other_region, all_regions, not_owner, unknown, self."""



@dataclass(frozen=True)
class Role:
    id: int
    chat_id: int
    kind: str  # 'national' | 'regional' | 'advisor'
    region: str | None
    organisation: str | None
    network: str | None  # 'mission_locale' | 'arml' | 'opcommerce' | None
    display_name: str | None
    digest_enabled: bool = True
    #: The advisor's Mission Locale in the directory (``content/missions_locales.yaml``), if any.
    mission_locale: str | None = None

    @classmethod
    def from_row(cls, row: Any) -> "Role":
        return cls(
            id=row["id"], chat_id=row["chat_id"], kind=row["kind"], region=row["region"],
            organisation=row["organisation"], network=row["network"], display_name=row["display_name"],
            digest_enabled=bool(row["digest_enabled"]), mission_locale=row["mission_locale"],
        )

    @property
    def first_name(self) -> str | None:
        """The first name alone (``display_name`` is « Samir (@samir) » when the invitation was opened)."""
        return self.display_name.split(" (")[0].strip() or None if self.display_name else None

    @property
    def is_national(self) -> bool:
        return self.kind == "national"

    @property
    def is_coordinator(self) -> bool:
        return self.kind in COORDINATORS

    @property
    def audience(self) -> str:
        """The command menu this role sees (``commands.yaml``): 'conseiller' or 'coordinateur'."""
        return "conseiller" if self.kind == "advisor" else "coordinateur"

    def covers(self, region: str | None) -> bool:
        """May this role act on ``region`` (None or ALL_REGIONS: every region, national only)?"""
        if self.kind == "national":
            return True
        if region is None or region == ALL_REGIONS:
            return False
        return self.region == region


def guess_network(organisation: str | None) -> str | None:
    """The network an organisation belongs to, from its name."""
    from bot.catalogue import fold

    name = fold(organisation or "")
    if not name:
        return None
    if "opcommerce" in name or "opco" in name.split():
        return "opcommerce"
    if "arml" in name.split() or "association regionale des missions locales" in name:
        return "arml"
    return "mission_locale"


async def current_role(ctx: AppContext, chat_id: int) -> Role | None:
    """The chat's active role, or None for everybody else (young people)."""
    row = await store.active_for_chat(ctx.db, chat_id)
    return Role.from_row(row) if row else None


async def get_role(ctx: AppContext, role_id: int) -> Role | None:
    row = await store.get(ctx.db, role_id)
    return Role.from_row(row) if row and row["revoked_at"] is None else None


def require(role: Role | None, *, kinds: Iterable[str] = KINDS, region: str | None = None) -> Role:
    """Return ``role`` if it is of one of ``kinds`` and covers ``region`` (when given); raise otherwise."""
    if role is None:
        raise PermissionDenied("not_staff")
    if role.kind not in tuple(kinds):
        raise PermissionDenied("wrong_role", kind=role.kind)
    if region is not None and not role.covers(region):
        raise PermissionDenied("all_regions" if region == ALL_REGIONS else "other_region", region=region)
    return role


async def require_role(ctx: AppContext, chat_id: int, kinds: Iterable[str] = KINDS, region: str | None = None) -> Role:
    return require(await current_role(ctx, chat_id), kinds=kinds, region=region)


async def audit(ctx: AppContext, actor_role_id: int | None, action: str, target: str | int | None = None, details: dict | None = None) -> None:
    """One line of the audit log (role changes, invitations, broadcasts, event changes)."""
    await audit_store.insert(ctx.db, ctx.clock.timestamp(), actor_role_id, action, None if target is None else str(target), details)


async def bootstrap_coordinators(ctx: AppContext) -> list[int]:
    """Make every id of ``settings.coordinators`` a national coordinator (idempotent); return new role ids."""
    created = []
    for chat_id in ctx.settings.coordinators:
        existing = await current_role(ctx, chat_id)
        if existing is not None and existing.kind == "national":
            continue
        role_id = await store.insert(
            ctx.db, chat_id=chat_id, kind="national", region=None, organisation=None, network=None,
            display_name=None, granted_by=None, now=ctx.clock.timestamp(),
        )
        await audit(ctx, None, "role_bootstrap", f"role:{role_id}", {"chat_id_role": role_id, "kind": "national",
                                                                     "replaced": existing.id if existing else None})
        log.info("coordinateur national %s enregistré depuis la configuration", role_id)
        created.append(role_id)
    return created


async def grant(ctx: AppContext, actor: Role | None, *, chat_id: int, kind: str, region: str | None,
                organisation: str | None = None, network: str | None = None, display_name: str | None = None,
                mission_locale: str | None = None) -> Role:
    """Grant a role directly (demo, tests, CLI); ``actor`` must cover the region (None = system)."""
    if kind not in KINDS:
        raise ValueError(kind)
    if actor is not None:
        _check_can_grant(actor, kind, region)
    role_id = await store.insert(
        ctx.db, chat_id=chat_id, kind=kind, region=None if kind == "national" else region, organisation=organisation,
        network=network if kind != "national" else None, display_name=display_name,
        granted_by=actor.id if actor else None, now=ctx.clock.timestamp(), mission_locale=mission_locale,
    )
    await audit(ctx, actor.id if actor else None, "role_grant", f"role:{role_id}", {"kind": kind, "region": region, "organisation": organisation})
    role = await get_role(ctx, role_id)
    assert role is not None
    return role


def _check_can_grant(actor: Role, kind: str, region: str | None) -> None:
    """Advisors grant nothing; a regional coordinator invites advisors of its region; national: anything."""
    require(actor, kinds=COORDINATORS)
    if kind == "national" and not actor.is_national:
        raise PermissionDenied("wrong_role", kind=actor.kind)
    if kind == "regional" and not actor.is_national:
        raise PermissionDenied("wrong_role", kind=actor.kind)
    if kind != "national":
        require(actor, kinds=COORDINATORS, region=region)


def can_manage(actor: Role, target: Role) -> bool:
    """May ``actor`` revoke ``target``? National: anyone but itself; regional: advisors of its region."""
    if actor.id == target.id:
        return False
    if actor.is_national:
        return True
    return actor.kind == "regional" and target.kind == "advisor" and target.region == actor.region


async def active_roles(ctx: AppContext, region: str | None = None) -> list[Role]:
    """Every active role (of ``region`` when given)."""
    return [Role.from_row(r) for r in await store.active(ctx.db, region)]


async def team(ctx: AppContext, actor: Role) -> list[Role]:
    """The active roles of ``actor``'s scope (everyone for a national coordinator), ``actor`` included."""
    require(actor, kinds=KINDS)
    roles = await active_roles(ctx, None if actor.is_national else actor.region)
    if not actor.is_national and all(r.id != actor.id for r in roles):
        roles.insert(0, actor)
    return roles


async def revoke(ctx: AppContext, actor: Role, role_id: int) -> Role:
    """Revoke ``role_id`` if ``actor`` may (see :func:`can_manage`); return the revoked role."""
    require(actor, kinds=COORDINATORS)
    target = await get_role(ctx, role_id)
    if target is None:
        raise PermissionDenied("unknown")
    if not can_manage(actor, target):
        raise PermissionDenied("self" if actor.id == target.id else "other_region" if target.region != actor.region else "wrong_role")
    await store.revoke(ctx.db, role_id, ctx.clock.timestamp())
    await audit(ctx, actor.id, "role_revoke", f"role:{role_id}", {"kind": target.kind, "region": target.region})
    return target
