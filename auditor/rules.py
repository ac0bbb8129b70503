"""Rule packs: declarative rules in YAML, validated on load.

A pack is a YAML file (or a folder of them) with a `rules:` list. Each rule names one check
kind (a module in auditor/checks) and its parameters; the check's own parameter schema,
the known table kinds and their columns are all validated here, so a typo is a clear error
naming the file and line instead of a silent no-op. YAML is loaded safely and no rule text
is ever evaluated as code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from auditor.checks import CHECK_KINDS, Param, check_module
from auditor.errors import ConfigError
from auditor.recognise.profiles import ALL_TABLES, TableProfile
from auditor.resources import bundled_path
from auditor.yamlfile import LineDict, load_yaml

SEVERITIES = ("error", "warning", "info")
CODE_RE = re.compile(r"^[A-Z]{2,5}[0-9]{3}\Z")  # \Z: "LKJ101\n" is no code
RULE_KEYS = {
    "code",
    "name",
    "title",
    "severity",
    "tables",
    "check",
    "params",
    "message",
    "description",
    "impact",
    "recommendation",
    "source",
    "version",
}
REQUIRED_KEYS = {"code", "name", "severity", "tables", "check", "message", "source", "version"}
TEXT_KEYS = ("title", "message", "description", "impact", "recommendation")
# Row metadata every dataset has, usable wherever a column is expected.
META_COLUMNS = {"label", "key", "code", "level", "role"}


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: str
    tables: tuple[str, ...]
    check: str
    params: dict[str, Any]
    message: dict[str, str]
    source: str
    version: int
    title: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    impact: dict[str, str] = field(default_factory=dict)
    recommendation: dict[str, str] = field(default_factory=dict)
    path: str = ""
    line: int = 0

    def text(self, key: str, lang: str) -> str:
        value: dict[str, str] = getattr(self, key)
        return value.get(lang) or value.get("id", "")


def _fail(path: Path, line: int, message: str) -> ConfigError:
    return ConfigError(f"{path}:{line}: {message}")


def _check_param(
    path: Path,
    entry: LineDict,
    rule_kinds: tuple[str, ...],
    profiles: dict[str, TableProfile],
    name: str,
    spec: Param,
    value: Any,
) -> Any:
    params = entry.get("params")
    line = params.line_of(name) if isinstance(params, LineDict) else entry.line
    if value is None:
        if spec.required:
            raise _fail(path, line, f"check '{entry['check']}' needs parameter '{name}'")
        return spec.default
    ok = {
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "text": lambda v: isinstance(v, str),
        "bool": lambda v: isinstance(v, bool),
        "choice": lambda v: v in (spec.choices or ()),
        "column": lambda v: isinstance(v, str),
        "columns": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "kinds": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
        "texts": lambda v: isinstance(v, list) and all(isinstance(x, str) for x in v),
    }[spec.kind](value)
    if not ok:
        expected = f"one of {', '.join(spec.choices or ())}" if spec.kind == "choice" else spec.kind
        raise _fail(path, line, f"parameter '{name}' must be {expected}, got {value!r}")
    if spec.kind in ("column", "columns"):
        known = META_COLUMNS | {
            c.name for k in rule_kinds if k in profiles for c in profiles[k].columns
        }
        for column in [value] if isinstance(value, str) else value:
            if column not in known:
                raise _fail(
                    path,
                    line,
                    f"unknown column {column!r} for table kinds {', '.join(rule_kinds)} "
                    f"(known: {', '.join(sorted(known))})",
                )
    if spec.kind == "kinds":
        for kind in value:
            if kind not in profiles:
                raise _fail(path, line, f"unknown table kind {kind!r}")
    return value


def _texts(path: Path, entry: LineDict, key: str, required: bool) -> dict[str, str]:
    value = entry.get(key)
    if value is None and not required:
        return {}
    if (
        not isinstance(value, dict)
        or not isinstance(value.get("id"), str)
        or not isinstance(value.get("en"), str)
    ):
        raise _fail(
            path, entry.line_of(key), f"'{key}' needs Indonesian ('id') and English ('en') text"
        )
    return {"id": value["id"], "en": value["en"]}


def _rule(path: Path, entry: Any, profiles: dict[str, TableProfile]) -> Rule:
    if not isinstance(entry, LineDict):
        raise ConfigError(f"{path}: each entry of 'rules' must be a mapping")
    for key in entry:
        if key not in RULE_KEYS:
            raise _fail(
                path,
                entry.line_of(key),
                f"unknown key {key!r} in a rule (allowed: {', '.join(sorted(RULE_KEYS))})",
            )
    missing = REQUIRED_KEYS - set(entry)
    if missing:
        raise _fail(path, entry.line, f"rule is missing {', '.join(sorted(missing))}")
    code = entry["code"]
    if not isinstance(code, str) or not CODE_RE.match(code):
        raise _fail(path, entry.line_of("code"), f"rule code {code!r} must look like 'LKJ101'")
    if entry["severity"] not in SEVERITIES:
        raise _fail(
            path, entry.line_of("severity"), f"severity must be one of {', '.join(SEVERITIES)}"
        )
    kinds = entry["tables"]
    if not isinstance(kinds, list) or not kinds:
        raise _fail(path, entry.line_of("tables"), "'tables' must be a list of table kinds")
    if ALL_TABLES in kinds and len(kinds) > 1:
        raise _fail(path, entry.line_of("tables"), f"'{ALL_TABLES}' (every table) stands alone")
    for kind in kinds:
        if kind == ALL_TABLES:
            continue
        if not isinstance(kind, str) or kind not in profiles:
            raise _fail(
                path,
                entry.line_of("tables"),
                f"unknown table kind {kind!r} (known: {', '.join(sorted(profiles))})",
            )
    check = entry["check"]
    if check not in CHECK_KINDS:
        raise _fail(
            path,
            entry.line_of("check"),
            f"unknown check kind {check!r} (known: {', '.join(CHECK_KINDS)})",
        )
    schema: dict[str, Param] = check_module(check).PARAMS
    raw_params = entry.get("params") or {}
    if not isinstance(raw_params, dict):
        raise _fail(path, entry.line_of("params"), "'params' must be a mapping")
    for key in raw_params:
        if key not in schema:
            line = raw_params.line_of(key) if isinstance(raw_params, LineDict) else entry.line
            raise _fail(
                path,
                line,
                f"unknown parameter {key!r} for check '{check}' "
                f"(allowed: {', '.join(sorted(schema)) or 'none'})",
            )
    params = {
        name: _check_param(path, entry, tuple(kinds), profiles, name, spec, raw_params.get(name))
        for name, spec in schema.items()
    }
    version = entry["version"]
    if not isinstance(version, int):
        raise _fail(path, entry.line_of("version"), "'version' must be a whole number")
    return Rule(
        code=code,
        name=str(entry["name"]),
        severity=entry["severity"],
        tables=tuple(kinds),
        check=check,
        params=params,
        message=_texts(path, entry, "message", required=True),
        source=str(entry["source"]),
        version=version,
        title=_texts(path, entry, "title", required=False),
        description=_texts(path, entry, "description", required=False),
        impact=_texts(path, entry, "impact", required=False),
        recommendation=_texts(path, entry, "recommendation", required=False),
        path=str(path),
        line=entry.line,
    )


def _pack_files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.rglob("*.yaml") if p.parent.name != "cases")
    if path.is_file():
        return [path]
    raise ConfigError(f"{path}: rule pack not found")


def load_rules(paths: list[Path] | None, profiles: list[TableProfile]) -> list[Rule]:
    """Load the bundled core pack plus any user packs; codes must be unique."""
    by_kind = {p.kind: p for p in profiles}
    files = _pack_files(bundled_path("rules", "core"))
    for path in paths or []:
        files.extend(_pack_files(path))
    rules: list[Rule] = []
    seen: dict[str, Rule] = {}
    for file in files:
        data = load_yaml(file)
        if not isinstance(data, LineDict) or not isinstance(data.get("rules"), list):
            raise ConfigError(f"{file}: expected a mapping with a 'rules' list")
        for key in data:
            if key not in {"pack", "version", "rules"}:
                raise _fail(file, data.line_of(key), f"unknown key {key!r} in a rule pack")
        for entry in data["rules"]:
            rule = _rule(file, entry, by_kind)
            if rule.code in seen:
                raise _fail(
                    file,
                    rule.line,
                    f"rule code {rule.code} already defined at "
                    f"{seen[rule.code].path}:{seen[rule.code].line}",
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


def load_rule_set(
    rule_paths: tuple[str | Path, ...], select: str, ignore: str
) -> tuple[dict[str, TableProfile], list[Rule], list[Rule]]:
    """What `audit` and `batch` run with: the table profiles, every rule (rounding detection
    uses them all) and the rules selected by --select/--ignore (comma-separated codes)."""
    from auditor.recognise.profiles import load_profiles

    profiles = load_profiles()
    every_rule = load_rules([Path(p) for p in rule_paths], profiles)
    return profiles, every_rule, select_rules(every_rule, select.split(","), ignore.split(","))
