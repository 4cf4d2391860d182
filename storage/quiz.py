"""The latest interest-quiz result of each person (kept for suggestions, replaced when retaken)."""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database


async def save(db: Database, chat_id: int, answers: list[int], top_jobs: list[str], tags: dict[str, float], now: int) -> None:
    await db.execute(
        "INSERT INTO quiz_results(chat_id, answers, top_jobs, tags, finished_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT(chat_id) DO UPDATE SET answers = excluded.answers, top_jobs = excluded.top_jobs,"
        " tags = excluded.tags, finished_at = excluded.finished_at",
        (chat_id, json.dumps(answers), json.dumps(top_jobs), json.dumps(tags), now),
    )


async def get(db: Database, chat_id: int) -> dict[str, Any] | None:
    row = await db.fetchone("SELECT answers, top_jobs, tags, finished_at FROM quiz_results WHERE chat_id = ?", (chat_id,))
    if row is None:
        return None
    return {"answers": json.loads(row[0]), "top_jobs": json.loads(row[1]), "tags": json.loads(row[2]), "finished_at": row[3]}
