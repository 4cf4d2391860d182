"""Questions of young people to advisors: writing, routing, taking, the thread both ways, closing, escalation.

Everything lives in the database (``questions``, ``question_messages``, ``question_drafts``) and is read
at each update, so several instances of the bot can serve the same people. The young person's
Telegram id and username never leave this module towards an advisor: advisors see a question number,
the first name only if the young person agreed, the region, the Mission Locale and the context.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from bot import deeplinks, roles
from bot.clock import PARIS
from bot.context import AppContext
from bot.errors import KeyedError
from bot.journey import profile
from bot.missions_locales.service import mission_locale_of
from bot.questions.hours import working_seconds
from bot.questions.safety import is_distress
from bot.roles import PermissionDenied, Role
from storage import drafts
from storage import questions as store

MAX_TEXT = 2000
#: Closed threads stay listed in /questions this long.
CLOSED_LISTED_DAYS = 30


class QuestionError(KeyedError):
    """``key``: blocked, staff, no_region, empty, too_long, unknown, closed, not_yours."""



@dataclass
class Audience:
    """Who reads a question: ``kind`` 'mission_locale' (its advisors), 'region' (the region's advisors)
    or 'coordination' (no advisor on the bot yet: the coordinators)."""

    kind: str
    name: str
    chat_ids: list[int]
    mission_locale: str | None = None


@dataclass
class Context:
    kind: str | None
    key: str | None
    label: str | None


@dataclass
class Thread:
    question: Any
    messages: list[Any]
    context: Context
    taker: Role | None
    region_name: str
    mission_locale_name: str | None


@dataclass
class Listing:
    open: list[Any] = field(default_factory=list)
    mine: list[Any] = field(default_factory=list)
    waiting: list[Any] = field(default_factory=list)
    closed: list[Any] = field(default_factory=list)


# --- who reads it ------------------------------------------------------------------------------
async def audience_for(ctx: AppContext, row: Any) -> Audience:
    """The advisors of the person's Mission Locale if it has any on the bot, else those of the region,
    else the region's coordinators (else the national ones)."""
    region = row["region"]
    ml, _ = mission_locale_of(ctx, row["postal_code"])
    staff = await roles.active_roles(ctx, region)
    advisors = [r for r in staff if r.kind == "advisor"]
    if ml is not None and ml.region == region:
        attached = [r.chat_id for r in advisors if r.mission_locale == ml.id]
        if attached:
            return Audience("mission_locale", ml.nom, attached, ml.id)
    region_name = ctx.catalogue.regions.name(region)
    if advisors:
        return Audience("region", region_name, [r.chat_id for r in advisors])
    return Audience("coordination", region_name, await coordinators(ctx, region))


async def coordinators(ctx: AppContext, region: str | None) -> list[int]:
    """The regional coordinators of ``region``, else the national ones."""
    everyone = await roles.active_roles(ctx)
    regional = [r.chat_id for r in everyone if r.kind == "regional" and r.region == region]
    return regional or [r.chat_id for r in everyone if r.kind == "national"]


def can_see(role: Role, question: Any) -> bool:
    """National: every question; regional: its region; advisor: its region, sent to the whole region or to
    its own Mission Locale."""
    if role.is_national:
        return True
    if role.region != question["region"]:
        return False
    return role.is_coordinator or question["mission_locale"] in (None, role.mission_locale)


async def context_of(ctx: AppContext, kind: str | None, key: str | None) -> Context:
    """The job or event a question was asked from, with its title (None when it no longer exists)."""
    label = None
    if kind == "job":
        job = ctx.catalogue.job(key or "")
        label = job.titre.feminin + " / " + job.titre.masculin if job and job.titre.feminin != job.titre.masculin else (job.titre.masculin if job else None)
    elif kind == "event" and deeplinks.id_number(key or "") is not None:
        from bot.events.service import get_event

        event = await get_event(ctx, deeplinks.id_number(key))
        label = event.title if event else None
    if label is None:
        return Context(None, None, None)
    return Context(kind, key, label)


# --- the young person writes ---------------------------------------------------------------------
def _block_key(ctx: AppContext, chat_id: int) -> str:
    """A block after an abusive thread outlives /oubli for its few days (or erasing would lift it): it is
    kept under a keyed hash of its own, not the statistics pseudonym that /oubli deletes."""
    return ctx.pseudonymizer.key_for("question_block", chat_id)


async def _check_can_ask(ctx: AppContext, row: Any) -> None:
    if await roles.current_role(ctx, row["chat_id"]) is not None:
        raise QuestionError("staff")
    until = await store.blocked_until(ctx.db, _block_key(ctx, row["chat_id"]), ctx.clock.timestamp())
    if until is not None:
        raise QuestionError("blocked", until=dt.datetime.fromtimestamp(until, PARIS))
    if not row["region"]:
        raise QuestionError("no_region")


async def start(ctx: AppContext, row: Any, kind: str | None = None, key: str | None = None) -> tuple[Audience, Context]:
    """« Écrire à un conseiller »: the next text message of the person is the question."""
    await _check_can_ask(ctx, row)
    context = await context_of(ctx, kind, key)
    await drafts.put(ctx.db, row["chat_id"], ctx.clock.timestamp(), step="write", context_kind=context.kind, context_key=context.key)
    return await audience_for(ctx, row), context


async def restart(ctx: AppContext, row: Any, draft: Any) -> tuple[Audience, Context]:
    """« Modifier »: write the question again, same context."""
    await drafts.update(ctx.db, row["chat_id"], ctx.clock.timestamp(), step="write")
    return await audience_for(ctx, row), await context_of(ctx, draft["context_kind"], draft["context_key"])


def check_text(text: str | None) -> str:
    text = (text or "").strip()
    if not text:
        raise QuestionError("empty")
    if len(text) > MAX_TEXT:
        raise QuestionError("too_long", limit=MAX_TEXT)
    return text


async def written(ctx: AppContext, row: Any, text: str) -> bool:
    """The question typed: kept for the preview. True when it shows distress (emergency numbers at once)."""
    text = check_text(text)
    await drafts.update(ctx.db, row["chat_id"], ctx.clock.timestamp(), step="preview", text=text)
    return is_distress(ctx, text)


async def toggle_name(ctx: AppContext, row: Any, draft: Any) -> None:
    await drafts.update(ctx.db, row["chat_id"], ctx.clock.timestamp(), share_name=0 if draft["share_name"] else 1)


async def preview(ctx: AppContext, row: Any) -> tuple[Any, Audience, Context] | None:
    """The draft ready to send, who will read it and its context; None if there is no draft to send."""
    draft = await drafts.get(ctx.db, row["chat_id"])
    if draft is None or draft["step"] != "preview" or not draft["text"]:
        return None
    return draft, await audience_for(ctx, row), await context_of(ctx, draft["context_kind"], draft["context_key"])


async def send(ctx: AppContext, row: Any) -> tuple[Any, Audience] | None:
    """Send the previewed question: a new thread (urgent when it shows distress). None if nothing to send."""
    ready = await preview(ctx, row)
    if ready is None:
        return None
    draft, audience, context = ready
    await _check_can_ask(ctx, row)
    urgent = is_distress(ctx, draft["text"])
    question_id = await store.create(
        ctx.db, chat_id=row["chat_id"], region=row["region"], mission_locale=audience.mission_locale,
        context_kind=context.kind, context_key=context.key, first_name=row["first_name"] if draft["share_name"] else None,
        urgent=urgent, text=draft["text"], now=ctx.clock.timestamp(),
    )
    await drafts.clear(ctx.db, row["chat_id"])
    await ctx.log.record(row["chat_id"], "question_sent", "urgent" if urgent else "", region=row["region"])
    return await store.get(ctx.db, question_id), audience


async def cancel(ctx: AppContext, chat_id: int) -> None:
    await drafts.clear(ctx.db, chat_id)


# --- the thread --------------------------------------------------------------------------------
async def question_for_young(ctx: AppContext, chat_id: int, question_id: int | None) -> Any:
    question = await store.get(ctx.db, question_id) if question_id is not None else None
    if question is None or question["chat_id"] != chat_id:
        raise QuestionError("unknown")
    return question


async def question_for_staff(ctx: AppContext, role: Role | None, question_id: int | None) -> tuple[Role, Any]:
    """The question if ``role`` is staff allowed to see it; raise PermissionDenied / QuestionError."""
    role = roles.require(role, kinds=roles.KINDS)
    question = await store.get(ctx.db, question_id) if question_id is not None else None
    if question is None:
        raise QuestionError("unknown")
    if not can_see(role, question):
        raise PermissionDenied("other_region", region=question["region"])
    return role, question


async def take(ctx: AppContext, role: Role | None, question_id: int | None) -> tuple[bool, Thread]:
    """« Je m'en occupe »: True if ``role`` got it (first to press), False if someone else had it."""
    role, question = await question_for_staff(ctx, role, question_id)
    if question["status"] == "closed":
        raise QuestionError("closed")
    got = await store.take(ctx.db, question["id"], role.id, ctx.clock.timestamp())
    if got:
        await drafts.put(ctx.db, role.chat_id, ctx.clock.timestamp(), step="answer", question_id=question["id"])
    return got, await thread(ctx, role, question["id"])


async def thread(ctx: AppContext, role: Role | None, question_id: int) -> Thread:
    """The thread as staff (or, with ``role`` None, as the young person: checked by the caller) sees it."""
    question = await store.get(ctx.db, question_id)
    if question is None:
        raise QuestionError("unknown")
    taker = await roles.get_role(ctx, question["taken_by"]) if question["taken_by"] else None
    if taker is None and question["taken_by"]:
        from storage import roles as role_store

        row = await role_store.get(ctx.db, question["taken_by"])  # revoked since: still named in the thread
        taker = Role.from_row(row) if row else None
    ml = ctx.catalogue.missions_locales.get(question["mission_locale"])
    return Thread(question, await store.messages(ctx.db, question_id), await context_of(ctx, question["context_kind"], question["context_key"]),
                  taker, ctx.catalogue.regions.name(question["region"]), ml.nom if ml else None)


async def will_answer(ctx: AppContext, role: Role | None, question_id: int | None) -> Thread:
    """« Répondre » (staff): the next text message is the answer; the question must be theirs."""
    role, question = await question_for_staff(ctx, role, question_id)
    _must_hold(role, question)
    await drafts.put(ctx.db, role.chat_id, ctx.clock.timestamp(), step="answer", question_id=question["id"])
    return await thread(ctx, role, question["id"])


def _must_hold(role: Role, question: Any) -> None:
    if question["status"] == "closed":
        raise QuestionError("closed")
    if question["taken_by"] != role.id:
        raise QuestionError("not_yours")


async def answer(ctx: AppContext, role: Role | None, question_id: int | None, text: str) -> Thread:
    """The advisor's answer: stored, the young person is waiting for it (sent by the handler)."""
    role, question = await question_for_staff(ctx, role, question_id)
    _must_hold(role, question)
    text = check_text(text)
    await store.add_message(ctx.db, question["id"], "advisor", role.id, text, ctx.clock.timestamp())
    await drafts.clear(ctx.db, role.chat_id)
    await ctx.log.record(question["chat_id"], "question_answered", region=question["region"])
    return await thread(ctx, role, question["id"])


async def will_reply(ctx: AppContext, chat_id: int, question_id: int | None) -> Any:
    """« Répondre » (young person): the next text message goes to the advisor."""
    question = await question_for_young(ctx, chat_id, question_id)
    if question["status"] == "closed":
        raise QuestionError("closed")
    await drafts.put(ctx.db, chat_id, ctx.clock.timestamp(), step="reply", question_id=question["id"])
    return question


async def reply(ctx: AppContext, chat_id: int, question_id: int | None, text: str) -> tuple[Thread, bool, Audience | None]:
    """The young person's reply, for the advisor who holds the thread. When that advisor lost their role,
    the question is open again and the third value is who to tell (as for a new question). The second
    value is True when the reply shows distress."""
    question = await question_for_young(ctx, chat_id, question_id)
    if question["status"] == "closed":
        raise QuestionError("closed")
    text = check_text(text)
    await store.add_message(ctx.db, question["id"], "young", None, text, ctx.clock.timestamp())
    await drafts.clear(ctx.db, chat_id)
    readers = None
    if question["taken_by"] is None or await roles.get_role(ctx, question["taken_by"]) is None:
        await store.reopen(ctx.db, question["id"])
        readers = await audience_for(ctx, await profile.get_person(ctx, chat_id))
    return await thread(ctx, None, question["id"]), is_distress(ctx, text), readers



async def close_by_young(ctx: AppContext, chat_id: int, question_id: int | None) -> Thread | None:
    """« C'est réglé »: None if it was already closed."""
    question = await question_for_young(ctx, chat_id, question_id)
    if not await store.close(ctx.db, question["id"], "young", ctx.clock.timestamp()):
        return None
    await drafts.clear(ctx.db, chat_id)
    await ctx.log.record(chat_id, "question_closed", "young", region=question["region"])
    return await thread(ctx, None, question["id"])


async def close_by_staff(ctx: AppContext, role: Role | None, question_id: int | None, abusive: bool = False) -> Thread | None:
    """« Clore » (or « Clore : abus », which also stops new questions from that person for ``block_days``)."""
    role, question = await question_for_staff(ctx, role, question_id)
    if question["taken_by"] not in (None, role.id) and not role.is_coordinator:
        raise QuestionError("not_yours")
    now = ctx.clock.timestamp()
    if not await store.close(ctx.db, question["id"], "abuse" if abusive else "advisor", now):
        return None
    if abusive:
        await store.block(ctx.db, _block_key(ctx, question["chat_id"]), now + ctx.settings.questions.block_days * 86400)
    await drafts.clear(ctx.db, role.chat_id)
    await ctx.log.record(question["chat_id"], "question_closed", "abuse" if abusive else "advisor", region=question["region"])
    return await thread(ctx, role, question["id"])


async def notices(ctx: AppContext, question_id: int) -> list[Any]:
    return await store.notices(ctx.db, question_id)


async def remember_notice(ctx: AppContext, question_id: int, chat_id: int, message_id: int) -> None:
    await store.add_notice(ctx.db, question_id, chat_id, message_id)


# --- /questions --------------------------------------------------------------------------------
async def listing(ctx: AppContext, role: Role | None) -> Listing:
    """The questions the role may see: open (nobody took them), taken by me (my turn), waiting for the young
    person, closed lately."""
    role = roles.require(role, kinds=roles.KINDS)
    since = ctx.clock.timestamp() - CLOSED_LISTED_DAYS * 86400
    rows = await store.in_scope(ctx.db, region=None if role.is_national else role.region,
                                mission_locales=None if role.is_coordinator else [m for m in [role.mission_locale] if m],
                                closed_since=since)
    out = Listing()
    for q in rows:
        if q["status"] == "closed":
            out.closed.append(q)
        elif q["status"] == "open":
            out.open.append(q)
        elif q["taken_by"] == role.id:
            (out.mine if q["waiting_for"] == "advisor" else out.waiting).append(q)
    out.open.sort(key=lambda q: (-q["urgent"], q["id"]))
    return out


# --- scheduled work ------------------------------------------------------------------------------
async def escalate_due(ctx: AppContext) -> list[tuple[Any, list[int]]]:
    """Questions still without an answer after ``escalate_after_hours`` working hours: marked escalated;
    returns each with the coordinators to tell (the handler tells them and the young person)."""
    now = ctx.clock.timestamp()
    limit = ctx.settings.questions.escalate_after_hours * 3600
    due = []
    for question in await store.unanswered(ctx.db):
        if working_seconds(question["created_at"], now, ctx.settings.questions) >= limit:
            await store.mark_escalated(ctx.db, question["id"], now)
            due.append((question, await coordinators(ctx, question["region"])))
    return due


async def purge(ctx: AppContext) -> int:
    """Delete the threads closed more than ``retention_months`` ago (the anonymous counts stay) and the
    blocks that have ended."""
    now = ctx.clock.timestamp()
    return await store.purge_closed(ctx.db, now - int(ctx.settings.questions.retention_months * 30.44 * 86400), now)


# --- data rights -------------------------------------------------------------------------------
async def export(ctx: AppContext, chat_id: int) -> list[dict[str, Any]]:
    """The person's threads for /mesdonnees (their messages and the advisors' answers)."""
    out = []
    for q in await store.of_person(ctx.db, chat_id):
        out.append({
            "numero": q["id"], "statut": q["status"], "posee_le": _when(q["created_at"]), "close_le": _when(q["closed_at"]),
            "prenom_montre": q["first_name"] is not None, "contexte": q["context_kind"] and f"{q['context_kind']}:{q['context_key']}",
            "messages": [{"de": "moi" if m["sender"] == "young" else "conseiller", "le": _when(m["at"]), "texte": m["text"]}
                         for m in await store.messages(ctx.db, q["id"])],
        })
    return out


def _when(seconds: int | None) -> str | None:
    return None if seconds is None else dt.datetime.fromtimestamp(seconds, PARIS).isoformat(timespec="minutes")
