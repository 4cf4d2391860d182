"""Announcements by advisors and coordinators: the draft of the /annonce conversation, its preview,
and publishing it (the event, then the broadcast). Every check of role and region is made here.

The draft is a plain dict (JSON, kept in the person's ``user_data`` by the persistence):
``kind`` ('event' | 'message'), ``region`` (target: a region code, or None = every region),
``type``, ``title``, ``starts_at`` / ``ends_at`` (Unix s; no end: ``DEFAULT_HOURS`` after the start), ``online`` / ``online_url`` / ``address`` / ``city`` /
``departement``, ``branches``, ``capacity``, ``deadline``, ``description``, ``companies``,
``organisers`` ([[network, name]]), ``text`` (plain message), ``started_at``, and the optional details of
bot/events/details.py (``accessible``, ``audience``...; absent or None: not said).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from bot.broadcast import service as broadcasting
from bot.catalogue import fold
from bot.catalogue.regions import Regions
from bot.clock import PARIS, from_ts
from bot.context import AppContext
from bot.events import service as events
from bot.events.details import DETAILS
from bot.events.model import Event, EventError, EventInput, validate_event
from bot.forms import FormError
from bot.messages import message, table
from bot.roles import ALL_REGIONS, KINDS, Role, guess_network, require

DESCRIPTION_MAX = 1000
MESSAGE_MAX = 1500
TITLE_MAX = 120
COMPANY_MAX = 80
COMPANIES_MAX = 10
DEFAULT_HOURS = 2
#: The end buttons offered after the start: "2h" (DEFAULT_HOURS), "demi" (half a day), "jour" (the day).
HALF_DAY_HOURS = 4
DAY_ENDS_AT = dt.time(17, 0)
DRAFT_HOURS = 24
#: A refused answer (its key names the message of ``announce/invalid.html``).
DraftError = FormError


def new_draft(ctx: AppContext, role: Role, kind: str) -> dict[str, Any]:
    organisers = [[role.network, role.organisation]] if role.network and role.organisation else []
    return {
        "kind": kind, "region": role.region, "region_set": role.kind != "national", "type": None, "title": None,
        "starts_at": None, "ends_at": None, "online": False, "online_url": None, "address": None, "city": None, "departement": None,
        "branches": [], "capacity": None, "deadline": None, "description": "", "companies": [],
        "organisers": organisers, "text": None, "started_at": ctx.clock.timestamp(), "role_id": role.id,
    }


def expired(ctx: AppContext, draft: dict[str, Any]) -> bool:
    return ctx.clock.timestamp() - int(draft.get("started_at") or 0) > DRAFT_HOURS * 3600


# --- answers ---------------------------------------------------------------------------------------
def set_region(ctx: AppContext, role: Role, draft: dict, text: str | None) -> None:
    """``text`` None: every region (national coordinators only)."""
    if text is None:
        require(role, region=ALL_REGIONS)
        draft["region"], draft["region_set"] = None, True
        return
    regions = ctx.catalogue.regions
    region = regions.by_code.get(text.strip())
    if region is None:
        found = regions.resolve(text)
        region = found[0] if found else None
    if region is None:
        raise DraftError("region", text=text)
    require(role, region=region.code)
    draft["region"], draft["region_set"] = region.code, True


def set_title(draft: dict, text: str) -> None:
    text = " ".join(text.split())
    if not 3 <= len(text) <= TITLE_MAX:
        raise DraftError("title", limit=TITLE_MAX)
    draft["title"] = text


def _when(ctx: AppContext, text: str, **options: Any) -> dt.datetime:
    """A date typed in French, in the future; a weekday that is not the date's is questioned."""
    from bot.frdate import WhenError, parse_when

    try:
        when = parse_when(text, ctx.clock.now(), **options)
    except WhenError as error:
        key = "invalid" if error.key == "no_time" and not options.get("need_time", True) else error.key
        if key == "weekday":
            raise DraftError("when_weekday", said=error.details["said"], day=error.details["day"]) from None
        raise DraftError("when_" + key) from None
    if when <= ctx.clock.now():
        raise DraftError("when_past", when=when)
    return when


def note(draft: dict, text: str) -> None:
    """Tell the person, with the next screen, what an answer changed elsewhere."""
    draft.setdefault("_notes", []).append(text)


