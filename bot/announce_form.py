"""/annonce declared as a form (bot/forms.py): the steps of an event and of a plain message, each with
the parser of bot/announce.py, the preview (the card exactly as the young people will get it) and
publishing. The questions are in ``announce/ask.html``, the « Modifier » menu in ``announce/edit.html``."""

from __future__ import annotations

import re
from typing import Any

from bot import announce
from bot.broadcast import service as broadcasting
from bot.catalogue import fold
from bot.context import AppContext
from bot.events import details
from bot.events.details import Detail
from bot.events.model import event_types
from bot.forms import SAME, Answer, Finished, Form, FormError, Step
from bot.roles import Role

LIMITS = {"title": announce.TITLE_MAX, "description": announce.DESCRIPTION_MAX, "message": announce.MESSAGE_MAX,
          "companies": announce.COMPANIES_MAX}
#: Typed answers (folded) meaning « every region » for the region question.
EVERY_REGION_WORDS = frozenset({"toutes", "toutes les regions", "national"})


def _kind(a: Answer) -> str | None:
    if a.action != "k" or a.arg not in ("event", "msg"):
        raise FormError("buttons")
    a.data.clear()
    a.data.update(announce.new_draft(a.ctx, a.role, "event" if a.arg == "event" else "message"))
    return None


def _region_typed(a: Answer) -> None:
    announce.set_region(a.ctx, a.role, a.data, None if fold(a.text or "") in EVERY_REGION_WORDS else a.text)


def _region_pressed(a: Answer) -> None:
    if a.action != "reg":
        raise FormError("buttons")
    announce.set_region(a.ctx, a.role, a.data, a.arg)  # no code: every region


def _type(a: Answer) -> None:
    if a.action != "t" or a.arg not in event_types():
        raise FormError("buttons")
    a.data["type"] = a.arg


def _end_pressed(a: Answer) -> None:
    if a.action != "end" or not a.data.get("starts_at"):
        raise FormError("buttons")
    announce.set_end(a.data, preset=a.arg or "")


def _place(a: Answer) -> str | None:
    return "link" if announce.set_place(a.ctx, a.data, a.text or "") else None


def _branches(a: Answer) -> str | None:
    """``b:<index>`` toggles a branch (stay), ``b:all`` every job, ``b:ok`` done."""
    if a.action != "b":
        raise FormError("buttons")
    if a.arg == "all":
        a.data["branches"] = []
    elif a.arg != "ok":
        if a.arg is None or not re.fullmatch(r"-?[0-9]{1,12}", a.arg):
            raise FormError("buttons")
        announce.toggle_branch(a.ctx, a.data, int(a.arg))
        return SAME
    return None


def _organiser_typed(a: Answer) -> str:
    announce.add_organiser(a.data, a.text or "")
    return SAME  # one organiser per message, until « Valider »


def _organiser_pressed(a: Answer) -> str | None:
    if a.action == "org":
        announce.toggle_partner(a.ctx, a.role, a.data, a.arg or "")
        return SAME
    if a.action != "ook":
        raise FormError("buttons")
    return None


def _detail(detail: Detail) -> Step:
    """The step of an optional detail (bot/events/details.py): a yes/no (``d:1`` / ``d:0``) or a short
    text; « none » (« Je ne sais pas », « Ne pas préciser ») forgets it. Only asked from « Modifier »."""

    def typed(a: Answer) -> None:
        text = " ".join((a.text or "").split()) if a.text is not None else None
        if text is not None and detail.kind != "text":
            raise FormError("buttons")
        if text is not None and not detail.fits(text):
            raise FormError("detail_length", min=details.TEXT_MIN, max=detail.max_length, length=len(text))
        a.data[detail.name] = text

    def pressed(a: Answer) -> None:
        if detail.kind != "yes_no" or a.action != "d" or a.arg not in ("1", "0"):
            raise FormError("buttons")
        a.data[detail.name] = a.arg == "1"

    return Step(detail.name, read=typed, press=pressed, optional=True, asked=_never)


def _never(data: dict[str, Any]) -> bool:
    return False


def _online_without_link(data: dict[str, Any]) -> bool:
    return bool(data.get("online") and not data.get("online_url"))


