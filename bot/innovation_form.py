"""/innovation as a guided form (bot/forms.py): without text, the question; the typed one-line form
(« /innovation Atelier CV en magasin… ») is saved at once, as before (indicator 4 of the partnership)."""

from __future__ import annotations

from typing import Any

from bot.context import AppContext
from bot.forms import Answer, Finished, Form, FormError, Step
from bot.roles import Role
from bot.stats import service


def _text(a: Answer) -> None:
    text = " ".join((a.text or "").split())
    if not service.INNOVATION_MIN <= len(text) <= service.INNOVATION_MAX:
        raise FormError("length", length=len(text), min=service.INNOVATION_MIN, max=service.INNOVATION_MAX)
    a.data["text"] = text


STEPS = (Step("text", read=_text),)


async def start(ctx: AppContext, role: Role, args: list[str]) -> tuple[dict[str, Any], str | None]:
    """The words after the command: saved at once when they fit, otherwise the question (with why)."""
    data: dict[str, Any] = {"text": None}
    if not args:
        return data, "text"
    try:
        _text(Answer(ctx, role, data, text=" ".join(args)))
    except FormError as error:
        data["_error"] = {"key": error.key, **error.details}
        return data, "text"
    return data, None


async def finish(ctx: AppContext, role: Role, data: dict[str, Any], chat_id: int, bot: Any) -> Finished:
    try:
        innovation_id, region = await service.add_innovation(ctx, role, data["text"] or "")
    except service.InnovationError as error:
        raise FormError("length", length=len(data["text"] or ""), min=error.min, max=error.max, step="text") from None
    return Finished([("stats/innovation_saved", {"id": innovation_id, "region": region, "text": data["text"]})])


FORM = Form(
    name="innovation", kind="inno", template="stats/innovation_ask", steps=lambda data: STEPS, start=start,
    finish=finish, ended_template="stats/innovation_ended", commands=("innovation",), expires_hours=24,
)
