"""Table profiles: the declarative description of each table kind (see rules/tables.yaml)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import ConfigError
from auditor.resources import bundled_path
from auditor.yamlfile import LineDict, load_yaml

COLUMN_TYPES = {"code", "text", "name", "number"}
# A rule's `tables: ["*"]`: every table, recognised or not (the coverage rules).
ALL_TABLES = "*"
# Kinds also recognised from the shape of their rows when no header names them.
SHAPES = {"contents"}  # a table of contents: titles with page numbers that never go down
KIND_KEYS = {
    "kind",
    "shape",
    "title",
    "header_all",
    "header_none",
    "context_any",
    "min_years",
    "label",
    "levels",
    "columns",
}
COLUMN_KEYS = {"name", "type", "match", "exact"}


@dataclass(frozen=True)
class ColumnSpec:
    name: str
    type: str
    patterns: tuple[re.Pattern[str], ...]
    exact: bool = False  # amounts that are exact by nature (whole Rupiah), not rounded


@dataclass(frozen=True)
class TableProfile:
    kind: str
    title: dict[str, str]
    header_all: tuple[re.Pattern[str], ...]
    header_none: tuple[re.Pattern[str], ...]
    context_any: tuple[re.Pattern[str], ...]
    min_years: int
    label: str | None  # canonical column that names a row
    levels: tuple[str, ...]  # names of hierarchy depths 0, 1, 2, ...
    columns: tuple[ColumnSpec, ...]
    shape: str | None = None  # one of SHAPES: also recognised from its rows

    def column(self, name: str) -> ColumnSpec | None:
        return next((c for c in self.columns if c.name == name), None)


def _patterns(path: Path, entry: LineDict, key: str) -> tuple[re.Pattern[str], ...]:
    values = entry.get(key, [])
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise ConfigError(f"{path}:{entry.line_of(key)}: '{key}' must be a list of patterns")
    compiled = []
    for value in values:
        try:
            compiled.append(re.compile(value))
        except re.error as exc:
            raise ConfigError(
                f"{path}:{entry.line_of(key)}: bad pattern {value!r} in '{key}': {exc}"
            ) from None
    return tuple(compiled)


def _unknown_keys(path: Path, entry: LineDict, allowed: set[str], what: str) -> None:
    for key in entry:
        if key not in allowed:
            raise ConfigError(
                f"{path}:{entry.line_of(key)}: unknown key '{key}' in {what} "
                f"(allowed: {', '.join(sorted(allowed))})"
            )


def _column(path: Path, entry: object, kind: str) -> ColumnSpec:
    if not isinstance(entry, LineDict):
        raise ConfigError(f"{path}: a column of kind '{kind}' must be a mapping")
    _unknown_keys(path, entry, COLUMN_KEYS, f"a column of kind '{kind}'")
    name, ctype = entry.get("name"), entry.get("type", "text")
    if not isinstance(name, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", name):
        raise ConfigError(f"{path}:{entry.line}: column name must be snake_case text")
    if ctype not in COLUMN_TYPES:
        raise ConfigError(
            f"{path}:{entry.line_of('type')}: unknown column type '{ctype}' "
            f"(allowed: {', '.join(sorted(COLUMN_TYPES))})"
        )
    exact = entry.get("exact", False)
    if not isinstance(exact, bool):
        raise ConfigError(f"{path}:{entry.line_of('exact')}: 'exact' must be true or false")
    return ColumnSpec(name, ctype, _patterns(path, entry, "match"), exact)


def _profile(path: Path, entry: object) -> TableProfile:
    if not isinstance(entry, LineDict):
        raise ConfigError(f"{path}: each entry of 'kinds' must be a mapping")
    _unknown_keys(path, entry, KIND_KEYS, "a table kind")
    kind = entry.get("kind")
    if not isinstance(kind, str) or not kind:
        raise ConfigError(f"{path}:{entry.line}: table kind without a 'kind' name")
    title = entry.get("title") or {}
    if not isinstance(title, dict) or not {"id", "en"} <= set(title):
        raise ConfigError(f"{path}:{entry.line_of('title')}: 'title' needs 'id' and 'en'")
    columns = tuple(_column(path, c, kind) for c in entry.get("columns") or [])
    names = [c.name for c in columns]
    shape = entry.get("shape")
    if shape is not None and shape not in SHAPES:
        raise ConfigError(
            f"{path}:{entry.line_of('shape')}: unknown shape '{shape}' "
            f"(allowed: {', '.join(sorted(SHAPES))})"
        )
    label = entry.get("label")
    if label is not None and label not in names:
        raise ConfigError(
            f"{path}:{entry.line_of('label')}: label '{label}' is not a column of '{kind}'"
        )
    return TableProfile(
        kind=kind,
        title={"id": str(title["id"]), "en": str(title["en"])},
        header_all=_patterns(path, entry, "header_all"),
        header_none=_patterns(path, entry, "header_none"),
        context_any=_patterns(path, entry, "context_any"),
        min_years=int(entry.get("min_years", 0)),
        label=label,
        levels=tuple(entry.get("levels") or ()),
        columns=columns,
        shape=shape,
    )


def load_profiles(path: Path | None = None) -> list[TableProfile]:
    """Load and validate table profiles; the bundled rules/tables.yaml by default."""
    path = path or bundled_path("rules", "tables.yaml")
    data = load_yaml(path)
    if not isinstance(data, LineDict) or not isinstance(data.get("kinds"), list):
        raise ConfigError(f"{path}: expected a mapping with a 'kinds' list")
    _unknown_keys(path, data, {"version", "kinds"}, "a table profile file")
    profiles = [_profile(path, entry) for entry in data["kinds"]]
    seen: set[str] = set()
    for profile, entry in zip(profiles, data["kinds"], strict=True):
        if profile.kind in seen:
            raise ConfigError(f"{path}:{entry.line}: table kind '{profile.kind}' declared twice")
        seen.add(profile.kind)
    return profiles
