"""Checks beyond the catalogue itself, run by ``passerelle validate`` (the events calendar adds its own)."""

from __future__ import annotations

from pathlib import Path

from bot.catalogue.loader import Problem


def extra_checks(content_dir: Path) -> list[Problem]:
    """Problems found by the feature validators (events files...)."""
    problems: list[Problem] = []
    try:
        from bot.events.files import validate_event_files
    except ModuleNotFoundError as error:
        if error.name not in ("bot.events", "bot.events.files"):
            raise
        return problems
    problems.extend(validate_event_files(content_dir))
    return problems
