"""What the events service returns besides events: a change and whom to tell, the results of a
closed event, a registration as the organisers see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from bot.events.model import Event


@dataclass
class EventChange:
    """What :func:`update_event` / :func:`cancel_event` did, and to whom it must be told.

    ``recipients``: chat ids of registered and waiting people to tell (empty when nothing they care
    about changed: by default only a change of date, time or place, or a cancellation, is told;
    an advisor's edit tells any change on the card, see ``update_event(..., tell=...)``).
    ``promoted``: chat ids moved from the waiting list (e.g. the capacity grew).
    """

    kind: Literal["changed", "cancelled"]
    before: Event
    after: Event
    changed: list[str]
    recipients: list[int] = field(default_factory=list)
    promoted: list[int] = field(default_factory=list)


class EventResults(BaseModel):
    """What an advisor records when closing an event."""

    model_config = ConfigDict(extra="forbid")
    attendance: int = Field(ge=0)
    companies_present: list[str] = []
    integrated_apprenticeship: int = Field(default=0, ge=0)
    integrated_cej: int = Field(default=0, ge=0)
    integrated_job: int = Field(default=0, ge=0)
    integrated_training: int = Field(default=0, ge=0)


@dataclass
class RegistrationView:
    """One registration as the organisers may see it: names only when the person agreed."""

    status: str
    created_at: int
    share_identity: bool
    first_name: str | None = None
    username: str | None = None
