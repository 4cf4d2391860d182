"""Loads and validates everything under ``content/``; every problem names its file, line and field."""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from bot.catalogue.communes import PATH as COMMUNES_PATH
from bot.catalogue.communes import read_communes
from bot.catalogue.links import PLACEHOLDERS, template_problems
from bot.catalogue.models import (
    AlternanceFile,
    BrancheFile,
    CampagnesFile,
    ContactsFile,
    IntentionsFile,
    LiensFile,
    MissionsLocalesFile,
    OrdreBranchesFile,
    RegionsFile,
)
from bot.catalogue.rules import link_problems, pay_problems, rome_problems
from bot.catalogue.titles import title_problems
from bot.yamlread import FastLoader

#: The 20 Opcommerce branches (IDCC), see shared/domain/README.md (coopératives: 3205, the 2018 convention
#: that replaced 0179). A missing one is an error.
EXPECTED_IDCC = (
    "1606 2198 2216 1505 1487 0468 0675 1517 1686 3205 0500 1557 1539 2156 0043 1760 3237 1880 1431 3168".split()
)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = self.file + (f":{self.line}" if self.line else "")
        return f"{where} [{self.field or '-'}] {self.message}"


class ContentError(Exception):
    """The content is invalid; ``problems`` lists everything found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))




class _LazyNodes:
    """The YAML node tree of a file, composed only when a line number is needed (errors are rare)."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._node: yaml.Node | None = None

    @property
    def node(self) -> yaml.Node | None:
        if self._node is None:
            self._node = yaml.compose(self._text, Loader=FastLoader)
        return self._node