def set_when(ctx: AppContext, draft: dict, text: str) -> None:
    """The start. A new start keeps the duration (the end moves with it, said so); a registration
    deadline that would fall after the new start is removed (said so)."""
    from bot.textfmt import datetime_fr

    when = _when(ctx, text)
    start = int(when.timestamp())
    if draft.get("starts_at") and draft.get("ends_at") and start != draft["starts_at"]:
        draft["ends_at"] = start + draft["ends_at"] - draft["starts_at"]
        note(draft, message("announce.note_end_moved", end=datetime_fr(draft["ends_at"])))
    draft["starts_at"] = start
    if draft.get("deadline") and draft["deadline"] > start:
        note(draft, message("announce.note_deadline_removed", deadline=datetime_fr(draft["deadline"])))
        draft["deadline"] = None


def end_options(draft: dict) -> list[tuple[str, dt.datetime]]:
    """The end buttons for the draft's start: [(preset, end)] for « 2 h », « une demi-journée », « la journée »."""
    start = from_ts(draft["starts_at"])
    day = dt.datetime.combine(start.date(), DAY_ENDS_AT, tzinfo=start.tzinfo)
    options = [("2h", start + dt.timedelta(hours=DEFAULT_HOURS)), ("demi", start + dt.timedelta(hours=HALF_DAY_HOURS))]
    if day - start > dt.timedelta(hours=HALF_DAY_HOURS):  # « la journée » only when it is longer than half a day
        options.append(("jour", day))
    return options


def set_end(draft: dict, text: str | None = None, preset: str | None = None) -> None:
    """The end: a preset of :func:`end_options`, or typed (« 17h », « 17:30 », « pendant 3h », « 13/03 12h »)."""
    from bot.frdate import WhenError, parse_end

    start = from_ts(draft["starts_at"])
    if preset is not None:
        ends = dict(end_options(draft))
        if preset not in ends:
            raise DraftError("stale")
        end = ends[preset]
    else:
        try:
            end = parse_end(text or "", start)
        except WhenError as error:
            raise DraftError("end_" + ("invalid" if error.key == "no_time" else error.key)) from None
    if end <= start:
        raise DraftError("end_before", start=start, end=end)
    draft["ends_at"] = int(end.timestamp())


def set_place(ctx: AppContext, draft: dict, text: str) -> bool:
    """An address (« 12 rue X, 59000 Lille ») or « en ligne »; True when a link is needed next."""
    text = " ".join(text.split())
    if fold(text) in ("en ligne", "enligne", "visio", "a distance", "online"):
        draft.update(online=True, address=None, city=None, departement=None, latitude=None, longitude=None)
        return True
    url = re.search(r"https?://\S+", text)
    if url and fold(text.replace(url.group(0), "")) in ("en ligne", ""):
        draft.update(online=True, online_url=url.group(0), address=None, city=None, departement=None, latitude=None, longitude=None)
        return False
    if not 2 <= len(text) <= 200 or not re.search(r"[^\W\d_]{2}", text) or _looks_like_a_time(text):
        raise DraftError("place")
    if "," in text:
        address, city = text.rsplit(",", 1)
    else:
        address, city = "", text
    city = re.sub(r"\b[0-9]{5}\b", "", city).strip() or city.strip()
    postal = re.search(r"\b([0-9]{5})\b", text)
    departement = ctx.catalogue.regions.departement_of_postal_code(postal.group(1)) if postal else _departement_of_city(city)
    if departement and draft.get("region"):
        found = ctx.catalogue.regions.departements.get(departement)
        if found and found[1].code != draft["region"]:
            raise DraftError("place_region", region=found[1].nom)
    draft.update(online=False, online_url=None, address=address.strip() or None, city=city[:80], departement=departement,
                 latitude=None, longitude=None)
    return False


def _looks_like_a_time(text: str) -> bool:
    """« 18h », « demain 14h30 », « 12/03 »: a moment typed where the place was asked."""
    from bot.frdate import WhenError, parse_when

    if "," in text or len(text.split()) > 4:  # an address (« place du 8 mai 1945, Lille »)
        return False
    try:
        parse_when(text, dt.datetime(2000, 1, 1, tzinfo=PARIS), need_time=False)
    except WhenError:
        return bool(re.fullmatch(r"\s*(à\s*)?[0-9]{1,2}\s*(h|:)\s*([0-9]{2})?\s*", text, re.I))
    return True


def _departement_of_city(city: str) -> str | None:
    """The département of a commune named alone (« Rennes »), from La Poste's list; None if unknown."""
    from bot.missions_locales.communes import communes

    postal = communes().postal_code_of(city) if city and not city[0].isdigit() else None
    return Regions.departement_of_postal_code(postal) if postal else None


def set_link(draft: dict, text: str) -> None:
    url = text.strip()
    if not re.match(r"^https?://[^\s/]+\.[^\s]+$", url) or len(url) > 300:
        raise DraftError("link")
    draft["online_url"] = url


