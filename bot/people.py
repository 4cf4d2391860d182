"""The rows (and favourite jobs) of the people who talk to the bot now, kept a moment.

An update used to write the person's row (upsert of name, username, last seen) and read their
favourites: database round trips were most of the time of an answer. The journey service
(``bot/journey/profile.py``, ``bot/journey/favourites.py``) reads through this cache and forgets a
person whenever it changes them; the cache is short-lived because several bots may share a database.
"""

from __future__ import annotations

from typing import Any

#: Seconds a person's row is reused without touching the database: after that the next update
#: reads it again and writes ``last_seen_at`` (so it is at most this late). Changes made through this
#: module show at once; another instance's (several bots on one database) within this delay.
PERSON_TTL = 60
#: People kept at most (the cache is emptied when full).
PERSON_CACHE = 20_000


class PersonCache:
    """The rows (and favourite jobs) of the people who talk to the bot now, so that an update
    neither writes the person's row nor reads their favourites each time (database round trips
    were most of the time of an answer)."""

    def __init__(self, ttl: int = PERSON_TTL, size: int = PERSON_CACHE) -> None:
        self.ttl, self.size = ttl, size
        self.rows: dict[int, tuple[Any, int]] = {}
        self.favourites: dict[int, tuple[frozenset[str], int]] = {}

    def get(self, chat_id: int, first_name: str | None, username: str | None, now: int):
        """The kept row if it is recent, active and still has this name and username."""
        hit = self.rows.get(chat_id)
        if hit is None:
            return None
        row, since = hit
        if now - since >= self.ttl or not row["active"] or row["first_name"] != first_name or row["username"] != username:
            return None
        return row

    def keep(self, chat_id: int, row, now: int) -> None:
        if len(self.rows) >= self.size:
            self.rows.clear()
        self.rows[chat_id] = (row, now)

    def get_favourites(self, chat_id: int, now: int) -> frozenset[str] | None:
        hit = self.favourites.get(chat_id)
        return hit[0] if hit is not None and now - hit[1] < self.ttl else None

    def keep_favourites(self, chat_id: int, job_ids: frozenset[str], now: int) -> None:
        if len(self.favourites) >= self.size:
            self.favourites.clear()
        self.favourites[chat_id] = (job_ids, now)

    def forget(self, chat_id: int) -> None:
        self.rows.pop(chat_id, None)
        self.favourites.pop(chat_id, None)
