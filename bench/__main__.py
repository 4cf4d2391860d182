"""Run every benchmark module (``bench/bench_*.py``, each with ``async def run() -> list[Result]``)."""

from __future__ import annotations

import asyncio
import importlib
import json
import logging
import sys
from pathlib import Path

from bench.common import Result


def table(results: list[tuple[str, Result]]) -> str:
    header = ("benchmark", "mesure", "valeur", "cible", "ok", "note")
    rows = [header] + [
        (module, r.name, f"{r.value:,.3f} {r.unit}".replace(",", " "), r.target, "" if r.ok is None else ("oui" if r.ok else "NON"), r.note)
        for module, r in results
    ]
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(header))]
    lines = [" | ".join(str(c).ljust(w) for c, w in zip(row, widths)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


async def main(selected: list[str]) -> int:
    logging.basicConfig(level=logging.WARNING)
    modules = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if selected:
        modules = [m for m in modules if any(s in m for s in selected)]
    results: list[tuple[str, Result]] = []
    for name in modules:
        print(f"… {name}", file=sys.stderr, flush=True)
        module = importlib.import_module(f"bench.{name}")
        for result in await module.run():
            results.append((name.removeprefix("bench_"), result))
    print(table(results))
    write_json(results, Path(__file__).parent / "results.json")
    return 0


def write_json(results: list[tuple[str, Result]], path: Path) -> None:
    """The figures as name → value, unit, target (and ok, note), to compare a run with the previous one."""
    data = {f"{module} / {r.name}": {"value": round(r.value, 4), "unit": r.unit, "target": r.target, "ok": r.ok, "note": r.note}
            for module, r in results}
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"résultats écrits dans {path}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(asyncio.run(main(sys.argv[1:])))
