"""The optional details of an event, declared once: each line of :data:`DETAILS` gives a name (the column
``events.<name>``, the field of ``EventInput`` and ``Event``, the /annonce and « Modifier » step, the
draft key), a kind (``yes_no``: Oui / Non / Je ne sais pas; ``text``: a short free text) and, for a text,
its longest length, and its column in the CSV / YAML files of actions (``file_key``, compared without accents
or case). bot/events/model.py, bot/events/files.py, bot/announce.py, bot/announce_form.py, bot/followup.py and
bot/events/service.py derive everything else from this table; the texts (menu label, question, line on
the card and in change notices) are in ``templates/events/details.html``.

Adding an optional detail: one line here, its texts in events/details.html, a migration adding the
column, a journey test."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

#: The shortest text answer accepted.
TEXT_MIN = 2


@dataclass(frozen=True)
class Detail:
    name: str
    kind: Literal["yes_no", "text"]
    file_key: str
    max_length: int | None = None

    @property
    def annotation(self) -> Any:
        """The type of the field in EventInput (None: not said)."""
        return bool | None if self.kind == "yes_no" else str | None

    def to_column(self, value: Any) -> Any:
        """The stored value (a yes/no as 1 / 0)."""
        return int(value) if self.kind == "yes_no" and value is not None else value

    def from_column(self, value: Any) -> Any:
        """The value as the forms and EventInput hold it."""
        return bool(value) if self.kind == "yes_no" and value is not None else value

    def from_file(self, value: Any) -> Any:
        """A value read from a file: « oui » / « non » for a yes/no (anything else is left for validation to refuse)."""
        if self.kind == "yes_no" and isinstance(value, str):
            return {"oui": True, "1": True, "x": True, "non": False, "0": False}.get(value.strip().casefold(), value)
        return value

    def fits(self, text: str) -> bool:
        return TEXT_MIN <= len(text) <= (self.max_length or 0)


DETAILS: tuple[Detail, ...] = (
    Detail("accessible", "yes_no", "accessible PMR"),             # accessibilité PMR (migration 0008)
    Detail("audience", "text", "public", max_length=100),         # public visé: « 16-18 ans », « tous » (migration 0001)
    Detail("to_bring", "text", "à apporter", max_length=120),     # à apporter: « CV imprimé, pièce d'identité » (migration 0014)
)
BY_NAME = {detail.name: detail for detail in DETAILS}
