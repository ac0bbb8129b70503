"""Table profiles: the declarative description of each table kind (see rules/tables.yaml).

The schema is auditor/schema/profiles.py; loading adds what one entry cannot know: a kind
is declared once per file and once among the reviewer's own files (`--profiles`).

A reviewer's profiles (`--profiles FILE_OR_DIR`, the same format as rules/tables.yaml) are
tried before the built-in ones, so that on equal evidence the reviewer's kind wins; a kind
named like a built-in one replaces it (to widen or narrow how it is recognised): the rule
packs are then checked against the replacement, so a replacement that drops a column a
core rule needs is refused (exit 3).
"""

from __future__ import annotations

import typing
from collections.abc import Iterable
from pathlib import Path

from auditor.errors import ConfigError
from auditor.resources import bundled_path
from auditor.schema import validated
from auditor.schema.profiles import ColumnSpec, ProfileFile, TableProfile
from auditor.yamlfile import LineDict, load_yaml

# A rule's `tables: ["*"]`: every table, recognised or not (the coverage rules).
ALL_TABLES = "*"

__all__ = ["ALL_TABLES", "ColumnSpec", "TableProfile", "load_profiles"]


def load_profiles(path: Path | None = None, extra: Iterable[str | Path] = ()) -> list[TableProfile]:
    """Load and validate table profiles: the bundled rules/tables.yaml by default, and the
    reviewer's own in `extra` (files, or folders of *.yaml / *.yml), which come first and
    replace a built-in kind of the same name."""
    built_in = _load_file(path or bundled_path("rules", "tables.yaml"))
    own: dict[str, tuple[TableProfile, str]] = {}
    for file in (f for e in extra for f in _profile_files(Path(e))):
        for profile, where in _with_lines(file):
            if profile.kind in own:
                raise ConfigError(
                    f"{where}: table kind '{profile.kind}' already declared at "
                    f"{own[profile.kind][1]}"
                )
            own[profile.kind] = (profile, where)
    return [p for p, _ in own.values()] + [p for p in built_in if p.kind not in own]


def _profile_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*") if p.suffix in (".yaml", ".yml"))
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: table profiles not found")
    return [path]


def _with_lines(path: Path) -> list[tuple[TableProfile, str]]:
    """The profiles of one file, each with its "file:line"; a kind declared twice in it
    is refused."""
    data = load_yaml(path)
    profiles = validated(ProfileFile, data, path).kinds
    entries = typing.cast(LineDict, data)["kinds"]
    seen: set[str] = set()
    found = []
    for profile, entry in zip(profiles, entries, strict=True):
        if profile.kind in seen:
            raise ConfigError(f"{path}:{entry.line}: table kind '{profile.kind}' declared twice")
        seen.add(profile.kind)
        found.append((profile, f"{path}:{entry.line}"))
    return found


def _load_file(path: Path) -> list[TableProfile]:
    return [profile for profile, _ in _with_lines(path)]
