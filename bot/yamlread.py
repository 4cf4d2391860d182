"""YAML read with libyaml's C parser when PyYAML was built with it (several times faster: the content,
messages and config files are read at every start-up), the pure-Python safe parser otherwise. Both are
safe loaders and give the same values."""

from __future__ import annotations

from typing import Any

import yaml

FastLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_yaml(text: str) -> Any:
    """The value of one YAML document (raises ``yaml.YAMLError`` like ``yaml.safe_load``)."""
    return yaml.load(text, Loader=FastLoader)  # noqa: S506 - FastLoader is a safe loader
