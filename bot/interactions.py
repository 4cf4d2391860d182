"""What is counted: the catalogue of interaction kinds, and the log that records them.

Each row of ``interactions`` is (time, pseudonymous user key, kind, key, region, branch).
The Telegram id never reaches this table: it is replaced by a keyed hash (bot.pseudonym).

| kind | key | when |
|---|---|---|
| start | payload kind ('', metier, branche, src, evt, inv, invalid) | /start |
| source | campaign name | arrival through a src_<campaign> link or its QR code |
| menu | - | main menu shown |
| region_set | region code | region chosen or changed |
| branch_interest | branch id | branch picked during onboarding |
| branch_view | branch id | a branch's job list opened |
| job_view | job id | a job card opened |
| interest | job id | "Ça m'intéresse" (favourite added) |
| interest_removed | job id | favourite removed |
| share | job id or evt_<id> | a share link asked for |
| search | the catalogue terms of the query, or 'autre' (bot/catalogue/search_terms.py; never the text as typed) | search with at least one result |
| search_unmet | the same | search with no result (a content gap) |
| intent | intent id of content/intentions.yaml (never the text; distress is never counted) | free text understood as an intent |
| quiz_start | - | quiz started |
| quiz_finish | best job id | quiz finished |
| alerts_on / alerts_off | - | announcements switched on / off |
| alert_filter | comma-separated branch ids ('' = all) | alert branch filter changed |
| contact_view | region code ('' if none) | contacts shown |
| data_export | - | /mesdonnees |
| data_erase | - | /oubli confirmed (counted, then deleted from the log with every row of the pseudonym) |
| unrecognised | message type (text, sticker, photo, voice, ...), or for text: empty, emoji, number (a short number that names no place), too_long (no known word), foreign | nothing understood |
| event_suggested | event id | event shown in a suggestion list |
| event_open | event id | event card opened |
| event_register | event id | registered |
| event_waitlist | event id | put on the waiting list |
| event_promoted | event id | moved from the waiting list to registered |
| event_unregister | event id | registration or waiting place given up |
| event_ics | event id | calendar file taken |
| event_venue | event id | place shown |
| reminder_sent | event id | a reminder was delivered |
| followup_sent | event id | the follow-up after the event (« Comment ça s'est passé ? ») was delivered |
| event_feedback | 'bien', 'moyen' or 'pas_bien' (region: the event's) | the one-tap answer to the follow-up |
| announce_sent | broadcast id | an announcement reached the person |
| announce_blocked | broadcast id | the person had blocked the bot |
| announce_failed | broadcast id | another delivery error |
| blocked / unblocked | - | the person blocked / unblocked the bot (my_chat_member) |
| question_sent | 'urgent' or '' | a question sent to the advisors (« Écrire à un conseiller ») |
| question_answered | - | an advisor answered a question |
| question_closed | 'young', 'advisor' or 'abuse' | a question's thread closed |
"""

from __future__ import annotations

import asyncio
import logging

from bot.clock import Clock
from bot.pseudonym import Pseudonymizer
from storage import interactions as store
from storage.db import Database

log = logging.getLogger(__name__)

KINDS = frozenset(
    """start source menu region_set branch_interest branch_view job_view interest interest_removed share
    search search_unmet intent quiz_start quiz_finish alerts_on alerts_off alert_filter contact_view data_export
    data_erase unrecognised event_suggested event_open event_register event_waitlist event_promoted
    event_unregister event_ics event_venue reminder_sent followup_sent event_feedback announce_sent announce_blocked announce_failed
    blocked unblocked question_sent question_answered question_closed""".split()
)
MAX_KEY = 64


class InteractionLog:
    """Records interactions; a failure to log never breaks the answer to the person.

    With ``batch`` > 1 (the running bot), rows wait in memory and are written together when
    ``batch`` rows are waiting or ``max_delay`` seconds have passed, and at shutdown; readers call
    :meth:`flush` first. With ``batch`` = 1 (tests), every row is written at once.
    """

    def __init__(self, db: Database, clock: Clock, pseudonymizer: Pseudonymizer, batch: int = 1, max_delay: float = 1.0) -> None:
        self.db = db
        self.clock = clock
        self.pseudonymizer = pseudonymizer
        self.batch = max(1, batch)
        self.max_delay = max_delay
        self._pending: list[tuple] = []
        self._timer: asyncio.Task | None = None
        self._keys: dict[int, str] = {}

    def user_key(self, user_id: int) -> str:
        key = self._keys.get(user_id)
        if key is None:
            if len(self._keys) > 50_000:
                self._keys.clear()
            key = self._keys[user_id] = self.pseudonymizer.key(user_id)
        return key

    def forget(self, user_id: int) -> None:
        """Drop the remembered pseudonym of a person (erasure)."""
        self._keys.pop(user_id, None)

    async def flush(self) -> None:
        """Write every waiting row now."""
        rows, self._pending = self._pending, []
        if rows:
            try:
                await store.insert_many(self.db, rows)
            except Exception:
                log.exception("échec de l'écriture de %d interactions", len(rows))

    async def _flush_later(self) -> None:
        try:
            await asyncio.sleep(self.max_delay)
            self._timer = None
            await self.flush()
        except asyncio.CancelledError:
            pass

    async def close(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        await self.flush()

    async def record(
        self,
        user_id: int,
        kind: str,
        key: str | int | None = None,
        *,
        region: str | None = None,
        branch: str | None = None,
    ) -> None:
        if kind not in KINDS:
            raise ValueError(f"interaction kind inconnu : {kind}")
        key_text = None if key is None else str(key)[:MAX_KEY]
        row = (self.clock.timestamp(), self.user_key(user_id), kind, key_text, region, branch)
        if self.batch == 1:
            try:
                await store.insert(self.db, *row)
            except Exception:  # the log must never cost the person their answer
                log.exception("échec de l'enregistrement d'une interaction %s", kind)
            return
        self._pending.append(row)
        if len(self._pending) >= self.batch:
            await self.flush()
        elif self._timer is None:
            self._timer = asyncio.create_task(self._flush_later())
