"""Reminders: the day before (at ``reminders.day_before_at``) and a few hours before
(``reminders.hours_before``), to each registered person, never twice, never for a cancelled event.

:func:`send_due_reminders` is the whole logic, a plain function of the clock: the job queue only
decides when to call it (handlers/events.py schedules it at each due time, rebuilt from the
database at start-up, plus a catch-up at start-up and every few minutes).
"""

from __future__ import annotations

import datetime as dt
import logging

from bot.delivery import SENT, deliver

from bot.clock import PARIS, from_ts, to_ts
from bot.config import Settings
from bot.context import AppContext
from bot.events.service import get_event
from storage import events as store
from storage import registrations as regs

log = logging.getLogger(__name__)
KINDS = ("day_before", "hours_before")


def due_times(starts_at: int, settings: Settings) -> dict[str, int]:
    """When each reminder of an event starting at ``starts_at`` is due (Unix seconds)."""
    start = from_ts(starts_at)
    hour, minute = map(int, settings.reminders.day_before_at.split(":"))
    eve = dt.datetime.combine(start.date() - dt.timedelta(days=1), dt.time(hour, minute), tzinfo=PARIS)
    return {"day_before": to_ts(eve), "hours_before": starts_at - int(settings.reminders.hours_before * 3600)}


def still_to_come(starts_at: int, settings: Settings, now: int) -> tuple[str, ...]:
    """The reminders a person registering at ``now`` will get (a reminder goes only to people registered
    before it is due): what the card and the confirmation may promise."""
    return tuple(kind for kind, at in due_times(starts_at, settings).items() if at > now)


def lead_seconds(settings: Settings) -> int:
    """How long before an event its earliest reminder can be due."""
    return int(max(48 * 3600, settings.reminders.hours_before * 3600 + 3600))


async def send_due_reminders(bot, ctx: AppContext, now: int | None = None) -> int:
    """Send every reminder due at ``now`` (default: the clock); return how many were sent.

    When several are due at once (the bot was down), only the latest is sent. A reminder goes only
    to people registered before it was due; each is recorded in ``reminders_sent`` before sending.
    """
    now = ctx.clock.timestamp() if now is None else now
    sent = 0
    for row in await store.starting_between(ctx.db, now + 1, now + lead_seconds(ctx.settings)):
        times = due_times(row["starts_at"], ctx.settings)
        due = [k for k in KINDS if times[k] <= now]
        if not due:
            continue
        latest = max(due, key=lambda k: times[k])
        people = await regs.to_remind(ctx.db, row["id"], latest, times[latest])
        if not people:
            continue
        people = await regs.claim_reminder(ctx.db, row["id"], people, due, now)  # another instance may have them
        if not people:
            continue
        event = await get_event(ctx, row["id"])
        screen = ctx.renderer.render("events/reminder", event=event, kind=latest)
        for chat_id in people:
            outcome = await deliver(ctx, chat_id, lambda c=chat_id: bot.send_message(c, screen.text, reply_markup=screen.markup),
                                    what=f"rappel (événement {row['id']})")
            if outcome.status != SENT:
                continue
            sent += 1
            await ctx.log.record(chat_id, "reminder_sent", event.id, region=event.region)
    return sent


async def next_due(ctx: AppContext, now: int | None = None) -> list[tuple[int, str, int]]:
    """The reminders still to come, ``(event_id, kind, due_at)``, for events with registrations."""
    now = ctx.clock.timestamp() if now is None else now
    out = []
    for row in await store.starting_between(ctx.db, now + 1, 2**62):
        for kind, at in due_times(row["starts_at"], ctx.settings).items():
            if at > now:
                out.append((row["id"], kind, at))
    return out
