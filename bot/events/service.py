"""The events service: create, read, change, cancel and close regional actions (no Telegram here).

Role and region checks belong to the callers (the advisors' handlers wrap these functions).
``actor`` / ``created_by`` are role ids (``roles.id``), or None for the system (files, demo).
Every change is written in one transaction together with its audit entry and the notices owed to
the people registered (see :mod:`bot.events.notify`, which delivers them).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from typing import Any

from bot.context import AppContext
from bot.events.details import DETAILS
from bot.events.model import COLUMNS, Event, EventError, EventInput, validate_event
from bot.events.outcomes import EventChange, EventResults, RegistrationView
from storage import audit as audit_log
from storage import events as store
from storage import registrations as regs

#: Changes that registered people are told about.
NOTIFY_FIELDS = ("starts_at", "ends_at", "address", "city", "departement", "region", "latitude", "longitude", "online_url", "scope")
#: Everything on the card a registered person relies on (what an advisor's edit tells: pass it as
#: ``update_event(..., tell=CARD_FIELDS)``). A capacity change alone tells no one: it promotes.
CARD_FIELDS = NOTIFY_FIELDS + ("type", "title", "description", "registration_deadline", "branches", "organisers", "companies") + tuple(
    d.name for d in DETAILS)
_COMPARED = COLUMNS + ("branches", "organisers", "companies")


def _event(record: dict[str, Any]) -> Event:
    return Event.from_row(
        record["row"], branches=record["branches"], organisers=record["organisers"], companies=record["companies"],
        companies_present=record["present"], registered=record["registered"], waiting=record["waiting"],
    )


async def get_events(ctx: AppContext, ids: list[int], conn=None) -> list[Event]:
    """Events by id, in the order given (unknown ids are skipped)."""
    return [_event(r) for r in await store.load(conn or ctx.db, ids)]


async def get_event(ctx: AppContext, event_id: int, conn=None) -> Event | None:
    """One event with its branches, organisers, companies and registration counts, or None."""
    found = await get_events(ctx, [event_id], conn)
    return found[0] if found else None


def _links(data: EventInput) -> tuple[list[str], list[tuple[str, str]], list[str]]:
    return list(data.branches), [(o.network, o.name) for o in data.organisers], list(data.companies)


async def _notify(ctx: AppContext, event_id: int | None = None) -> None:
    """Tell the listeners (``ctx.event_listeners``: the reminder scheduler of handlers/events.py)
    that an event (None: any) changed."""
    for listener in ctx.event_listeners:
        await listener(event_id)


async def create_event(ctx: AppContext, data: EventInput | Mapping[str, Any], *, created_by: int | None, source: str) -> int:
    """Validate (against the catalogue, and not in the past) and store a new event; return its id.

    ``source``: 'annonce' (an advisor), 'yaml:<file>', 'csv:<file>', 'demo'. Raises :class:`EventError`.
    """
    data = validate_event(dict(data) if isinstance(data, Mapping) else data, ctx.catalogue, ctx.clock.now())
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        if data.external_id and await store.id_by_external(conn, data.external_id) is not None:
            raise EventError("events.duplicate_external_id", code="duplicate", external_id=data.external_id)
        event_id = await store.insert(conn, data.columns(), source=source, created_by=created_by, now=now)
        await store.set_links(conn, event_id, *_links(data))
        await audit_log.insert(conn, now, created_by, "event_create", f"event:{event_id}", {"source": source, "title": data.title})
    await _notify(ctx, event_id)
    return event_id


def _merge(before: Event, changes: EventInput | Mapping[str, Any]) -> dict[str, Any]:
    if isinstance(changes, EventInput):
        return changes.model_dump()
    merged = before.to_input().model_dump()
    unknown = set(changes) - set(merged)
    if unknown:
        raise EventError("events.not_editable_fields", code="invalid", fields=", ".join(sorted(unknown)))
    merged.update(changes)
    return merged


def _diff(before: Event, after: Event) -> list[str]:
    return [name for name in _COMPARED if getattr(before, name) != getattr(after, name)]


async def _apply(
    ctx: AppContext, conn, before: Event, data: EventInput, *, actor: int | None, now: int, tell: Collection[str] = NOTIFY_FIELDS
) -> EventChange:
    """Write ``data`` over ``before`` inside the caller's transaction; queue notices (when a field of
    ``tell`` changed), promote, audit."""
    await store.update(conn, before.id, data.columns(), now=now)
    await store.set_links(conn, before.id, *_links(data))
    after = await get_event(ctx, before.id, conn)
    changed = _diff(before, after)
    recipients: list[int] = []
    if any(f in tell for f in changed):
        recipients = await regs.people(conn, before.id)
        previous = {"starts_at": before.starts_at, "ends_at": before.ends_at, "place": before.city or before.online_url or "",
                    "title": before.title, "registration_deadline": before.registration_deadline}
        await regs.queue_notices(conn, [(before.id, c) for c in recipients], "changed", {"fields": changed, "before": previous}, now)
    if "starts_at" in changed:
        await regs.forget_reminders(conn, before.id)
    promoted = [c for _, c in await regs.promote(conn, [before.id], now)] if "capacity" in changed else []
    if promoted:
        after = await get_event(ctx, before.id, conn)
    if changed:
        await audit_log.insert(conn, now, actor, "event_update", f"event:{before.id}", {"fields": changed})
    return EventChange("changed", before, after, changed, recipients, promoted)


async def update_event(
    ctx: AppContext, event_id: int, data_or_changes: EventInput | Mapping[str, Any], *, actor: int | None,
    tell: Collection[str] = NOTIFY_FIELDS,
) -> EventChange:
    """Replace an event's fields (an :class:`EventInput`) or change some (``{"starts_at": ..., "city": ...}``).

    A new start must be in the future; a cancelled or closed event cannot change. The returned
    :class:`EventChange` lists the changed fields and who must be told (a field of ``tell`` changed:
    by default date, time or place; :data:`CARD_FIELDS` for everything on the card);
    pass it to :func:`bot.events.notify.tell_change`. Raises :class:`EventError`.
    """
    before = await _editable(ctx, event_id)
    data = validate_event(_merge(before, data_or_changes), ctx.catalogue)
    if int(data.starts_at.timestamp()) != before.starts_at:
        data = validate_event(data, ctx.catalogue, ctx.clock.now())
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        change = await _apply(ctx, conn, before, data, actor=actor, now=now, tell=tell)
    await _notify(ctx, event_id)
    return change


async def _editable(ctx: AppContext, event_id: int) -> Event:
    event = await get_event(ctx, event_id)
    if event is None:
        raise EventError("events.not_found", code="not_found", event_id=event_id)
    if event.status == "annule":
        raise EventError("events.cancelled", code="cancelled")
    if event.status == "cloture":
        raise EventError("events.closed", code="closed")
    return event


async def cancel_event(ctx: AppContext, event_id: int, *, actor: int | None, reason: str | None = None) -> EventChange:
    """Cancel an event: no more registrations nor reminders; every registered or waiting person is
    to be told (``EventChange.recipients``). Raises :class:`EventError`."""
    before = await _editable(ctx, event_id)
    now = ctx.clock.timestamp()
    async with ctx.db.transaction() as conn:
        await store.set_status(conn, event_id, "annule", now=now, reason=reason)
        recipients = await regs.people(conn, event_id)
        await regs.queue_notices(conn, [(event_id, c) for c in recipients], "cancelled", {"reason": reason or ""}, now)
        await audit_log.insert(conn, now, actor, "event_cancel", f"event:{event_id}", {"reason": reason})
        after = await get_event(ctx, event_id, conn)
    await _notify(ctx, event_id)
    return EventChange("cancelled", before, after, ["status"], recipients, [])


async def close_event(ctx: AppContext, event_id: int, results: EventResults | Mapping[str, Any], *, actor: int | None) -> Event:
    """Record an event's results (attendance, companies present, young people integrated in
    apprenticeship, CEJ, job, training) once it has started; status → cloture. Raises :class:`EventError`."""
    event = await _editable(ctx, event_id)
    if event.starts_at > ctx.clock.timestamp():
        raise EventError("events.not_started", code="not_started")
    if not isinstance(results, EventResults):
        from pydantic import ValidationError

        from bot.events.model import describe_errors

        try:
            results = EventResults.model_validate(dict(results))
        except ValidationError as error:
            raise EventError(describe_errors(error)) from None
    now = ctx.clock.timestamp()
    values = results.model_dump()
    async with ctx.db.transaction() as conn:
        await store.close(conn, event_id, values, values.pop("companies_present"), actor=actor, now=now)
        await audit_log.insert(conn, now, actor, "event_close", f"event:{event_id}", values)
    return await get_event(ctx, event_id)


async def list_registrations(ctx: AppContext, event_id: int) -> list[RegistrationView]:
    """Who registered (status, date), with first name and username only for people who agreed."""
    out = []
    for row in await regs.of_event(ctx.db, event_id):
        shared = bool(row["share_identity"])
        out.append(RegistrationView(row["status"], row["created_at"], shared, row["first_name"] if shared else None, row["username"] if shared else None))
    return out


async def mark_finished(ctx: AppContext) -> int:
    """Events whose end has passed become « à clôturer »; return how many changed."""
    return await store.mark_finished(ctx.db, ctx.clock.timestamp())


async def events_created_by(ctx: AppContext, role_id: int | None = None, *, region: str | None = None) -> list[Event]:
    """The events a role created (``role_id``), or all the events of a region; newest start first."""
    await mark_finished(ctx)
    return await get_events(ctx, await store.created_by(ctx.db, role_id, region))


async def upsert_events(ctx: AppContext, items: list[EventInput], *, source: str, actor: int | None = None) -> tuple[int, int]:
    """Create or update events by ``external_id`` in ONE transaction (files: CSV, YAML); return (created, updated).

    Inputs must already be validated. Registered people are told of date/place changes (queued notices).
    """
    now = ctx.clock.timestamp()
    created = updated = 0
    async with ctx.db.transaction() as conn:
        for data in items:
            existing = await store.id_by_external(conn, data.external_id) if data.external_id else None
            if existing is None:
                event_id = await store.insert(conn, data.columns(), source=source, created_by=actor, now=now)
                await store.set_links(conn, event_id, *_links(data))
                created += 1
                continue
            before = await get_event(ctx, existing, conn)
            if before.status in ("annule", "cloture"):
                continue
            change = await _apply(ctx, conn, before, data, actor=actor, now=now)
            updated += bool(change.changed)
        if created or updated:
            await audit_log.insert(conn, now, actor, "event_import", source, {"created": created, "updated": updated})
    await _notify(ctx)
    return created, updated
