"""The follow-up after an event: « Comment ça s'est passé ? » to each registered person, once, a little
after the end (never at night), with three one-tap answers; optional, counted anonymously.

:func:`send_due_followups` is a plain function of the clock, run by the events maintenance job of
handlers/events.py (the job queue, every minute, and at start-up). Each person is claimed in
``event_feedback`` before the message goes out: with several instances on one database, one sends.
"""

from __future__ import annotations

import datetime as dt

from bot.clock import PARIS, from_ts, to_ts
from bot.context import AppContext
from bot.delivery import SENT, deliver
from bot.events.service import get_event
from storage import feedback as store

#: The answers, in the order of the buttons (their labels: templates/events/followup.html).
ANSWERS = ("bien", "moyen", "pas_bien")
AFTER_END = 2 * 3600          # asked two hours after the end...
QUIET = (20, 9)               # ...but not from 20:00 to 09:00 (Paris): then at MORNING the next day
MORNING = 10
GIVE_UP = 3 * 24 * 3600       # a follow-up more than three days late is not sent (bot stopped, old events)


def due_at(ends_at: int) -> int:
    """When the follow-up of an event ending at ``ends_at`` is due (Unix seconds)."""
    due = from_ts(ends_at + AFTER_END)
    late, early = QUIET
    if due.hour >= late:
        due = dt.datetime.combine(due.date() + dt.timedelta(days=1), dt.time(MORNING), tzinfo=PARIS)
    elif due.hour < early:
        due = dt.datetime.combine(due.date(), dt.time(MORNING), tzinfo=PARIS)
    return to_ts(due)


async def send_due_followups(bot, ctx: AppContext, now: int | None = None) -> int:
    """Send every follow-up due at ``now`` (default: the clock); return how many were delivered."""
    now = ctx.clock.timestamp() if now is None else now
    sent = 0
    longest_wait = AFTER_END + 24 * 3600
    for row in await store.ended_between(ctx.db, now - GIVE_UP - longest_wait, now - AFTER_END + 1):
        due = due_at(row["ends_at"])
        if not due <= now < due + GIVE_UP:
            continue
        people = await store.not_asked(ctx.db, row["id"])
        people = await store.claim(ctx.db, row["id"], people, now) if people else []
        if not people:
            continue
        event = await get_event(ctx, row["id"])
        screen = ctx.renderer.render("events/followup", event=event)
        for chat_id in people:
            outcome = await deliver(ctx, chat_id, lambda c=chat_id: bot.send_message(c, screen.text, reply_markup=screen.markup),
                                    what=f"suivi (événement {row['id']})")
            if outcome.status == SENT:
                sent += 1
                await ctx.log.record(chat_id, "followup_sent", event.id, region=event.region)
    return sent


async def answer(ctx: AppContext, event_id: int, chat_id: int, value: str) -> str:
    """The person's one-tap answer: 'saved' (counted), 'already', or 'unknown' (not asked, or a forged answer)."""
    if value not in ANSWERS:
        return "unknown"
    outcome = await store.answer(ctx.db, event_id, chat_id, value, ctx.clock.timestamp())
    if outcome == "saved":
        event = await get_event(ctx, event_id)
        await ctx.log.record(chat_id, "event_feedback", value, region=event.region if event else None)
    return outcome
