"""Delivering the notices owed to registered people: promoted from the waiting list, event changed,
event cancelled. Notices are queued in the database with the change (bot.events.service), so that a
change made from the command line, or just before a restart, still reaches everyone, once."""

from __future__ import annotations

import json
import logging

from bot.delivery import SENT, deliver

from bot.clock import from_ts
from bot.context import AppContext
from bot.events.outcomes import EventChange
from bot.events.service import get_event
from storage import registrations as regs

log = logging.getLogger(__name__)


async def deliver_notices(bot, ctx: AppContext, event_id: int | None = None) -> int:
    """Send every pending notice (of one event, or all); return how many were delivered."""
    sent = 0
    events: dict[int, object] = {}
    for notice in await regs.pending_notices(ctx.db, event_id):
        if not await regs.notice_done(ctx.db, notice["id"], ctx.clock.timestamp()):
            continue  # another task took it
        if notice["event_id"] not in events:
            events[notice["event_id"]] = await get_event(ctx, notice["event_id"])
        event = events[notice["event_id"]]
        if event is None:
            continue
        if notice["kind"] == "promoted" and (event.status != "a_venir" or event.starts_at <= ctx.clock.timestamp()):
            continue
        details = json.loads(notice["details"] or "{}")
        before = details.get("before") or {}
        held = await regs.status_of(ctx.db, event.id, notice["chat_id"]) if notice["kind"] == "changed" else None
        screen = ctx.renderer.render(
            f"events/notice_{notice['kind']}", event=event, details=details, status=held["status"] if held else None,
            before_start=from_ts(before.get("starts_at")), before_end=from_ts(before.get("ends_at")),
            before_deadline=from_ts(before.get("registration_deadline")),
        )
        outcome = await deliver(ctx, notice["chat_id"], lambda: bot.send_message(notice["chat_id"], screen.text, reply_markup=screen.markup),
                                what=f"avis {notice['id']} ({notice['kind']})")
        if outcome.status != SENT:
            continue
        sent += 1
        if notice["kind"] == "promoted":
            await ctx.log.record(notice["chat_id"], "event_promoted", event.id, region=event.region)
    return sent


async def tell_change(bot, ctx: AppContext, change: EventChange) -> int:
    """Send the templated « what changed » / « cancelled » message (and « a seat freed up » to the
    people promoted) to each person concerned by ``change``; return how many were told."""
    return await deliver_notices(bot, ctx, change.after.id)
