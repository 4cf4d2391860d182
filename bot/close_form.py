"""Closing an action with its results (« Clôturer » in /mesannonces), declared as a form (bot/forms.py):
one step per figure, the companies present, a recap with « Corriger », then « Confirmer ».
The five figures may also be typed at once on the first question (« 12 3 2 1 4 »)."""

from __future__ import annotations

import re
from typing import Any

from bot import followup
from bot.context import AppContext
from bot.events.model import EventError
from bot.forms import Answer, Finished, Form, FormError, Step
from bot.roles import Role

#: The figures asked, in order (columns of the events table).
FIGURES = ("attendance", "integrated_apprenticeship", "integrated_cej", "integrated_job", "integrated_training")
MAX_FIGURE = 100000


def _number(text: str | None) -> int:
    digits = (text or "").strip().replace(" ", "").replace("\u202f", "")
    if not re.fullmatch(r"[0-9]{1,6}", digits) or int(digits) > MAX_FIGURE:
        raise FormError("figure")
    return int(digits)


def _check_total(data: dict[str, Any]) -> None:
    """The young people who entered a path cannot outnumber those present."""
    attendance = data.get("attendance")
    entered = sum(data.get(f) or 0 for f in FIGURES[1:])
    if attendance is not None and entered > attendance:
        raise FormError("entered_over_attendance", entered=entered, attendance=attendance)


def _attendance(a: Answer) -> str | None:
    numbers = re.findall(r"[0-9]{1,6}", a.text or "")
    if len(numbers) > 1:  # the five figures at once, as before
        results = followup.parse_results(a.text or "", [])
        if results is None:
            raise FormError("results")
        a.data.update({f: results[f] for f in FIGURES})
        return "companies"
    previous = {f: a.data.get(f) for f in FIGURES}
    a.data["attendance"] = _number(a.text)
    if a.data["attendance"] == 0:  # nobody came: nobody entered a path, the questions about them are skipped
        a.data.update({f: 0 for f in FIGURES[1:]})
    try:
        _check_total(a.data)
    except FormError:
        a.data.update(previous)
        raise
    return None


def _figure(name: str):
    def read(a: Answer) -> None:
        previous = a.data.get(name)
        a.data[name] = _number(a.text)
        try:
            _check_total(a.data)
        except FormError:
            a.data[name] = previous
            raise

    return read


def _someone_present(data: dict[str, Any]) -> bool:
    return data.get("attendance") != 0


def _companies_typed(a: Answer) -> None:
    a.data["companies_present"] = followup.parse_companies_present(a.text) if a.text is not None else []


def _companies_pressed(a: Answer) -> None:
    if a.action != "all":
        raise FormError("buttons")
    a.data["companies_present"] = list(a.data.get("planned") or [])


STEPS = (
    Step("attendance", read=_attendance),
    *(Step(name, read=_figure(name), asked=_someone_present) for name in FIGURES[1:]),
    Step("companies", read=_companies_typed, press=_companies_pressed, optional=True),
)


def steps(data: dict[str, Any]) -> tuple[Step, ...]:
    return STEPS


def editable(role: Role | None, data: dict[str, Any]) -> set[str]:
    return {s.name for s in STEPS}


async def start(ctx: AppContext, role: Role, args: list[str]) -> tuple[dict[str, Any], str]:
    """``mycl:<event id>``: the action must be the role's and have started."""
    event_id = int(args[1]) if len(args) > 1 and re.fullmatch(r"[0-9]{1,12}", args[1]) else None
    event = await followup.owned_event(ctx, role, event_id)
    if event.starts_at > ctx.clock.timestamp():
        raise FormError("not_started", title=event.title)
    return {"event": event.id, "title": event.title, "planned": list(event.companies), "registered": event.registered,
            **{f: None for f in FIGURES}, "companies_present": None}, "attendance"


async def recap(ctx: AppContext, role: Role, data: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [("followup/close_recap", {"data": data})]


async def finish(ctx: AppContext, role: Role, data: dict[str, Any], chat_id: int, bot: Any) -> Finished:
    """Save the results (the action becomes « clôturée »)."""
    if any(data.get(f) is None for f in FIGURES):
        raise FormError("incomplete", step=next(f for f in FIGURES if data.get(f) is None))
    _check_total(data)
    results = {f: data[f] for f in FIGURES} | {"companies_present": list(data.get("companies_present") or [])}
    try:
        await followup.close(ctx, role, data["event"], results)
    except EventError as error:
        raise FormError("event", messages=error.messages, step="attendance") from None
    return Finished([("followup/done", {"what": "closed", "told": None})])


FORM = Form(
    name="cloture", kind="clo", template="followup/close_ask", steps=steps, start=start, finish=finish,
    ended_template="followup/close_ended", menu_template="followup/close_menu", preview=recap,
    buttons=("mycl",), editable=editable, expires_hours=24,
)