KIND = Step("kind", press=_kind)
REGION = Step("region", read=_region_typed, press=_region_pressed, asked=lambda d: not d.get("region_set"))
BRANCHES = Step("branches", press=_branches)
EVENT_STEPS = (
    KIND, REGION,
    Step("type", press=_type),
    Step("title", read=lambda a: announce.set_title(a.data, a.text or "")),
    Step("when", read=lambda a: announce.set_when(a.ctx, a.data, a.text or "")),
    Step("end", read=lambda a: announce.set_end(a.data, a.text), press=_end_pressed),
    Step("place", read=_place),
    Step("link", read=lambda a: announce.set_link(a.data, a.text or ""), asked=_online_without_link),
    BRANCHES,
    # « registered »: the seats already taken, when editing a published action (bot/edit_form.py)
    Step("capacity", read=lambda a: announce.set_capacity(a.data, a.text, registered=a.data.get("registered", 0)), optional=True),
    Step("deadline", read=lambda a: announce.set_deadline(a.ctx, a.data, a.text), optional=True),
    Step("description", read=lambda a: announce.set_description(a.data, a.text), optional=True),
    Step("companies", read=lambda a: announce.set_companies(a.data, a.text), optional=True),
    Step("organisers", read=_organiser_typed, press=_organiser_pressed),
    # the optional details, set from « Modifier » (not asked on the way): one Step each
    *(_detail(detail) for detail in details.DETAILS),
)
MESSAGE_STEPS = (
    KIND, REGION,
    Step("text", read=lambda a: announce.set_description(a.data, a.text, field="text", limit=announce.MESSAGE_MAX)),
    BRANCHES,
)


def steps(data: dict[str, Any]) -> tuple[Step, ...]:
    kind = data.get("kind")
    return EVENT_STEPS if kind == "event" else MESSAGE_STEPS if kind == "message" else (KIND,)


def editable(role: Role | None, data: dict[str, Any]) -> set[str]:
    """The steps of the « Modifier » menu."""
    names = {s.name for s in steps(data)} - {"kind", "region", "link"}
    return names | ({"region"} if role is not None and role.is_national else set())


async def start(ctx: AppContext, role: Role, args: list[str]) -> tuple[dict[str, Any], str]:
    return {"kind": None}, "kind"


def values(ctx: AppContext, role: Role, data: dict[str, Any], step: str) -> dict[str, Any]:
    return {
        "types": event_types(), "limits": LIMITS, "event_details": details.BY_NAME,
        "partners": announce.partner_options(ctx, role, data) if data.get("kind") else [],
        "ends": announce.end_options(data) if step == "end" and data.get("starts_at") else [],
    }


async def preview(ctx: AppContext, role: Role, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """Who receives it, then the card exactly as the young people will see it."""
    if data["kind"] == "message":
        card = announce.message_text(ctx, role, data)
    else:
        try:
            event = announce.preview_event(ctx, data)
        except Exception as error:  # noqa: BLE001 - an invalid draft goes back to the questions
            raise FormError("event", messages=getattr(error, "messages", [str(error)]), step="when") from None
        card = ctx.renderer.render("events/card", event=event, now=ctx.clock.timestamp()).text
    card, _ = announce.with_way_out(ctx, card, None, data.get("region"), list(data.get("branches") or []))  # as received
    head = {"kind": data["kind"], "region": data.get("region"), "recipients": await announce.recipients(ctx, data),
            "branches": data.get("branches")}
    return [("announce/preview_head", head), ("announce/preview", {"card": card})]


async def publish(ctx: AppContext, role: Role, data: dict[str, Any], chat_id: int, bot: Any) -> Finished:
    """Publish (the event, then the broadcast), show the progress message and start the sender."""
    event_id, published = await announce.publish(ctx, role, data, chat_id)

    async def started(sent: list[Any]) -> None:
        progress = sent[-1]  # the id of the progress message
        if progress is not None:
            await broadcasting.set_progress_message(ctx, published.broadcast_id, chat_id, progress)
        if ctx.broadcaster is not None:
            ctx.broadcaster.start(published.broadcast_id)

    return Finished([
        ("announce/published", {"event_id": event_id, "total": published.total, "region": data.get("region")}),
        ("announce/progress", {"done": 0, "total": published.total, "title": None}),
    ], after=started)


FORM = Form(
    name="annonce", kind="ann", template="announce/ask", steps=steps, start=start, finish=publish,
    ended_template="announce/ended", menu_template="announce/edit", preview=preview, values=values,
    commands=("annonce",), editable=editable, expires_hours=announce.DRAFT_HOURS,
)
