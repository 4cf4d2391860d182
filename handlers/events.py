"""Regional actions for young people: suggestions (« Actions près de chez moi », /evenements, under a
job card), the event card, registration and waiting list, calendar file, place, sharing,
/mesinscriptions; and, at start-up, the national calendar and the reminder jobs.

Callback kinds: evl[:page[:branch[:type]]] list · evj:<job>[:page] a job's actions · evf branch filter · evy type filter ·
evo:<id>[:<way back>] card · evr/evq/evu:<id>[:<way back>] register / ask to leave / leave (the way back: see WAY_BACK) · evs:<id>:<0|1> share name · evi:<id> .ics ·
evv:<id> place · evp:<id> share link · evm my registrations · evk:<id>:<answer> the follow-up's answer.
"""

from __future__ import annotations

import datetime as dt
import logging

from telegram import InputFile, Update
from telegram.error import TelegramError
from telegram.ext import Application, ContextTypes

from bot import deeplinks, screens
from bot.clock import from_ts
from bot.context import AppContext
from bot.events import feedback, registration, reminders
from bot.events.files import sync_calendar
from bot.events.notify import deliver_notices
from bot.events.model import event_types
from bot.events.service import get_event, get_events, mark_finished
from bot.events.suggest import suggestions
from bot.paging import page_of
from handlers.common import acknowledge, button, choice, command, flag, number, person, services, show

log = logging.getLogger(__name__)
PAGE = 5
MAINTENANCE_SECONDS = 60
NO_BRANCH = "-"


def _region(row) -> str | None:
    return row["region"] if row else None


def _reminders(ctx: AppContext, event) -> tuple[str, ...]:
    """The reminders still to come for someone registered now (« la veille » is not promised the same day)."""
    return reminders.still_to_come(event.starts_at, ctx.settings, ctx.clock.timestamp())


async def _list(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int = 0, branch: str | None = None, job_id: str | None = None,
                kind: str | None = None) -> None:
    """The actions suggested to the person, a page at a time (optionally for one branch, one job or one type)."""
    row = await person(update, context)
    ctx = services(context)
    user_id = update.effective_user.id
    if branch is not None and ctx.catalogue.branch(branch) is None:
        branch = None
    if kind not in event_types():
        kind = None
    job = ctx.catalogue.job(job_id) if job_id else None
    if job_id and job is None:
        await show(update, context, "common/stale")
        return
    found = await suggestions(ctx, user_id, branch=branch, job_id=job.id if job else None, kind=kind)
    ids = found.ids
    ids_shown, page, pages = page_of(ids, page, PAGE)
    shown = await get_events(ctx, ids_shown)
    for event in shown:
        await ctx.log.record(user_id, "event_suggested", event.id, region=_region(row), branch=branch)
    await show(
        update, context, "events/list", events=shown, page=page, pages=pages, total=len(ids), branch=ctx.catalogue.branch(branch) if branch else None,
        job=job, region_name=ctx.catalogue.regions.name(_region(row)), now=ctx.clock.timestamp(),
        order=found.order, reasons={event.id: found.reasons(event.id) for event in shown},
        kind=kind, kind_info=event_types().get(kind) if kind else None,
    )


