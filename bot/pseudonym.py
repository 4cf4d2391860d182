"""The keyed hash that stands for a person in the statistics (never their Telegram id)."""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path


def load_or_create_secret(configured: str | None, secret_file: Path) -> bytes:
    """Use ``PASSERELLE_SECRET`` when set; otherwise one random key, created once beside the database."""
    if configured:
        return configured.encode("utf-8")
    if secret_file.exists():
        return secret_file.read_text(encoding="ascii").strip().encode("ascii")
    secret_file.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_hex(32)
    fd = os.open(secret_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value + "\n")
    return value.encode("ascii")


class Pseudonymizer:
    """Turns a Telegram user id into a stable, non-reversible key."""

    def __init__(self, secret: bytes) -> None:
        self._secret = secret

    def key(self, user_id: int) -> str:
        return hmac.new(self._secret, str(user_id).encode(), hashlib.sha256).hexdigest()[:20]

    def key_for(self, purpose: str, user_id: int) -> str:
        """Another keyed hash of the same person, for one purpose only (never equal to :meth:`key`)."""
        return hmac.new(self._secret, f"{purpose}:{user_id}".encode(), hashlib.sha256).hexdigest()[:20]