def _line_of(node: "yaml.Node | _LazyNodes | None", loc: tuple[Any, ...]) -> int | None:
    """Follow a pydantic error location through the YAML node tree; 1-based line of the deepest match."""
    if isinstance(node, _LazyNodes):
        node = node.node
    line = node.start_mark.line + 1 if node is not None else None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == part:
                    node, line = value_node, key_node.start_mark.line + 1
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def _field(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (("." if out else "") + str(part))
    return out


def _message(item: dict) -> str:
    if item["type"] == "extra_forbidden":
        return "champ inconnu"
    if item["type"] == "missing":
        return "champ obligatoire manquant"
    ctx = item.get("ctx") or {}
    if item["type"] == "too_short" and "min_length" in ctx:
        return f"il en faut au moins {ctx['min_length']} (il y en a {ctx.get('actual_length', 0)})"
    if item["type"] == "literal_error":
        return f"valeur inconnue {item.get('input')!r} (permises : {ctx.get('expected', '')})"
    msg = item["msg"].removeprefix("Value error, ")
    return f"{msg} (valeur : {item.get('input')!r})" if item["type"] != "value_error" else msg


def load_yaml_file(path: Path, model: type[BaseModel], root: Path, problems: list[Problem]) -> tuple[Any, Any]:
    """Parse and validate one file; return (model or None, YAML node tree for line lookups)."""
    rel = str(path.relative_to(root.parent)) if path.is_relative_to(root.parent) else str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(Problem(rel, None, "", f"fichier illisible : {exc}"))
        return None, None
    try:
        data = yaml.load(text, Loader=FastLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        problems.append(Problem(rel, mark.line + 1 if mark else None, "", f"erreur de syntaxe YAML : {getattr(exc, 'problem', exc)}"))
        return None, None
    lines = _LazyNodes(text)
    try:
        return model.model_validate(data), lines
    except ValidationError as exc:
        for item in exc.errors():
            problems.append(Problem(rel, _line_of(lines.node, item["loc"]), _field(item["loc"]), _message(item)))
        return None, lines


@dataclass
class RawContent:
    branches: list[tuple[str, BrancheFile, Any]]
    regions: RegionsFile | None
    contacts: ContactsFile | None
    problems: list[Problem]
    seconds: float
    alternance: AlternanceFile | None = None
    missions_locales: MissionsLocalesFile | None = None
    intentions: IntentionsFile | None = None
    communes: dict[str, tuple[str, ...]] | None = None
    liens: LiensFile | None = None
    branch_order: list[str] | None = None
    campaigns: frozenset[str] = frozenset()


def read_content(content_dir: Path, today: dt.date | None = None) -> RawContent:
    """Read every content file and check the links between them.

    With ``today`` (``passerelle validate``), pay facts older than two years are problems too; the bot
    itself does not refuse to start on them (it logs them), so content never expires overnight.
    """
    started = time.perf_counter()
    problems: list[Problem] = []
    branch_files: list[tuple[str, BrancheFile, Any]] = []
    metiers_dir = content_dir / "metiers"
    files = sorted(metiers_dir.glob("*.yaml")) + sorted(metiers_dir.glob("*.yml"))
    if not files:
        problems.append(Problem(str(metiers_dir), None, "", "aucun fichier de branche (.yaml) trouvé"))
    for path in files:
        parsed, node = load_yaml_file(path, BrancheFile, content_dir, problems)
        if parsed is not None:
            branch_files.append((str(path.relative_to(content_dir.parent)), parsed, node))

    seen_jobs: dict[str, str] = {}
    seen_branch: dict[str, str] = {}
    seen_idcc: dict[str, str] = {}
    for rel, bf, node in branch_files:
        stem = Path(rel).stem
        if bf.branche.id != stem:
            problems.append(Problem(rel, _line_of(node, ("branche", "id")), "branche.id", f"« {bf.branche.id} » devrait être le nom du fichier (« {stem} »)"))
        for seen, value, field in ((seen_branch, bf.branche.id, "id"), (seen_idcc, bf.branche.idcc, "idcc")):
            if value in seen:
                problems.append(Problem(rel, _line_of(node, ("branche", field)), f"branche.{field}", f"« {value} » déjà utilisé dans {seen[value]}"))
            seen[value] = rel
        for index, job in enumerate(bf.metiers):
            if job.id in seen_jobs:
                problems.append(Problem(rel, _line_of(node, ("metiers", index, "id")), f"metiers[{index}].id", f"identifiant de métier « {job.id} » en double (déjà dans {seen_jobs[job.id]})"))
            else:
                seen_jobs[job.id] = rel
    # links are checked only when every branch file could be read: the target may be in a broken file
    complete = len(branch_files) == len(files)
    for rel, bf, node in branch_files if complete else []:
        for index, job in enumerate(bf.metiers):
            for j, target in enumerate(job.evolutions):
                if target not in seen_jobs:
                    problems.append(Problem(rel, _line_of(node, ("metiers", index, "evolutions", j)), f"metiers[{index}].evolutions[{j}]", f"le métier « {target} » n'existe pas"))
                elif target == job.id:
                    problems.append(Problem(rel, _line_of(node, ("metiers", index, "evolutions", j)), f"metiers[{index}].evolutions[{j}]", "un métier ne peut pas mener à lui-même"))
    problems.extend(rome_problems(content_dir, branch_files, _line_of, Problem))
    problems.extend(title_problems(branch_files, _line_of, Problem))
    if complete:
        problems.extend(link_problems(branch_files, set(seen_jobs), _line_of, Problem))
    alternance, _ = load_yaml_file(content_dir / "alternance.yaml", AlternanceFile, content_dir, problems)
    problems.extend(pay_problems(branch_files, alternance, today, _line_of, Problem))
    if files:
        for idcc in EXPECTED_IDCC:
            if idcc not in seen_idcc:
                problems.append(Problem(str(metiers_dir.relative_to(content_dir.parent)), None, "branche.idcc", f"branche manquante : aucune branche avec l'IDCC {idcc}"))

    before = len(problems)
    regions, _ = load_yaml_file(content_dir / "regions.yaml", RegionsFile, content_dir, problems)
    if regions is not None:
        codes = [d.code for r in regions.regions for d in r.departements]
        duplicates = {c for c in codes if codes.count(c) > 1}
        if duplicates:
            problems.append(Problem("content/regions.yaml", None, "departements", f"départements en double : {sorted(duplicates)}"))
    regions_sound = regions is not None and len(problems) == before  # other files are checked against a sound regions.yaml only
    contacts, contacts_node = load_yaml_file(content_dir / "contacts.yaml", ContactsFile, content_dir, problems)
    if contacts is not None and regions_sound:
        known = {r.code for r in regions.regions}
        for index, entry in enumerate(contacts.regions):
            if entry.region not in known:
                problems.append(Problem("content/contacts.yaml", _line_of(contacts_node, ("regions", index, "region")), f"regions[{index}].region", f"région inconnue « {entry.region} » (absente de regions.yaml)"))
    missions_locales = _missions_locales(content_dir, regions, problems)
    intentions = _read_intentions(content_dir, {Path(rel).stem for rel, _, _ in branch_files} | {p.stem for p in files}, problems)
    communes = None
    if regions_sound:
        issues: list = []
        communes = read_communes(COMMUNES_PATH, {d.code for r in regions.regions for d in r.departements}, issues)
        problems.extend(Problem("bot/data/communes.tsv", line, field, message) for line, field, message in issues)
    liens = _read_links(content_dir, problems)
    order = _read_branch_order(content_dir, {p.stem for p in files}, problems)
    campaigns = _read_campaigns(content_dir, problems)
    return RawContent(branch_files, regions, contacts, problems, time.perf_counter() - started, alternance, missions_locales, intentions, communes,
                      liens, order, campaigns)


def _read_branch_order(content_dir: Path, branch_ids: set[str], problems: list[Problem]) -> list[str]:
    """``ordre_branches.yaml`` (optional): known branch ids, each once."""
    path = content_dir / "ordre_branches.yaml"
    if not path.exists():
        return []
    data, node = load_yaml_file(path, OrdreBranchesFile, content_dir, problems)
    if data is None:
        return []
    for index, branch_id in enumerate(data.branches):
        if branch_id not in branch_ids or branch_id in data.branches[:index]:
            reason = f"branche inconnue « {branch_id} »" if branch_id not in branch_ids else f"« {branch_id} » déjà plus haut"
            problems.append(Problem(f"{content_dir.name}/ordre_branches.yaml", _line_of(node, ("branches", index)), f"branches[{index}]", reason))
    return data.branches


def _read_campaigns(content_dir: Path, problems: list[Problem]) -> frozenset[str]:
    """``campagnes.yaml`` (optional): the known campaign keys, each once."""
    if not (content_dir / "campagnes.yaml").exists():
        return frozenset()
    _, items = _listed_items(content_dir, "campagnes.yaml", CampagnesFile, "campagnes", problems)
    return frozenset(item.id for item, _ in items)


def _listed_items(content_dir: Path, name: str, model: type[BaseModel], key: str, problems: list[Problem]):
    """Read ``content/<name>`` (a list under ``key`` of items with an ``id``): the file, and for each item
    its index and a function that records a problem on one of its fields. Duplicate ids are problems."""
    rel = f"{content_dir.name}/{name}"
    data, node = load_yaml_file(content_dir / name, model, content_dir, problems)
    items = []
    seen: set[str] = set()
    for index, item in enumerate(getattr(data, key) if data is not None else []):
        def problem(field: str, message: str, index: int = index) -> None:
            problems.append(Problem(rel, _line_of(node, (key, index, field)), f"{key}[{index}].{field}", message))

        if item.id in seen:
            problem("id", f"identifiant « {item.id} » en double")
        seen.add(item.id)
        items.append((item, problem))
    return data, items


def _read_links(content_dir: Path, problems: list[Problem]) -> LiensFile | None:
    """``liens.yaml``: unique ids, https addresses, only known placeholders."""
    data, items = _listed_items(content_dir, "liens.yaml", LiensFile, "liens", problems)
    for item, problem in items:
        for field, allowed in PLACEHOLDERS.items():
            if getattr(item, field) is None:
                continue  # an optional address (url_region)
            for message in template_problems(getattr(item, field), allowed):
                problem(field, message)
    return data


def _read_intentions(content_dir: Path, branch_ids: set[str], problems: list[Problem]) -> IntentionsFile | None:
    """``intentions.yaml``: unique ids, a phrasing for each, a known branch for the « branche » screen."""
    data, items = _listed_items(content_dir, "intentions.yaml", IntentionsFile, "intentions", problems)
    for item, problem in items:
        if not item.partout and not item.seul:
            problem("partout", "au moins une expression (partout ou seul)")
        if item.ecran == "branche" and item.branche not in branch_ids:
            problem("branche", f"branche inconnue « {item.branche} »" if item.branche else "l'écran « branche » demande une branche")
        elif item.ecran != "branche" and item.branche is not None:
            problem("branche", "seul l'écran « branche » prend une branche")
    return data


def _missions_locales(content_dir: Path, regions: RegionsFile | None, problems: list[Problem]) -> MissionsLocalesFile | None:
    """The directory of Missions Locales (optional file): unique ids, known regions, postal code in the region."""
    path = content_dir / "missions_locales.yaml"
    if not path.exists():
        return MissionsLocalesFile()
    rel = "content/missions_locales.yaml"
    directory, node = load_yaml_file(path, MissionsLocalesFile, content_dir, problems)
    if directory is None or regions is None:
        return directory
    from bot.catalogue.regions import Regions

    known = Regions(regions)
    seen: set[str] = set()
    for index, ml in enumerate(directory.missions_locales):
        where = ("missions_locales", index)
        if ml.id in seen:
            problems.append(Problem(rel, _line_of(node, where + ("id",)), f"missions_locales[{index}].id", f"identifiant « {ml.id} » en double"))
        seen.add(ml.id)
        if ml.region not in known.by_code:
            problems.append(Problem(rel, _line_of(node, where + ("region",)), f"missions_locales[{index}].region", f"région inconnue « {ml.region} »"))
            continue
        found = known.resolve(ml.code_postal)
        if found is None or found[0].code != ml.region:
            problems.append(Problem(rel, _line_of(node, where + ("code_postal",)), f"missions_locales[{index}].code_postal",
                                    f"le code postal « {ml.code_postal} » n'est pas dans la région « {ml.region} »"))
        if (ml.latitude is None) != (ml.longitude is None):
            problems.append(Problem(rel, _line_of(node, where), f"missions_locales[{index}]", "latitude et longitude vont ensemble"))
    return directory
