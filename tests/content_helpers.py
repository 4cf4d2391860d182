"""A broken copy of the shipped content (fixture ``broken``) and helpers to edit it and list its problems."""

import shutil
from pathlib import Path

import pytest
import yaml

from bot.catalogue.loader import read_content

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def broken(tmp_path):
    """A copy of the content to break."""
    target = tmp_path / "content"
    shutil.copytree(ROOT / "content", target)
    return target


def _first_branch(content: Path) -> Path:
    return sorted((content / "metiers").glob("*.yaml"))[0]


def _edit(path: Path, change) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _problems(content: Path) -> list[str]:
    return [str(p) for p in read_content(content).problems]
