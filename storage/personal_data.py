"""What the data-rights export reads beyond the person's own row: their event registrations and follow-up answers."""

from __future__ import annotations

from storage.db import Database


async def registrations(db: Database, chat_id: int) -> list[dict]:
    """The person's registrations (and waiting places) with the event's title and dates."""
    rows = await db.fetchall(
        "SELECT r.event_id, e.title, e.starts_at, e.city, r.status, r.share_identity, r.created_at"
        " FROM registrations r JOIN events e ON e.id = r.event_id WHERE r.chat_id = ? ORDER BY e.starts_at",
        (chat_id,),
    )
    return [dict(r) for r in rows]


async def feedback(db: Database, chat_id: int) -> list[dict]:
    """The follow-ups the person was sent after an event (« Comment ça s'est passé ? ») and their answer."""
    rows = await db.fetchall(
        "SELECT f.event_id, e.title, f.asked_at, f.answer, f.answered_at FROM event_feedback f"
        " JOIN events e ON e.id = f.event_id WHERE f.chat_id = ? ORDER BY f.asked_at, f.event_id",
        (chat_id,),
    )
    return [dict(r) for r in rows]
