"""The regional action: what an advisor, a file or a spreadsheet gives (:class:`EventInput`, validated,
messages in French) and what the bot stores and shows (:class:`Event`).

Validation against the content (regions, branches) and "not in the past" needs a validation
context: ``EventInput.model_validate(data, context={"catalogue": catalogue, "now": now})``, or
:func:`validate_event` which turns pydantic's errors into a list of messages (:class:`EventError`).
The French texts live in ``bot/templates/messages/events.yaml`` (:mod:`bot.messages`).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, make_dataclass
from functools import lru_cache
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, create_model, field_validator, model_validator

from bot.clock import PARIS, from_ts
from bot.events.details import BY_NAME, DETAILS
from bot.messages import Msg, table
from bot.render import TEMPLATES
from bot.yamlread import read_yaml

Network = Literal["mission_locale", "arml", "opcommerce"]
Scope = Literal["regional", "national", "online"]
NETWORKS: tuple[str, ...] = ("mission_locale", "arml", "opcommerce")
MISSIONS_LOCALES_SIDE = {"mission_locale", "arml"}
STATUSES = ("a_venir", "annule", "a_cloturer", "cloture")
#: The ``events`` columns an input sets (:meth:`EventInput.columns`), the optional details last.
COLUMNS = (
    "external_id", "type", "title", "description", "starts_at", "ends_at", "address", "city", "departement", "region",
    "latitude", "longitude", "online_url", "scope", "capacity", "registration_deadline", "is_example",
) + tuple(d.name for d in DETAILS)
_TIMES = ("starts_at", "ends_at", "registration_deadline")


class EventError(Exception):
    """Bad event data or a forbidden operation: ``EventError(<key>, **values)`` or a list of
    :class:`Msg`; ``problems`` keeps the keys, ``messages`` gives the French sentences for the person."""

    def __init__(self, problems: list[Msg] | Msg | str, /, code: str = "invalid", **values: Any) -> None:
        if isinstance(problems, str):
            problems = Msg(problems, **values)
        self.problems = [problems] if isinstance(problems, Msg) else list(problems)
        self.code = code
        super().__init__("; ".join(self.messages))

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


@lru_cache(maxsize=1)
def event_types() -> dict[str, dict[str, str]]:
    """The fixed list of event types: ``{id: {"label": ..., "emoji": ...}}`` (templates/events/types.yaml)."""
    return read_yaml((TEMPLATES / "events" / "types.yaml").read_text(encoding="utf-8"))


_FR_DATE = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:\s+(?:à\s+)?(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)?)?\s*$"
)


def parse_when(value: Any) -> dt.datetime | None:
    """A date-time from a datetime, ISO text or French text (« 03/02/2027 14:00 », « 03/02/2027 14h »).

    Naive values are Paris time. Returns None for empty values; raises ValueError (a :class:`Msg`) otherwise.
    """
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    if isinstance(value, dt.date):
        return dt.datetime(value.year, value.month, value.day, tzinfo=PARIS)
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return from_ts(value)
    text = str(value).strip()
    match = _FR_DATE.match(text)
    try:
        if match:
            day, month, year, hour, minute = match.groups()
            return dt.datetime(int(year), int(month), int(day), int(hour or 0), int(minute or 0), tzinfo=PARIS)
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(Msg("events.date_unreadable", text=text)) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=PARIS)


class Organiser(BaseModel):
    """One organiser: its network (mission_locale, arml, opcommerce) and its name."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    network: Network
    name: str = Field(min_length=2, max_length=120)


