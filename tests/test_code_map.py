"""The rules of the tree, enforced: SQL only in storage/, storage never imports telegram or the bot,
no handler imports another handler, no import cycle, no module over 400 lines."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "handlers", "storage", "devtools")
SQL = re.compile(r"\b(SELECT\s.+\sFROM|INSERT\s+INTO|DELETE\s+FROM|UPDATE\s+\w+\s+SET|CREATE\s+(TABLE|INDEX))\b", re.S)
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    found = {}
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(module: str, path: Path) -> set[str]:
    """The project modules ``module`` imports (anywhere in the file, type-checking imports included)."""
    names: set[str] = set()
    is_package = path.name == "__init__.py"
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = module.split(".")[: len(module.split(".")) - node.level + (1 if is_package else 0)]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            names.add(prefix)
            names.update(f"{prefix}.{a.name}" for a in node.names)
    resolved = set()
    for name in names:
        while name and name not in MODULES:
            name = name.rpartition(".")[0]
        if name and name != module:
            resolved.add(name)
    return resolved


GRAPH = {module: _imports(module, path) for module, path in MODULES.items()}


def _strings(path: Path) -> list[str]:
    return [n.value for n in ast.walk(ast.parse(path.read_text(encoding="utf-8"))) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_sql_only_in_storage():
    """The bot (bot/, handlers/) reads and writes through storage/; tests, bench/ and devtools/ (the
    emulator's crash scenarios set up and check data like tests do) may use SQL."""
    offenders = [f"{path.relative_to(ROOT)}: {text[:60]!r}" for module, path in MODULES.items()
                 if not module.startswith(("storage", "devtools"))
                 for text in _strings(path) if SQL.search(text)]
    assert not offenders, offenders


def test_the_sql_detector_sees_sql():
    assert SQL.search("SELECT id FROM users WHERE x = ?") and SQL.search("update users set region = ?".upper())
    assert not SQL.search("Sélectionne une date au choix") and not SQL.search("select a region")


def test_storage_imports_neither_telegram_nor_the_bot():
    for module, path in MODULES.items():
        if not module.startswith("storage"):
            continue
        source = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(from|import)\s+telegram\b", source, re.M), f"{module} imports telegram"
        assert not [d for d in GRAPH[module] if not d.startswith("storage")], f"{module} imports {GRAPH[module]}"


def test_no_handler_imports_another_handler():
    offenders = [f"{m} -> {d}" for m, deps in GRAPH.items() if m.startswith("handlers.") and m != "handlers.common"
                 for d in deps if d.startswith("handlers.") and d != "handlers.common"]
    assert not offenders, offenders


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (iterative Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def test_no_import_cycle():
    assert not _cycles(GRAPH), _cycles(GRAPH)


def test_the_cycle_finder_finds_cycles():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert _cycles({"a": {"b"}, "b": set()}) == []


def test_no_module_over_400_lines():
    long = {str(p.relative_to(ROOT)): n for p in MODULES.values() if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES}
    assert not long, long
