"""The rule catalogue (`lkjip-audit rules`) and one rule explained (`lkjip-audit explain`).

Every word comes from the rule packs, the table profiles and `auditor.i18n`; the examples
are the rule's own cases (rules/cases/<CODE>.yaml) and the findings shown for them are what
the rule reports when it is run on them, never written by hand. docs/generate.py writes the
rule reference from the same Markdown, so the docs and the command line cannot disagree.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.errors import printable, printable_lines
from auditor.i18n import LANGS, Lang, label
from auditor.recognise.profiles import ALL_TABLES
from auditor.resources import bundled_path

if TYPE_CHECKING:
    from rich.console import Console

    from auditor.cases import RuleCase
    from auditor.findings import Outcome
    from auditor.recognise.profiles import TableProfile
    from auditor.rules import Rule

# Characters that would turn rule text into Markdown markup (a quoted "**Tabel 2.3**" in a
# message must stay literal). `|` is escaped by markdown_table, where it matters.
_MARKDOWN_ACTIVE = re.compile(r"([\\`*_\[\]<])")


@dataclass(frozen=True)
class Example:
    case: RuleCase
    findings: tuple[Outcome, ...]  # what the rule reports on the case's document


@dataclass(frozen=True)
class Explanation:
    rule: Rule
    table_titles: dict[str, dict[Lang, str]]  # the rule's table kinds -> title by language
    failing: Example | None  # None: the rule has no case of that kind (e.g. a user pack)
    passing: Example | None
    # `--engine gx`: the GX expectation types that express the rule, or why none can.
    gx_expectations: tuple[str, ...] = ()
    gx_native_reason: str | None = None  # i18n label


def display_path(path: str) -> str:
    """A bundled file as `rules/...`, in a checkout or installed alike; another path as given."""
    rules_root = bundled_path("rules", "tables.yaml").resolve().parent
    try:
        return f"rules/{Path(path).resolve().relative_to(rules_root).as_posix()}"
    except ValueError:
        return path


def escape_markdown(text: str) -> str:
    return _MARKDOWN_ACTIVE.sub(r"\\\1", text)


def markdown_table(header: list[str], rows: list[list[str]]) -> str:
    """A GitHub table; cells are Markdown already, only their `|` and line breaks are escaped."""

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", r"\|").replace("\n", " ") for c in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)]) + "\n"


def _sorted(rules: list[Rule]) -> list[Rule]:
    return sorted(rules, key=lambda r: r.code)


def rule_to_dict(rule: Rule, lang: Lang) -> dict[str, Any]:
    from auditor.rules import TEXT_KEYS

    return {
        "code": rule.code,
        "name": rule.name,
        "severity": rule.severity,
        "check": rule.check,
        "tables": list(rule.tables),
        "params": rule.params.model_dump(mode="json"),
        **{key: rule.text(key, lang) for key in TEXT_KEYS},
        "source": rule.source,
        "version": rule.version,
        "pack": display_path(rule.path),
        "line": rule.line,
    }


def catalogue_to_list(rules: list[Rule], lang: Lang) -> list[dict[str, Any]]:
    return [rule_to_dict(rule, lang) for rule in _sorted(rules)]


def print_catalogue(rules: list[Rule], console: Console, lang: Lang) -> None:
    """One row per rule, by code, under a line naming its pack (pack files follow the codes)."""
    from rich.table import Table
    from rich.text import Text

    from auditor.report.terminal import SEVERITY_STYLE

    table = Table(header_style="bold", expand=True)
    # Titles and names get the room; the short columns keep their natural width.
    ratios = {"title": 3, "tables": 2}
    for key in ("code", "title", "severity", "check_kind", "tables"):
        table.add_column(label(key, lang), overflow="fold", ratio=ratios.get(key))
    pack = None
    for rule in _sorted(rules):
        if (path := display_path(rule.path)) != pack:
            if pack is not None:
                table.add_section()
            pack = path
            table.add_row("", Text(printable(f"{label('pack', lang)} {pack}"), style="bold"))
        # A user's pack may hold anything its YAML can escape ("\e"): shown, never run.
        title, name = printable(rule.text("title", lang)), printable(rule.name)
        table.add_row(
            rule.code,
            Text.assemble(title, "\n", (name, "dim")),
            Text(label(rule.severity, lang), style=SEVERITY_STYLE[rule.severity]),
            rule.check,
            ", ".join(rule.tables),
        )
    console.print(table)


def _kind(kind: str, repo_root: str | None) -> str:
    if kind == ALL_TABLES:
        return f"`{kind}`"
    return f"[`{kind}`]({repo_root}docs/tables.md#{kind})" if repo_root else f"`{kind}`"


def _file(path: str, repo_root: str | None, line: int | None = None) -> str:
    shown = display_path(path)
    if not repo_root:
        return f"`{shown}:{line}`" if line else f"`{shown}`"
    return f"[`{shown}`]({repo_root}{shown}{f'#L{line}' if line else ''})"


def catalogue_markdown(rules: list[Rule], lang: Lang, repo_root: str | None = None) -> str:
    """The catalogue as a Markdown table.

    `repo_root` is the repository root relative to the page, for the generated docs: codes
    then link to their pages (`<CODE>.md` next to it), kinds and packs to their files.
    """
    rows = [
        [
            f"[{rule.code}]({rule.code}.md)" if repo_root else rule.code,
            f"`{rule.name}`",
            escape_markdown(rule.text("title", lang)),
            label(rule.severity, lang),
            f"`{rule.check}`",
            ", ".join(_kind(kind, repo_root) for kind in rule.tables),
            _file(rule.path, repo_root),
        ]
        for rule in _sorted(rules)
    ]
    header = [
        label(key, lang)
        for key in ("code", "name", "title", "severity", "check_kind", "tables", "pack")
    ]
    return f"# {label('rule_catalogue', lang)}\n\n{markdown_table(header, rows)}"


def explain_rule(rule: Rule, profiles: list[TableProfile]) -> Explanation:
    """The rule with its first failing and first passing case, each run through the rule."""
    from auditor.cases import cases_dir, load_cases, run_case

    path = cases_dir() / f"{rule.code}.yaml"
    cases = load_cases(path) if path.exists() else []

    def example(expect: str) -> Example | None:
        case = next((c for c in cases if c.expect == expect), None)
        return Example(case, tuple(run_case(case))) if case else None

    from auditor.checks import check_kind, gx_expectations

    titles = {p.kind: {lang: p.title[lang] for lang in LANGS} for p in profiles}
    titles[ALL_TABLES] = {lang: label("all_tables", lang) for lang in LANGS}
    types = (
        e["type"]
        for p in profiles
        if p.kind in rule.tables
        for e in gx_expectations(rule, {c.name for c in p.columns}, "either") or []
    )
    return Explanation(
        rule=rule,
        table_titles={kind: titles[kind] for kind in rule.tables},
        failing=example("fail"),
        passing=example("pass"),
        gx_expectations=tuple(dict.fromkeys(types)),
        gx_native_reason=check_kind(rule.check).native_reason(rule),
    )


def _example_to_dict(example: Example | None, lang: Lang) -> dict[str, Any] | None:
    if example is None:
        return None
    case = example.case
    return {
        "name": case.name,
        "case": display_path(case.path),
        "line": case.line,
        "document": case.document,
        "findings": [{**o.subject.to_dict(), "message": o.message(lang)} for o in example.findings],
    }


def explanation_to_dict(explanation: Explanation, lang: Lang) -> dict[str, Any]:
    return {
        **rule_to_dict(explanation.rule, lang),
        "table_titles": {kind: t[lang] for kind, t in explanation.table_titles.items()},
        "failing_example": _example_to_dict(explanation.failing, lang),
        "passing_example": _example_to_dict(explanation.passing, lang),
        "great_expectations": {
            "expectations": list(explanation.gx_expectations),
            "native_reason": label(reason, lang)
            if (reason := explanation.gx_native_reason)
            else None,
        },
    }


def _param_markdown(value: object) -> str:
    values = value if isinstance(value, list) else [value]
    return ", ".join(f"`{str(v).lower() if isinstance(v, bool) else v}`" for v in values)


def _example_markdown(
    heading: str, example: Example | None, lang: Lang, repo_root: str | None
) -> list[str]:
    parts = [f"## {heading}"]
    if example is None:
        return [*parts, label("no_examples", lang)]
    case = example.case
    parts += [
        f"*{escape_markdown(case.name)}* — {_file(case.path, repo_root, case.line)}",
        f"```text\n{case.document.rstrip()}\n```",
    ]
    if not example.findings:
        return [*parts, label("no_findings_here", lang)]
    messages = "\n".join(f"- {escape_markdown(o.message(lang))}" for o in example.findings)
    return [*parts, f"{label('findings', lang)}:", messages]


def explanation_markdown(explanation: Explanation, lang: Lang, repo_root: str | None = None) -> str:
    """Everything about one rule in Markdown; `repo_root` as in `catalogue_markdown`."""
    rule = explanation.rule
    title = rule.text("title", lang)
    tables = ", ".join(
        f"{_kind(kind, repo_root)} ({escape_markdown(t[lang])})"
        for kind, t in explanation.table_titles.items()
    )
    facts = [
        ("severity", label(rule.severity, lang)),
        ("check_kind", f"`{rule.check}`"),
        ("tables", tables),
        ("source", escape_markdown(rule.source)),
        ("version", str(rule.version)),
        ("pack", _file(rule.path, repo_root, rule.line)),
        ("gx_engine", _gx_markdown(explanation, lang)),
    ]
    parts = [
        f"# {rule.code} · {rule.name}",
        *([f"**{escape_markdown(title)}**"] if title else []),
        "\n".join(f"- **{label(key, lang)}:** {value}" for key, value in facts),
    ]
    for key in ("description", "impact", "recommendation"):
        if text := rule.text(key, lang):
            parts += [f"## {label(key, lang)}", escape_markdown(text)]
    dumped = rule.params.model_dump(mode="json")
    params = [(n, v) for n, v in dumped.items() if v is not None and v != []]
    if params:
        lines = "\n".join(f"- `{name}`: {_param_markdown(value)}" for name, value in params)
        parts += [f"## {label('parameters', lang)}", lines]
    parts += _example_markdown(label("failing_example", lang), explanation.failing, lang, repo_root)
    parts += _example_markdown(label("passing_example", lang), explanation.passing, lang, repo_root)
    return "\n\n".join(parts) + "\n"


def _gx_markdown(explanation: Explanation, lang: Lang) -> str:
    if explanation.gx_native_reason:
        return f"{label('gx_native', lang)} — {label(explanation.gx_native_reason, lang)}"
    return ", ".join(f"`{t}`" for t in explanation.gx_expectations)


def print_explanation(explanation: Explanation, console: Console, lang: Lang) -> None:
    """The Markdown explanation, rendered by rich (headings, lists, highlighted examples)."""
    from rich.markdown import Markdown

    console.print(Markdown(printable_lines(explanation_markdown(explanation, lang))))