class _EventInput(BaseModel):
    """An event as given by an advisor (the /annonce conversation), a YAML file or a CSV row.

    - ``type``: an id of :func:`event_types` (``journee_decouverte``, ``atelier``, ``rencontre``...).
    - ``starts_at`` / ``ends_at``: aware datetimes (naive ones are read as Paris time; French text accepted).
    - place: ``address``/``city``/``departement``/``region`` (INSEE codes; the region is deduced from the
      département), optional ``latitude``/``longitude``; or ``online_url`` for an online event.
    - ``scope``: ``regional`` (needs a region), ``national`` or ``online`` (needs ``online_url``).
    - ``branches``: branch ids of the catalogue (empty: every branch of commerce).
    - ``organisers``: ``[(network, name)]`` or ``[{"network": ..., "name": ...}]``; both networks = joint action.
    - ``capacity`` (None: no limit), ``registration_deadline`` (None: until the start).
    - the optional details of bot/events/details.py (``accessible``, ``audience``...: None when not said).
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    type: str
    title: str = Field(min_length=3, max_length=120)
    description: str = Field(default="", max_length=2000)
    starts_at: dt.datetime
    ends_at: dt.datetime
    address: str | None = Field(default=None, max_length=200)
    city: str | None = Field(default=None, max_length=80)
    departement: str | None = None
    region: str | None = None
    latitude: float | None = Field(default=None, ge=-90, le=90)
    longitude: float | None = Field(default=None, ge=-180, le=180)
    online_url: str | None = Field(default=None, max_length=300)
    scope: Scope = "regional"
    branches: list[str] = []
    capacity: int | None = Field(default=None, ge=1, le=100000)
    registration_deadline: dt.datetime | None = None
    organisers: list[Organiser] = []
    companies: list[str] = []
    external_id: str | None = Field(default=None, max_length=80)
    is_example: bool = False

    @field_validator("starts_at", "ends_at", "registration_deadline", mode="before")
    @classmethod
    def _when(cls, value: Any) -> dt.datetime | None:
        return parse_when(value)

    @field_validator("type", mode="before")
    @classmethod
    def _type(cls, value: Any) -> str:
        from bot.catalogue import fold

        types = event_types()
        text = str(value or "").strip()
        if text in types:
            return text
        for key, info in types.items():
            if fold(text) in (fold(key), fold(info["label"])):
                return key
        raise ValueError(Msg("events.unknown_type", text=text, types=", ".join(types)))

    @field_validator("organisers", mode="before")
    @classmethod
    def _organisers(cls, value: Any) -> Any:
        if isinstance(value, list):
            return [{"network": v[0], "name": v[1]} if isinstance(v, (tuple, list)) and len(v) == 2 else v for v in value]
        return value

    @field_validator("online_url")
    @classmethod
    def _url(cls, value: str | None) -> str | None:
        if value and not re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
            raise ValueError(Msg("events.bad_link", value=value))
        return value or None

    @field_validator("branches", "companies")
    @classmethod
    def _unique(cls, value: list[str]) -> list[str]:
        return list(dict.fromkeys(v.strip() for v in value if v and v.strip()))

    @model_validator(mode="after")
    def _coherent(self, info: ValidationInfo) -> "EventInput":
        problems: list[Msg] = []
        if self.ends_at <= self.starts_at:
            problems.append(Msg("events.end_before_start"))
        if self.registration_deadline and self.registration_deadline > self.starts_at:
            problems.append(Msg("events.deadline_after_start"))
        if self.scope == "online" and not self.online_url:
            problems.append(Msg("events.online_needs_link"))
        if self.scope == "regional" and not (self.region or self.departement):
            problems.append(Msg("events.regional_needs_region"))
        if self.scope != "online" and not self.online_url and not self.city:
            problems.append(Msg("events.city_needed"))
        if (self.latitude is None) != (self.longitude is None):
            problems.append(Msg("events.latitude_longitude"))
        context = info.context or {}
        now = context.get("now")
        if now is not None and self.starts_at <= now:
            problems.append(Msg("events.start_passed", start=f"{self.starts_at.astimezone(PARIS):%d/%m/%Y %H:%M}"))
        catalogue = context.get("catalogue")
        if catalogue is not None:
            regions = catalogue.regions
            if self.departement:
                self.departement = self.departement.upper().zfill(2)
                found = regions.departements.get(self.departement)
                if found is None:
                    problems.append(Msg("events.unknown_departement", departement=self.departement))
                elif self.region and self.region != found[1].code:
                    problems.append(Msg("events.departement_not_in_region", departement=self.departement, region=self.region))
                elif not self.region:
                    self.region = found[1].code
            if self.region and self.region not in regions.by_code:
                problems.append(Msg("events.unknown_region", region=self.region))
            for branch in self.branches:
                if catalogue.branch(branch) is None:
                    problems.append(Msg("events.unknown_branch", branch=branch))
        if problems:
            raise ValueError(Msg("events.several", problems=problems))
        return self

    def columns(self) -> dict[str, Any]:
        """The ``events`` columns this input sets (timestamps in Unix seconds, yes/no as 1 / 0)."""
        values = {name: getattr(self, name) for name in COLUMNS}
        values.update({name: int(values[name].timestamp()) if values[name] else None for name in _TIMES})
        values.update({d.name: d.to_column(values[d.name]) for d in DETAILS}, is_example=int(self.is_example))
        return values


#: The input model: the fields above and one optional field per detail of bot/events/details.py.
EventInput = create_model(
    "EventInput", __base__=_EventInput, __module__=__name__,
    **{d.name: (d.annotation, Field(default=None, max_length=d.max_length)) for d in DETAILS},
)


def describe_errors(error: ValidationError) -> list[Msg]:
    """Pydantic errors as messages (« titre : ... »; names and texts in templates/messages/events.yaml)."""
    names, kinds = table("events.fields"), table("events.kinds")
    out = []
    for item in error.errors():
        loc = [str(p) for p in item["loc"]]
        where = (names.get(loc[0]) or (BY_NAME[loc[0]].file_key if loc[0] in BY_NAME else loc[0])) if loc else ""
        kind = item["type"]
        cause = (item.get("ctx") or {}).get("error")
        if isinstance(cause, ValueError) and cause.args and isinstance(cause.args[0], Msg):
            problem: Msg | str = cause.args[0]
        elif kind in kinds:
            problem = kinds[kind]
            if kind not in ("missing", "extra_forbidden") and item.get("input") not in (None, ""):
                problem = Msg("events.with_value", problem=problem, value=item.get("input"))
        else:
            problem = item["msg"].removeprefix("Value error, ")  # pydantic's own text (not expected)
        out.append(Msg("events.field_problem", field=where, problem=problem) if where else _as_msg(problem))
    return out


def _as_msg(problem: Msg | str) -> Msg:
    return problem if isinstance(problem, Msg) else Msg("events.several", problems=problem)


def validate_event(data: dict[str, Any] | EventInput, catalogue=None, now: dt.datetime | None = None) -> EventInput:
    """Validate raw data (or re-check an EventInput) against the content; raise :class:`EventError`."""
    raw = data.model_dump() if isinstance(data, EventInput) else data
    try:
        return EventInput.model_validate(raw, context={"catalogue": catalogue, "now": now})
    except ValidationError as error:
        raise EventError(describe_errors(error)) from None


@dataclass
class _Event:
    """A stored event with its branches, organisers, companies and registration counts."""

    id: int
    external_id: str | None
    type: str
    title: str
    description: str
    starts_at: int
    ends_at: int
    address: str | None
    city: str | None
    departement: str | None
    region: str | None
    latitude: float | None
    longitude: float | None
    online_url: str | None
    scope: str
    capacity: int | None
    registration_deadline: int | None
    status: str
    created_by: int | None
    source: str
    is_example: bool
    created_at: int
    updated_at: int
    attendance: int | None = None
    integrated_apprenticeship: int | None = None
    integrated_cej: int | None = None
    integrated_job: int | None = None
    integrated_training: int | None = None
    closed_at: int | None = None
    closed_by: int | None = None
    cancelled_at: int | None = None
    cancel_reason: str | None = None
    branches: list[str] = field(default_factory=list)
    organisers: list[tuple[str, str]] = field(default_factory=list)
    companies: list[str] = field(default_factory=list)
    companies_present: list[str] = field(default_factory=list)
    registered: int = 0
    waiting: int = 0

    @classmethod
    def from_row(cls, row: Any, **extra: Any) -> Event:
        names = cls.__dataclass_fields__
        values = {k: row[k] for k in row.keys() if k in names}
        values["is_example"] = bool(values.get("is_example"))
        return cls(**values, **extra)

    @property
    def joint(self) -> bool:
        """Organised by both networks (a Mission Locale or ARML, and Opcommerce): a joint action."""
        networks = {n for n, _ in self.organisers}
        return bool(networks & MISSIONS_LOCALES_SIDE) and "opcommerce" in networks

    @property
    def seats_left(self) -> int | None:
        """Free places (None: no limit)."""
        return None if self.capacity is None else max(0, self.capacity - self.registered)

    @property
    def full(self) -> bool:
        return self.capacity is not None and self.registered >= self.capacity

    @property
    def start(self) -> dt.datetime:
        return from_ts(self.starts_at)

    @property
    def end(self) -> dt.datetime:
        return from_ts(self.ends_at)

    @property
    def deadline(self) -> dt.datetime | None:
        return from_ts(self.registration_deadline)

    @property
    def cancelled(self) -> bool:
        return self.status == "annule"

    @property
    def type_label(self) -> str:
        return event_types().get(self.type, {}).get("label", self.type)

    @property
    def type_emoji(self) -> str:
        return event_types().get(self.type, {}).get("emoji", "📅")

    def open_for_registration(self, now: int) -> bool:
        return self.status == "a_venir" and now < self.starts_at and (self.registration_deadline is None or now <= self.registration_deadline)

    def to_input(self) -> EventInput:
        """The editable fields, for :func:`bot.events.service.update_event` with partial changes."""
        return EventInput.model_construct(
            type=self.type, title=self.title, description=self.description, starts_at=self.start, ends_at=self.end,
            address=self.address, city=self.city, departement=self.departement, region=self.region,
            latitude=self.latitude, longitude=self.longitude, online_url=self.online_url, scope=self.scope,
            branches=list(self.branches), capacity=self.capacity,
            **{d.name: d.from_column(getattr(self, d.name)) for d in DETAILS},
            registration_deadline=self.deadline, organisers=[Organiser(network=n, name=m) for n, m in self.organisers],
            companies=list(self.companies), external_id=self.external_id, is_example=self.is_example,
        )


#: The stored event: the fields above and one per detail of bot/events/details.py (as stored: yes/no as 1 / 0).
Event = make_dataclass("Event", [(d.name, Any, field(default=None)) for d in DETAILS], bases=(_Event,), namespace={"__module__": __name__})