@command("evenements")
async def list_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/evenements."""
    await _list(update, context)


@button("evl", args=(number, str, str), optional=3)
async def list_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, page: int = 0, branch: str = NO_BRANCH, kind: str = "") -> None:
    """``evl[:page[:branch[:type]]]``: the suggestions, a page at a time (``-``: every branch; a type: only
    that type, e.g. the workshops the CV intent leads to)."""
    await _list(update, context, page, None if branch == NO_BRANCH else branch, kind=kind or None)


@button("evj", args=(str, number), optional=1)
async def job_actions_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE, job_id: str, page: int = 0) -> None:
    """``evj:<job>[:page]``: the actions about one job."""
    await _list(update, context, page, job_id=job_id)


#: Where a card was opened, after the event id; its « ⬅️ » goes back there, and its own buttons carry it:
#: ``m`` « Mes inscriptions »; ``l:<page>:<branch|->:<type|->`` a page of the actions list, maybe filtered;
#: ``j:<job>:<page>`` a page of a job's actions. Checked by :func:`_way_back`.
WAY_BACK = (choice("m", "l", "j"), str, str, str)


def _way_back(ctx: AppContext, origin: str = "", *rest: str) -> tuple[str, ...]:
    """The checked way back of a card (``()``: the actions list, first page). Something that does not check
    out (forged, a branch or job gone since) falls back to the plain list: the card itself is still shown."""
    try:
        if origin == "m":
            return ("m",)
        if origin == "l":
            page, branch, kind = (*rest, "0", "-", "-")[:3]
            if number(page) >= 0 and (branch == NO_BRANCH or ctx.catalogue.branch(branch)) and (kind == "-" or kind in event_types()):
                return ("l", page, branch, kind)
        if origin == "j":
            job_id, page = (*rest, "0")[:2]
            if ctx.catalogue.job(job_id) is not None and number(page) >= 0:
                return ("j", job_id, page)
    except ValueError:
        pass
    return ()


@button("evo", args=(number, *WAY_BACK), optional=4)
async def card(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, *origin: str, new: bool = False) -> None:
    """The event card, with the person's registration state; ``origin``: the list it was opened from (its
    « ⬅️ » goes back there, see WAY_BACK)."""
    row = await person(update, context)
    ctx = services(context)
    way = _way_back(ctx, *origin)
    event = await get_event(ctx, event_id)
    if event is None:
        await show(update, context, "events/unknown", new=new)
        return
    status, position = await registration.status(ctx, event.id, update.effective_user.id)
    await ctx.log.record(update.effective_user.id, "event_open", event.id, region=_region(row))
    await show(update, context, "events/card", event=event, status=status, position=position, now=ctx.clock.timestamp(), new=new,
               reminders=_reminders(ctx, event), way=way)


@button("evr", args=(number, *WAY_BACK), optional=4)
async def _register(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, *origin: str) -> None:
    """« Je m'inscris »: a seat or the waiting list, then the card and the confirmation. Pressed again (a double
    tap, an old card): a short notice and the card, never a second confirmation or name question."""
    row = await person(update, context)
    ctx = services(context)
    user_id = update.effective_user.id
    outcome = await registration.register(ctx, event_id, user_id)
    if outcome.refused:
        await show(update, context, "events/refused", code=outcome.code, event=outcome.event)
        return
    again = outcome.code.startswith("already_")
    if again:
        await acknowledge(update, ctx.renderer.text("events/already", code=outcome.code).strip())
    if outcome.code in ("registered", "waiting"):
        await ctx.log.record(user_id, "event_register" if outcome.code == "registered" else "event_waitlist", event_id, region=_region(row))
        await _schedule_event(context.application, event_id)
    status, position = await registration.status(ctx, event_id, user_id)
    promised = _reminders(ctx, outcome.event)
    await show(update, context, "events/card", event=outcome.event, status=status, position=position, now=ctx.clock.timestamp(), reminders=promised,
               way=_way_back(ctx, *origin))
    if not again:
        await show(update, context, "events/registered", event=outcome.event, code=outcome.code, position=position, ask=outcome.ask_share, new=True,
                   reminders=promised)


@button("evq", args=(number, *WAY_BACK), optional=4)
async def _unregister_ask(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, *origin: str) -> None:
    """« Me désinscrire » / « Je ne peux plus venir »: ask first (a double tap must not lose the seat)."""
    await person(update, context)
    ctx = services(context)
    event = await get_event(ctx, event_id)
    status, _ = await registration.status(ctx, event_id, update.effective_user.id) if event is not None else (None, None)
    if event is None:
        await show(update, context, "events/unknown")
        return
    if status is None or event.status == "annule":  # not (or no longer) registered, or cancelled: the card says so
        await card(update, context, event_id, *origin)
        return
    await show(update, context, "events/unregister_confirm", event=event, status=status, new=update.callback_query is None,
               way=_way_back(ctx, *origin))


@button("evu", args=(number, *WAY_BACK), optional=4)
async def _unregister(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, *origin: str) -> None:
    """« Me désinscrire »; the first on the waiting list is told they got the seat."""
    row = await person(update, context)
    ctx = services(context)
    outcome = await registration.unregister(ctx, event_id, update.effective_user.id)
    if outcome.code in ("registered", "waiting"):
        await ctx.log.record(update.effective_user.id, "event_unregister", event_id, region=_region(row))
    if outcome.event is None:
        await show(update, context, "events/unknown")
        return
    await show(update, context, "events/card", event=outcome.event, status=None, position=None, now=ctx.clock.timestamp(),
               way=_way_back(ctx, *origin))
    await show(update, context, "events/unregistered", event=outcome.event, was=outcome.code, new=True)
    if outcome.promoted:
        await deliver_notices(context.bot, ctx, event_id)


@button("evs", args=(number, flag))
async def _share_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, share: bool) -> None:
    """Whether the organisers may see the person's name (asked after registering)."""
    await person(update, context)
    ctx = services(context)
    event = await get_event(ctx, event_id)
    if event is None or not await registration.set_share(ctx, event_id, update.effective_user.id, share):
        await show(update, context, "common/stale")
        return
    await show(update, context, "events/share_saved", event=event, share=share)