def toggle_branch(ctx: AppContext, draft: dict, index: int) -> None:
    if not 0 <= index < len(ctx.catalogue.branches):
        raise DraftError("stale")
    branch = ctx.catalogue.branches[index].id
    branches = draft["branches"]
    draft["branches"] = [b for b in branches if b != branch] if branch in branches else branches + [branch]


def set_capacity(draft: dict, text: str | None, registered: int = 0) -> None:
    """``registered``: people already holding a seat (a published event); the capacity cannot go below."""
    if text is None:
        draft["capacity"] = None
        return
    digits = text.strip().replace(" ", "").replace("\u202f", "")
    if not re.fullmatch(r"[0-9]{1,6}", digits) or not 1 <= int(digits) <= 100000:
        raise DraftError("capacity")
    if int(digits) < registered:
        raise DraftError("capacity_below", capacity=int(digits), registered=registered)
    draft["capacity"] = int(digits)


def set_deadline(ctx: AppContext, draft: dict, text: str | None) -> None:
    """The registration deadline (a day alone: until 23:59); after the start: refused."""
    if text is None:
        draft["deadline"] = None
        return
    when = _when(ctx, text, need_time=False)
    if draft.get("starts_at") and int(when.timestamp()) > draft["starts_at"]:
        if when.date() != from_ts(draft["starts_at"]).date() or re.search(r"[0-9]\s*(h|:)", text):
            raise DraftError("deadline_after", deadline=when, start=from_ts(draft["starts_at"]))
        when = from_ts(draft["starts_at"])  # « the day of the action »: until it starts
    draft["deadline"] = int(when.timestamp())


def set_description(draft: dict, text: str | None, field: str = "description", limit: int = DESCRIPTION_MAX) -> None:
    text = (text or "").strip()
    if len(text) > limit:
        raise DraftError("too_long", limit=limit, length=len(text))
    if field == "text" and not text:
        raise DraftError("empty")
    draft[field] = text


def set_companies(draft: dict, text: str | None) -> None:
    names = [" ".join(n.split()) for n in re.split(r"[,;\n]", text or "") if n.strip()]
    if len(names) > COMPANIES_MAX or any(len(n) > COMPANY_MAX for n in names):
        raise DraftError("companies", limit=COMPANIES_MAX, length=COMPANY_MAX)
    draft["companies"] = list(dict.fromkeys(names))


def partner_name(ctx: AppContext, draft: dict, network: str) -> str:
    """« Opcommerce Hauts-de-France », « ARML Bretagne »: the partner network named for the draft's region."""
    region_name = ctx.catalogue.regions.name(draft.get("region")) if draft.get("region") else ""
    name = table("announce.partners")[network]
    return message("announce.partner_in_region", network=name, region=region_name) if region_name else name


def partner_options(ctx: AppContext, role: Role, draft: dict) -> list[tuple[str, str]]:
    """The partners one tap away: the other network of the partnership, named for the region."""
    mine = role.network
    networks = []
    if mine != "opcommerce":
        networks.append("opcommerce")
    if mine not in ("mission_locale", "arml"):
        networks.append("arml")
    return [(network, partner_name(ctx, draft, network)) for network in networks]


def toggle_partner(ctx: AppContext, role: Role, draft: dict, network: str) -> None:
    if network not in ("opcommerce", "arml"):
        raise DraftError("stale")
    name = partner_name(ctx, draft, network)
    current = [tuple(o) for o in draft["organisers"]]
    if any(n == network for n, _ in current):
        draft["organisers"] = [list(o) for o in current if o[0] != network]
    else:
        draft["organisers"] = [list(o) for o in current] + [[network, name]]


def add_organiser(draft: dict, text: str) -> None:
    name = " ".join(text.split())
    if not 2 <= len(name) <= 120:
        raise DraftError("organiser")
    network = guess_network(name) or "mission_locale"
    if [network, name] not in draft["organisers"]:
        draft["organisers"].append([network, name])


# --- the event as it will be ---------------------------------------------------------------------
def event_input(ctx: AppContext, draft: dict, *, check_past: bool = True) -> EventInput:
    start = from_ts(draft["starts_at"])
    online = bool(draft.get("online"))
    scope = "online" if online else ("regional" if draft.get("region") else "national")
    data = {
        "type": draft["type"], "title": draft["title"], "description": draft.get("description") or "",
        "starts_at": start, "ends_at": from_ts(draft["ends_at"]) if draft.get("ends_at") else start + dt.timedelta(hours=DEFAULT_HOURS),
        "address": draft.get("address"), "city": draft.get("city"), "departement": draft.get("departement"),
        "latitude": draft.get("latitude"), "longitude": draft.get("longitude"), "region": draft.get("region"), "online_url": draft.get("online_url") if online else None, "scope": scope,
        "branches": list(draft.get("branches") or []), "capacity": draft.get("capacity"), **{d.name: draft.get(d.name) for d in DETAILS},
        "registration_deadline": from_ts(draft["deadline"]) if draft.get("deadline") else None,
        "organisers": [tuple(o) for o in draft.get("organisers") or []], "companies": list(draft.get("companies") or []),
    }
    return validate_event(data, ctx.catalogue, ctx.clock.now() if check_past else None)


