"""/invite as a guided form (bot/forms.py): who (advisor, regional or national coordinator), the region
(national coordinators only), the structure (a Mission Locale of the directory, or a name typed). The
typed one-line form (« /invite conseiller 32 Mission Locale de Lille ») still creates the link at once."""

from __future__ import annotations

from typing import Any

from bot import invitations
from bot.catalogue import fold
from bot.context import AppContext
from bot.forms import Answer, Finished, Form, FormError, Step
from bot.roles import COORDINATORS, Role

KINDS_PRESSED = ("advisor", "regional", "national")


def _set_kind(a: Answer, kind: str | None) -> None:
    if kind not in KINDS_PRESSED or (kind != "advisor" and not a.data.get("national")):
        raise FormError("kind")
    a.data["kind"] = kind


def _kind_typed(a: Answer) -> None:
    word = fold(a.text or "")
    _set_kind(a, "national" if word == "national" else invitations.WHAT.get(word))


def _kind_pressed(a: Answer) -> None:
    if a.action != "k":
        raise FormError("buttons")
    _set_kind(a, a.arg)


def _region(a: Answer, text: str | None) -> None:
    regions = a.ctx.catalogue.regions
    region = regions.by_code.get((text or "").strip())
    if region is None:
        found = regions.resolve(text or "")
        region = found[0] if found else None
    if region is None:
        raise FormError("region", text=text)
    a.data["region"] = region.code


def _region_pressed(a: Answer) -> None:
    if a.action != "reg":
        raise FormError("buttons")
    _region(a, a.arg)


def _organisation_typed(a: Answer) -> None:
    name = " ".join((a.text or "").split())
    if not 2 <= len(name) <= invitations.MAX_ORGANISATION:
        raise FormError("organisation", limit=invitations.MAX_ORGANISATION)
    a.data.update(organisation=name, mission_locale=None)


def _organisation_pressed(a: Answer) -> None:
    found = a.ctx.catalogue.missions_locales.get(a.arg) if a.action == "ml" else None
    if found is None or found.region != a.data.get("region"):
        raise FormError("buttons")
    a.data.update(organisation=None, mission_locale=found.id)


STEPS = (
    Step("kind", read=_kind_typed, press=_kind_pressed),
    Step("region", read=lambda a: _region(a, a.text), press=_region_pressed,
         asked=lambda d: d.get("national") and d.get("kind") != "national"),
    Step("organisation", read=_organisation_typed, press=_organisation_pressed, asked=lambda d: d.get("kind") == "advisor"),
)


async def start(ctx: AppContext, role: Role, args: list[str]) -> tuple[dict[str, Any], str | None]:
    """Without words, the first question; the typed one-line form goes as far as its words go."""
    data: dict[str, Any] = {"kind": None, "region": None if role.is_national else role.region, "organisation": None,
                            "mission_locale": None, "national": role.is_national}
    if not args:
        return data, "kind"
    try:
        kind, region, organisation = invitations.parse_invite_args(ctx, args)
    except invitations.InvitationError as error:
        data["_error"] = {"key": "region" if error.key == "region" else "usage", "text": error.details.get("text")}
        return data, "kind"
    data.update(kind=kind, region=region, organisation=organisation)
    return data, "organisation" if kind == "advisor" and organisation is None else None


def values(ctx: AppContext, role: Role, data: dict[str, Any], step: str) -> dict[str, Any]:
    return {"missions_locales": ctx.catalogue.missions_locales.in_region(data.get("region")) if step == "organisation" else []}


async def finish(ctx: AppContext, role: Role, data: dict[str, Any], chat_id: int, bot: Any) -> Finished:
    """The one-time link (the rights are checked by :func:`bot.invitations.create`)."""
    organisation = data.get("mission_locale") or data.get("organisation")
    invitation = await invitations.create(ctx, role, data["kind"], data.get("region"), organisation if data["kind"] == "advisor" else None)
    return Finished([("team/invite_created", {"invitation": invitation})])


FORM = Form(
    name="invite", kind="invt", template="team/invite_ask", steps=lambda data: STEPS, start=start, finish=finish,
    values=values, ended_template="team/invite_ended", commands=("invite",), kinds=COORDINATORS, expires_hours=24,
)
