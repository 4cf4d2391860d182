"""Publishing an announcement: the role check, the recipients and the delivery rows, then the sender."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import AppContext
from bot.journey import profile
from bot.roles import ALL_REGIONS, KINDS, Role, audit, require
from storage import broadcasts as store
from storage import users


@dataclass
class Published:
    broadcast_id: int
    total: int


async def recipients(ctx: AppContext, region: str | None, branches: list[str]) -> int:
    return await store.count_recipients(ctx.db, region, branches)


async def publish(
    ctx: AppContext, role: Role, *, kind: str, text: str, markup: dict | None, title: str | None,
    region: str | None, branches: list[str], joint: bool = False, event_id: int | None = None,
    progress_chat_id: int | None = None,
) -> Published:
    """Check that ``role`` may address ``region`` (None: every region, national coordinators only), store
    the broadcast and one pending delivery per recipient (committed before any send)."""
    require(role, kinds=KINDS, region=region if region is not None else ALL_REGIONS)
    bid, total = await store.create(
        ctx.db, kind=kind, event_id=event_id, text=text, markup=markup, title=title, region=region,
        branches=branches, joint=joint, scope="national" if region is None else "regional", created_by=role.id,
        now=ctx.clock.timestamp(), progress_chat_id=progress_chat_id,
    )
    await audit(ctx, role.id, "broadcast_create", f"broadcast:{bid}",
                {"kind": kind, "event_id": event_id, "region": region, "branches": branches, "joint": joint, "recipients": total})
    return Published(bid, total)


async def of_event(ctx: AppContext, event_id: int) -> list:
    """The broadcasts made for an event, oldest first (rows of ``broadcasts``)."""
    return await store.of_event(ctx.db, event_id)


async def set_blocked(ctx: AppContext, chat_id: int, blocked: bool) -> None:
    """The person blocked the bot (inactive, alerts off) or unblocked it (active again); logged if known."""
    profile.forget_person(ctx, chat_id)
    if await store.set_user_active(ctx.db, chat_id, not blocked):
        row = await users.get(ctx.db, chat_id)
        await ctx.log.record(chat_id, "blocked" if blocked else "unblocked", region=row["region"] if row else None)


async def set_progress_message(ctx: AppContext, broadcast_id: int, chat_id: int, message_id: int) -> None:
    await store.set_progress_message(ctx.db, broadcast_id, chat_id, message_id)
