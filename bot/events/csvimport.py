"""``passerelle import-events FILE.csv``: an advisor's spreadsheet of events.

``;`` or ``,`` separated, UTF-8 with or without BOM, one header line with the French column names
of :data:`bot.events.files.FIELDS` (see the README, « Importer des événements (CSV) »). Every row is
checked first; a single bad row means nothing is imported (``--dry-run`` only reports).
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from bot.catalogue import fold
from bot.events.files import FIELDS, from_french, stable_id
from bot.events.model import EventError, EventInput, validate_event
from bot.messages import message

REQUIRED = ("type", "titre", "debut", "fin")


@dataclass
class CsvReport:
    rows: list[tuple[int, EventInput]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, reason); line 0: the whole file
    new: int = 0
    existing: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EventError("events.not_utf8", position=error.start) from None


def parse_csv(text: str, catalogue, now, name: str = "import") -> CsvReport:
    """Check every row; return the valid inputs and each bad row with its line number and reason."""
    report = CsvReport()
    text = text.lstrip("\ufeff")
    first = text.split("\n", 1)[0]
    if not first.strip():
        report.errors.append((1, message("events.no_header")))
        return report
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    headers = [h or "" for h in (reader.fieldnames or [])]
    known = {fold(h) for h in headers}
    unknown = [h for h in headers if fold(h) not in FIELDS]
    missing = [c for c in REQUIRED if c not in known]
    if unknown or missing:
        if unknown:
            report.errors.append((1, message("events.unknown_columns", columns=", ".join(unknown))))
        if missing:
            report.errors.append((1, message("events.missing_columns", columns=", ".join(missing))))
        return report
    seen: dict[str, int] = {}
    line = 1
    for record in reader:
        start, line = line + 1, reader.line_num
        if not any((v or "").strip() for k, v in record.items() if k is not None) and None not in record:
            continue
        try:
            data = from_french(record, catalogue)
            data.setdefault("external_id", stable_id(f"csv-{fold(name).replace(' ', '-')}"[:40], data))
            event = validate_event(data, catalogue, now)
        except EventError as error:
            report.errors.append((start, message("events.several", problems=error.problems)))
            continue
        if event.external_id in seen:
            report.errors.append((start, message("events.id_used_on_line", external_id=event.external_id, line=seen[event.external_id])))
            continue
        seen[event.external_id] = start
        report.rows.append((start, event))
    if not report.rows and not report.errors:
        report.errors.append((0, message("events.no_event")))
    return report


async def import_csv(ctx, path: Path, *, dry_run: bool = False) -> CsvReport:
    """Check the file, then (unless ``dry_run`` or a row is bad) create or update every event in one transaction."""
    from storage import events as store

    try:
        report = parse_csv(read_text(path), ctx.catalogue, ctx.clock.now(), path.stem)
    except (OSError, EventError) as error:
        report = CsvReport(errors=[(0, str(error))])
        return report
    for _, event in report.rows:
        if await store.id_by_external(ctx.db, event.external_id) is None:
            report.new += 1
        else:
            report.existing += 1
    if report.ok and not dry_run:
        from bot.events.service import upsert_events

        await upsert_events(ctx, [e for _, e in report.rows], source=f"csv:{path.name}")
    return report
