"""The person's Mission Locale (from their postal code), the postal code question, the regional referents."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bot.catalogue.models import Contact, MissionLocale
from bot.context import AppContext
from bot.journey import profile
from bot.missions_locales.communes import communes
from storage import drafts

#: A draft older than this is forgotten (the person moved on).
DRAFT_SECONDS = 3600


@dataclass
class MyMissionLocale:
    postal_code: str | None
    mission_locale: MissionLocale | None
    covered: bool  # the directory's coverage says so (False: the nearest one known)
    referents: list[Contact]


def referents(ctx: AppContext, region: str | None) -> list[Contact]:
    """The regional referents of both networks (``content/contacts.yaml``)."""
    entry = next((e for e in ctx.catalogue.contacts.regions if e.region == region), None)
    return list(entry.contacts) if entry else []


def mission_locale_of(ctx: AppContext, postal_code: str | None) -> tuple[MissionLocale | None, bool]:
    return ctx.catalogue.missions_locales.for_postal_code(postal_code)


async def mine(ctx: AppContext, row: Any) -> MyMissionLocale:
    """What the contact screen shows to the person of ``row``."""
    postal = row["postal_code"] if row is not None else None
    ml, covered = mission_locale_of(ctx, postal)
    return MyMissionLocale(postal, ml, covered, referents(ctx, row["region"] if row is not None else None))


async def ask_postal_code(ctx: AppContext, chat_id: int, then: tuple[str, str] | None = None) -> None:
    """The next text message of the chat is a postal code or a commune (``then``: what to show once it is
    given, e.g. ``("job", <id>)`` the job card it was asked from; None: the contact screen)."""
    kind, key = then or (None, None)
    await drafts.put(ctx.db, chat_id, ctx.clock.timestamp(), step="postal", context_kind=kind, context_key=key)


async def current_step(ctx: AppContext, chat_id: int) -> Any:
    """The chat's draft if it is recent enough, else None (and an old one is dropped).

    A chat this process saw without a draft less than the person cache's delay ago is not read again
    (none with PostgreSQL, where several instances share the database):
    reading at every update cost a fifth of an answer. This stays exact because a bot's updates go
    to one process at a time (long polling: Telegram refuses a second reader) and a draft is only
    written in answer to the chat's own update, through storage/drafts.py, which keeps the mark
    right; the time limit covers a hand-over between two instances."""
    if drafts.known_empty(ctx.db, chat_id, ctx.people.ttl):
        return None
    draft = await drafts.get(ctx.db, chat_id)
    if draft is not None and draft["updated_at"] < ctx.clock.timestamp() - DRAFT_SECONDS and draft["step"] in ("postal", "write"):
        await drafts.clear(ctx.db, chat_id)
        return None
    return draft


async def forget_step(ctx: AppContext, chat_id: int) -> None:
    await drafts.clear(ctx.db, chat_id)


async def abandon_step(ctx: AppContext, chat_id: int) -> None:
    """A command or another feature's button: forget what the chat was writing, if anything."""
    if await current_step(ctx, chat_id) is not None:
        await forget_step(ctx, chat_id)


async def set_postal_code(ctx: AppContext, chat_id: int, text: str) -> str | None:
    """Understand a postal code or a commune; save it (and the region it is in). None if not understood."""
    postal = communes().postal_code_of(text)
    found = ctx.catalogue.regions.resolve(postal) if postal else None
    if postal is None or found is None:
        return None
    region, departement = found
    await profile.set_region(ctx, chat_id, region.code, departement, postal)
    await drafts.clear(ctx.db, chat_id)
    return postal
