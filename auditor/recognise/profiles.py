"""Table profiles: the declarative description of each table kind (see rules/tables.yaml).

The schema is auditor/schema/profiles.py; loading adds what one entry cannot know: a kind
is declared once.
"""

from __future__ import annotations

import typing
from pathlib import Path

from auditor.errors import ConfigError
from auditor.resources import bundled_path
from auditor.schema import validated
from auditor.schema.profiles import ColumnSpec, ProfileFile, TableProfile
from auditor.yamlfile import LineDict, load_yaml

# A rule's `tables: ["*"]`: every table, recognised or not (the coverage rules).
ALL_TABLES = "*"

__all__ = ["ALL_TABLES", "ColumnSpec", "TableProfile", "load_profiles"]


def load_profiles(path: Path | None = None) -> list[TableProfile]:
    """Load and validate table profiles; the bundled rules/tables.yaml by default."""
    path = path or bundled_path("rules", "tables.yaml")
    data = load_yaml(path)
    profiles = validated(ProfileFile, data, path).kinds
    entries = typing.cast(LineDict, data)["kinds"]
    seen: set[str] = set()
    for profile, entry in zip(profiles, entries, strict=True):
        if profile.kind in seen:
            raise ConfigError(f"{path}:{entry.line}: table kind '{profile.kind}' declared twice")
        seen.add(profile.kind)
    return profiles