def preview_event(ctx: AppContext, draft: dict) -> Event:
    """The unsaved event, for the card template (exactly what the young people will receive)."""
    data = event_input(ctx, draft, check_past=False)
    now = ctx.clock.timestamp()
    columns = data.columns()
    # in the order storage/events.py loads them back (the young people get the stored event)
    organisers = sorted(sorted({(o.network, o.name) for o in data.organisers}, key=lambda o: o[1]), key=lambda o: o[0], reverse=True)
    return Event(
        id=0, status="a_venir", created_by=draft.get("role_id"), source="annonce", created_at=now, updated_at=now,
        branches=sorted(set(data.branches)), organisers=organisers, companies=sorted(set(data.companies)), **{k: v for k, v in columns.items() if k in Event.__dataclass_fields__ and k != "is_example"},
        is_example=False,
    )


def message_text(ctx: AppContext, role: Role, draft: dict) -> str:
    return ctx.renderer.render("announce/message", text=draft["text"], role=role).text


def joint(draft: dict) -> bool:
    networks = {o[0] for o in draft.get("organisers") or []}
    return bool(networks & {"mission_locale", "arml"}) and "opcommerce" in networks


def ready(draft: dict) -> list[str]:
    """The fields still missing, in conversation order."""
    if draft["kind"] == "message":
        needed = ["region", "text"]
    else:
        needed = ["region", "type", "title", "starts_at", "place"]
    missing = []
    for name in needed:
        if name == "region" and not draft.get("region_set"):
            missing.append(name)
        elif name == "place":
            if not (draft.get("online_url") if draft.get("online") else draft.get("city")):
                missing.append(name)
        elif name not in ("region",) and not draft.get(name):
            missing.append(name)
    return missing


async def recipients(ctx: AppContext, draft: dict) -> int:
    return await broadcasting.recipients(ctx, draft.get("region"), list(draft.get("branches") or []))


def with_way_out(ctx: AppContext, text: str, markup: dict | None, region: str | None, branches: list[str]) -> tuple[str, dict]:
    """The announcement as received: why the person gets it, and « 🔕 Ne plus recevoir » (one tap, undone from /alertes)."""
    why = ctx.renderer.render("announce/why", region_name=ctx.catalogue.regions.name(region),
                              branches=[b for b in (ctx.catalogue.branch(i) for i in branches) if b])
    rows = [list(row) for row in (markup or {}).get("inline_keyboard", [])] + list(why.markup["inline_keyboard"])
    return f"{text}\n\n{why.text}", {"inline_keyboard": rows}


async def publish(ctx: AppContext, role: Role, draft: dict, progress_chat_id: int | None) -> tuple[int | None, broadcasting.Published]:
    """Store the event (for an event announcement) and the broadcast; checks role and region first."""
    region = draft.get("region")
    require(role, kinds=KINDS, region=region if region is not None else ALL_REGIONS)
    missing = ready(draft)
    if missing:
        raise DraftError("incomplete", step="place" if missing[0] == "starts_at" else missing[0])
    branches = list(draft.get("branches") or [])
    if draft["kind"] == "message":
        text, markup = with_way_out(ctx, message_text(ctx, role, draft), None, region, branches)
        published = await broadcasting.publish(
            ctx, role, kind="message", text=text, markup=markup, title=draft["text"][:60], region=region,
            branches=branches, joint=False, progress_chat_id=progress_chat_id,
        )
        return None, published
    try:
        data = event_input(ctx, draft)
    except EventError as error:
        raise DraftError("event", messages=error.messages, step="when") from None
    event_id = await events.create_event(ctx, data, created_by=role.id, source="annonce")
    event = await events.get_event(ctx, event_id)
    screen = ctx.renderer.render("events/card", event=event, now=ctx.clock.timestamp())
    text, markup = with_way_out(ctx, screen.text, screen.markup, region, branches)
    published = await broadcasting.publish(
        ctx, role, kind="event", text=text, markup=markup,
        title=event.title, region=region, branches=branches, joint=event.joint, event_id=event_id,
        progress_chat_id=progress_chat_id,
    )
    return event_id, published
