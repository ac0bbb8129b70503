"""Rule packs: declarative rules in YAML, validated on load.

A pack is a YAML file (or a folder of them) with a `rules:` list (schema:
auditor/schema/rules.py). Each rule names one check kind and its parameters, which the
schema validates; what depends on the table profiles — the rule's table kinds, the columns
and kinds its parameters name — is checked here against the profiles loaded. A mistake is
a ConfigError naming the file and line, never a silent no-op; YAML is loaded safely and no
rule text is ever evaluated as code.
"""

from __future__ import annotations

import typing
from pathlib import Path

from auditor.errors import ConfigError
from auditor.recognise.profiles import ALL_TABLES, TableProfile
from auditor.resources import bundled_path
from auditor.schema import validated
from auditor.schema.params import ColumnRef, KindRef
from auditor.schema.rules import CODE_PATTERN, TEXT_KEYS, Rule, RulePack
from auditor.yamlfile import LineDict, load_yaml

# Row metadata every dataset has, usable wherever a column is expected.
META_COLUMNS = {"label", "key", "code", "level", "role"}

__all__ = ["CODE_PATTERN", "TEXT_KEYS", "Rule", "load_rules", "select_rules"]


def _fail(path: Path, line: int, message: str) -> ConfigError:
    return ConfigError(f"{path}:{line}: {message}")


def _check_tables(path: Path, entry: LineDict, rule: Rule, kinds: dict[str, TableProfile]) -> None:
    line = entry.line_of("tables")
    if ALL_TABLES in rule.tables and len(rule.tables) > 1:
        raise _fail(path, line, f"'{ALL_TABLES}' (every table) stands alone in 'tables'")
    for kind in rule.tables:
        if kind != ALL_TABLES and kind not in kinds:
            known = ", ".join(sorted(kinds))
            raise _fail(path, line, f"unknown table kind {kind!r} (known: {known})")


def _check_params(path: Path, entry: LineDict, rule: Rule, kinds: dict[str, TableProfile]) -> None:
    """Columns and table kinds the pack names in the parameters exist for the rule's kinds."""
    params = entry.get("params")
    columns = META_COLUMNS | {
        c.name for kind in rule.tables if kind in kinds for c in kinds[kind].columns
    }
    if ALL_TABLES in rule.tables:
        columns |= {c.name for profile in kinds.values() for c in profile.columns}
    for name, field in type(rule.params).model_fields.items():
        if name not in rule.params.model_fields_set:
            continue  # a default names what kinds in general have, not these ones
        value = getattr(rule.params, name)
        values = [value] if isinstance(value, str) else value if isinstance(value, list) else []
        line = params.line_of(name) if isinstance(params, LineDict) else entry.line
        for marker in field.metadata:
            if isinstance(marker, ColumnRef):
                for column in values:
                    if column not in columns:
                        raise _fail(
                            path,
                            line,
                            f"unknown column {column!r} for table kinds "
                            f"{', '.join(rule.tables)} (known: {', '.join(sorted(columns))})",
                        )
            elif isinstance(marker, KindRef):
                for kind in values:
                    if kind not in kinds:
                        raise _fail(path, line, f"unknown table kind {kind!r} in {name!r}")


def _pack_files(path: Path) -> list[Path]:
    """The pack files `path` names: itself, or a folder's *.yaml (the rule cases left out).
    Whether a file may be read (a regular file within --max-side-mb) `load_yaml` decides."""
    if path.is_dir():
        return sorted(p for p in path.rglob("*.yaml") if p.parent.name != "cases")
    if not path.exists() and not path.is_symlink():
        raise ConfigError(f"{path}: rule pack not found")
    return [path]


def load_pack(path: Path, kinds: dict[str, TableProfile]) -> list[Rule]:
    """The rules of one pack file, each knowing its file and line."""
    data = load_yaml(path)
    pack = validated(RulePack, data, path)
    entries = typing.cast(LineDict, data)["rules"]
    rules = []
    for rule, entry in zip(pack.rules, entries, strict=True):
        _check_tables(path, entry, rule, kinds)
        _check_params(path, entry, rule, kinds)
        rules.append(rule.model_copy(update={"path": str(path), "line": entry.line}))
    return rules


def load_rules(paths: list[Path] | None, profiles: list[TableProfile]) -> list[Rule]:
    """Load the bundled core pack plus any user packs; codes must be unique."""
    kinds = {p.kind: p for p in profiles}
    files = _pack_files(bundled_path("rules", "core"))
    for path in paths or []:
        files.extend(_pack_files(path))
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for file in files:
        for rule in load_pack(file, kinds):
            if rule.code in seen:
                first = seen[rule.code]
                raise _fail(
                    file,
                    rule.line,
                    f"rule code {rule.code} already defined at {first.path}:{first.line}",
                )
            seen[rule.code] = rule
            rules.append(rule)
    return rules


def select_rules(rules: list[Rule], select: list[str], ignore: list[str]) -> list[Rule]:
    """ruff-style selection: codes or prefixes ("LKJ1"); ignore wins over select."""

    select = [p.strip().upper() for p in select if p.strip()]
    ignore = [p.strip().upper() for p in ignore if p.strip()]

    def matches(rule: Rule, patterns: list[str]) -> bool:
        return any(rule.code.startswith(p) for p in patterns)

    chosen = [r for r in rules if not select or matches(r, select)]
    return [r for r in chosen if not matches(r, ignore)]
