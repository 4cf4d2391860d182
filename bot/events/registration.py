"""A young person's registrations: register (or join the waiting list), leave, share their name."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.context import AppContext
from bot.events.model import Event
from bot.events.service import get_event, get_events
from storage import events as store
from storage import registrations as regs


@dataclass
class Outcome:
    """``code``: registered, waiting, already_registered, already_waiting, or a refusal: not_found,
    cancelled, past, deadline, closed. ``ask_share``: ask whether organisers may see the name."""

    code: str
    event: Event | None = None
    ask_share: bool = False
    promoted: list[int] = field(default_factory=list)

    @property
    def refused(self) -> bool:
        return self.code in ("not_found", "cancelled", "past", "deadline", "closed")


def refusal(event: Event | None, now: int) -> str | None:
    """Why nobody can register now (None: open)."""
    if event is None:
        return "not_found"
    if event.status == "annule":
        return "cancelled"
    if event.starts_at <= now:
        return "past"
    if event.status != "a_venir":
        return "closed"
    if event.registration_deadline is not None and now > event.registration_deadline:
        return "deadline"
    return None


async def register(ctx: AppContext, event_id: int, chat_id: int) -> Outcome:
    """Take a seat, or a place on the waiting list when the event is full; never twice, never over capacity."""
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        event = await get_event(ctx, event_id, conn)
        why = refusal(event, now)
        if why:
            return Outcome(why, event)
        status, created = await regs.take_seat(conn, event_id, chat_id, event.capacity, now)
        share = (await regs.status_of(conn, event_id, chat_id))["share_identity"]
    event = await get_event(ctx, event_id)
    return Outcome(status if created else f"already_{status}", event, ask_share=share is None)


async def register_examples(ctx: AppContext, external_id: str, chat_ids: list[int]) -> None:
    """Demo data only: register example people to an example event, even a past one (idempotent)."""
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        event_id = await store.id_by_external(conn, external_id)
        event = await get_event(ctx, event_id, conn) if event_id else None
        if event is None or not event.is_example:
            return
        for chat_id in chat_ids:
            await regs.take_seat(conn, event_id, chat_id, event.capacity, now)


async def unregister(ctx: AppContext, event_id: int, chat_id: int) -> Outcome:
    """Give up a seat or waiting place; the first waiting person takes a freed seat (notice queued)."""
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        was = await regs.leave(conn, event_id, chat_id)
        promoted = [c for _, c in await regs.promote(conn, [event_id], now)] if was == "registered" else []
    return Outcome(was or "none", await get_event(ctx, event_id), promoted=promoted)


async def status(ctx: AppContext, event_id: int, chat_id: int) -> tuple[str | None, int | None]:
    """(registered | waiting | None, position on the waiting list)."""
    row = await regs.status_of(ctx.db, event_id, chat_id)
    if row is None:
        return None, None
    position = await regs.waiting_position(ctx.db, event_id, chat_id) if row["status"] == "waiting" else None
    return row["status"], position


async def set_share(ctx: AppContext, event_id: int, chat_id: int, share: bool) -> bool:
    """Whether the organisers may see the person's name; False when the person holds no place there."""
    return await regs.set_share(ctx.db, event_id, chat_id, share)


async def upcoming(ctx: AppContext, chat_id: int) -> list[tuple[Event, str]]:
    """(event, registered | waiting) for the person's events not finished yet, soonest first."""
    rows = await regs.of_person(ctx.db, chat_id, ctx.clock.timestamp())
    status = {r["event_id"]: r["status"] for r in rows}
    events = await get_events(ctx, [r["event_id"] for r in rows])
    return [(e, status[e.id]) for e in events]