@button("evi", args=(number,))
async def _ics(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """Send the event as a calendar file (.ics)."""
    row = await person(update, context)
    ctx = services(context)
    event = await get_event(ctx, event_id)
    if event is None or event.status == "annule":
        await show(update, context, "events/unknown" if event is None else "events/refused", code="cancelled", event=event)
        return
    await acknowledge(update)
    renderer = ctx.renderer
    from bot.events.ics import event_ics  # icalendar loads on first use, not at start-up

    data = event_ics(
        event, link=deeplinks.link(ctx.bot_username, "evt", str(event.id)), hours_before=ctx.settings.reminders.hours_before,
        now=ctx.clock.timestamp(), place=renderer.text("events/ics_place", event=event), description=renderer.text("events/ics_description", event=event),
    )
    caption = renderer.render("events/ics_caption", event=event)
    await context.bot.send_document(update.effective_user.id, InputFile(data, filename=f"evenement-{event.id}.ics"), caption=caption.text)
    await ctx.log.record(update.effective_user.id, "event_ics", event.id, region=_region(row))


@button("evv", args=(number,))
async def _venue(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """Send the place as a map pin."""
    row = await person(update, context)
    ctx = services(context)
    event = await get_event(ctx, event_id)
    if event is None or event.latitude is None or event.longitude is None:
        await show(update, context, "events/unknown" if event is None else "events/no_place", event=event, new=True)
        return
    await acknowledge(update)
    address = ctx.renderer.text("events/ics_place", event=event) or event.title
    await context.bot.send_venue(update.effective_user.id, latitude=event.latitude, longitude=event.longitude, title=event.title[:100], address=address[:200])
    await ctx.log.record(update.effective_user.id, "event_venue", event.id, region=_region(row))


@button("evp", args=(number,))
async def _share(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int) -> None:
    """A link to the event card, in a new message the person can forward."""
    row = await person(update, context)
    ctx = services(context)
    event = await get_event(ctx, event_id)
    if event is None:
        await show(update, context, "events/unknown")
        return
    link = deeplinks.link(ctx.bot_username, "evt", str(event.id))
    await ctx.log.record(update.effective_user.id, "share", f"evt_{event.id}", region=_region(row))
    await show(update, context, "events/share", event=event, link=link, new=True)


@button("evk", args=(number, str))
async def _feedback(update: Update, context: ContextTypes.DEFAULT_TYPE, event_id: int, answer: str) -> None:
    """The one-tap answer to « Comment ça s'est passé ? » (once; a forged answer gets the stale screen)."""
    await person(update, context)
    outcome = await feedback.answer(services(context), event_id, update.effective_user.id, answer)
    if outcome == "unknown":
        await show(update, context, "common/stale")
        return
    await show(update, context, "events/followup_thanks", answer=answer, outcome=outcome)


@command("mesinscriptions")
@button("evm")
async def mine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/mesinscriptions: the person's registrations and waiting places still to come."""
    await person(update, context)
    ctx = services(context)
    items = await registration.upcoming(ctx, update.effective_user.id)
    await show(update, context, "events/mine", items=items)


@button("evf")
async def _filter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The branch filter of the suggestions."""
    await person(update, context)
    await show(update, context, "events/filter", branches=services(context).catalogue.branches)


@button("evy")
async def _type_filter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The type filter of the suggestions (ateliers, job datings...)."""
    await person(update, context)
    await show(update, context, "events/filter_type", types=event_types())


async def open_event_link(update: Update, context: ContextTypes.DEFAULT_TYPE, value: str) -> bool:
    """Deep link ``evt_<id>`` (a shared link or a poster's QR code)."""
    event_id = deeplinks.id_number(value)
    if event_id is None:
        await show(update, context, "events/unknown", new=True)
        return True
    await card(update, context, event_id, new=True)
    return True


# Reminders and maintenance through the job queue

def _ctx(app: Application) -> AppContext:
    return app.bot_data["ctx"]


async def _reminder_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """A job-queue run at a reminder's due time."""
    await reminders.send_due_reminders(context.bot, _ctx(context.application))


async def _maintenance_job(context: ContextTypes.DEFAULT_TYPE) -> None:
    """Every minute: pending notices (promotions after an erasure, changes made from the command
    line), finished events → « à clôturer », reminders a missed job would have sent, follow-ups due."""
    ctx = _ctx(context.application)
    try:
        await deliver_notices(context.bot, ctx)
        await mark_finished(ctx)
        await reminders.send_due_reminders(context.bot, ctx)
        await feedback.send_due_followups(context.bot, ctx)
    except TelegramError as error:  # the next run retries
        log.warning("maintenance des événements : %s", error)


def _job_name(event_id: int, kind: str) -> str:
    return f"rappel:{event_id}:{kind}"


async def _schedule_event(app: Application, event_id: int | None) -> None:
    """(Re)schedule the reminder jobs of one event (None: of every event) from the database."""
    queue = app.job_queue
    if queue is None:
        return
    ctx = _ctx(app)
    prefix = "rappel:" if event_id is None else f"rappel:{event_id}:"
    for job in queue.jobs():
        if job.name and job.name.startswith(prefix):
            job.schedule_removal()
    for due_event, kind, at in await reminders.next_due(ctx):
        if event_id is None or due_event == event_id:
            queue.run_once(_reminder_job, when=from_ts(at), name=_job_name(due_event, kind))


def reminder_jobs(app: Application) -> list[tuple[str, dt.datetime]]:
    """The scheduled reminder jobs ``(name, when)`` (for tests and the console)."""
    queue = app.job_queue
    return sorted((j.name, j.job.trigger.run_date) for j in queue.jobs() if j.name and j.name.startswith("rappel:") and not j.removed) if queue else []


async def on_startup(app: Application) -> None:
    """Sync the national calendar, rebuild the reminder jobs, send what a stop delayed."""
    ctx = _ctx(app)

    async def changed(event_id: int | None) -> None:
        """An event changed elsewhere (CLI, advisor): reschedule its reminders."""
        await _schedule_event(app, event_id)

    ctx.event_listeners.append(changed)
    try:
        await sync_calendar(ctx)
    except Exception:  # a bad calendar must not stop the bot (passerelle validate reports it)
        log.exception("calendrier national non synchronisé")
    await mark_finished(ctx)
    await _schedule_event(app, None)
    await deliver_notices(app.bot, ctx)
    await reminders.send_due_reminders(app.bot, ctx)
    await feedback.send_due_followups(app.bot, ctx)
    if app.job_queue is not None:
        app.job_queue.run_repeating(_maintenance_job, interval=MAINTENANCE_SECONDS, first=MAINTENANCE_SECONDS, name="evenements:maintenance")


def register(app: Application) -> None:
    deeplinks.register("evt", open_event_link)
    screens.register("evenements", list_command)  # « les événements », « mes inscriptions » typed
    screens.register("inscriptions", mine)
