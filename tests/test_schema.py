"""The typed foundations: one schema layer for the files people write, one registry of
check kinds, their JSON Schemas, and the rule-pack defects they close."""

from __future__ import annotations

import json
import re
import string
from pathlib import Path
from unittest.mock import patch

import jsonschema
import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.cases import cases_dir, load_cases, run_case
from auditor.checks import COMMON_PLACEHOLDERS, check_kinds
from auditor.cli import main
from auditor.engine import audit, load_rule_set
from auditor.errors import ConfigError
from auditor.findings import Outcome
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.profiles import load_profiles
from auditor.resources import bundled_path
from auditor.schema.params import PARAMS, ColumnRef
from auditor.schema.rules import RULE_CLASSES

DOCS = Path(__file__).resolve().parent.parent / "docs"
CORE_PACKS = sorted(bundled_path("rules", "core").glob("*.yaml"))
PROFILES_FILE = bundled_path("rules", "tables.yaml")
LINE = re.compile(r"^(?P<path>.+?):(?P<line>[0-9]+): ")
RATIO_RULE = """\
rules:
  - code: ABC001
    name: my-achievement
    severity: error
    tables: [capaian]
    check: ratio
    params:
      value: capaian
      numerator: realisasi
      denominator: target
      {extra}
    message: {{id: "Capaian salah", en: "Achievement wrong"}}
    source: test
    version: 1
"""


def _pack(tmp_path: Path, extra: str) -> Path:
    path = tmp_path / "pack.yaml"
    path.write_text(RATIO_RULE.format(extra=extra), encoding="utf-8")
    return path


# --- the two defects the loader used to let through ----------------------------------------


@pytest.mark.parametrize(
    ("extra", "line", "message"),
    [
        ("formulas: [postive]", 11, "params.formulas[0]: Input should be 'positive'"),
        ("negative_names: ['(unclosed']", 11, "invalid regular expression '(unclosed'"),
    ],
)
def test_rule_pack_defects_are_load_errors_with_file_and_line(tmp_path, extra, line, message):
    path = _pack(tmp_path, extra)
    with pytest.raises(ConfigError) as caught:
        load_rule_set((path,), "", "")
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert message in str(caught.value)
    result = CliRunner().invoke(main, ["audit", "--rules", str(path)])
    assert result.exit_code == 3
    assert result.stderr == f"lkjip-audit: {caught.value}\n"  # one line, no traceback


def test_a_message_naming_a_placeholder_no_check_fills_is_a_load_error(tmp_path):
    path = _pack(tmp_path, "scale: 100")
    path.write_text(path.read_text().replace("Capaian salah", "Capaian {formul}"), "utf-8")
    with pytest.raises(ConfigError, match=r"pack\.yaml:2: message of ABC001 names \{formul\}"):
        load_rule_set((path,), "", "")


def test_a_rule_none_of_whose_tables_has_its_columns_is_a_load_error(tmp_path):
    path = _pack(tmp_path, "scale: 100")
    text = path.read_text().replace("denominator: target", "denominator: anggaran")
    path.write_text(text.replace("tables: [capaian]", "tables: [capaian, realisasi_anggaran]"))
    with pytest.raises(ConfigError, match="ABC001 can never produce an outcome"):
        load_rule_set((path,), "", "")


# --- the registry --------------------------------------------------------------------------


def test_every_check_kind_is_one_module_with_its_parameter_model():
    kinds = check_kinds()
    assert set(kinds) == set(PARAMS) == set(RULE_CLASSES)
    for name, kind in kinds.items():
        assert kind.params is PARAMS[name]
        assert kind.evaluate.__module__ == f"auditor.checks.{name}"
        assert kind.summary.endswith(".")
        assert isinstance(kind.gx, str) or callable(kind.gx.expectations)


def test_every_bundled_rule_names_only_placeholders_its_kind_fills():
    _, rules, _ = load_rule_set((), "", "")
    for rule in rules:
        known = set(COMMON_PLACEHOLDERS) | set(check_kinds()[rule.check].placeholders)
        for lang in ("id", "en"):
            for _, name, _, _ in string.Formatter().parse(rule.message.get(lang)):
                if name:
                    assert re.sub(r"_(id|en)$", "", name) in known, (rule.code, name)


CASES = [c for path in sorted(cases_dir().glob("*.yaml")) for c in load_cases(path)]


class _Strict(dict):
    def __missing__(self, key: str) -> str:
        raise KeyError(key)


@pytest.mark.parametrize(
    "case", [c for c in CASES if c.expect == "fail"], ids=lambda c: f"{c.code}-{c.name}"
)
def test_every_failing_case_fills_every_placeholder_of_its_message(case):
    """The placeholders a kind declares are the ones its outcomes really fill."""
    for outcome in run_case(case):
        for lang in ("id", "en"):
            template = outcome.rule.message.get(lang)
            params = _params(outcome, lang)
            template.format_map(_Strict(params))  # a missing one raises KeyError


def _params(outcome: Outcome, lang: str) -> dict[str, str]:
    params = {p: "x" for p in COMMON_PLACEHOLDERS} | dict(outcome.params)
    params.update({k.removesuffix(f"_{lang}"): v for k, v in params.items() if k.endswith(lang)})
    return params


# --- the JSON Schemas ----------------------------------------------------------------------


def _schema(name: str) -> dict:
    return json.loads((DOCS / "schemas" / name).read_text(encoding="utf-8"))


def _yaml(path: Path) -> object:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_bundled_files_validate_against_the_published_schemas():
    for path in CORE_PACKS:
        jsonschema.validate(_yaml(path), _schema("rule-pack.schema.json"))
    jsonschema.validate(_yaml(PROFILES_FILE), _schema("table-profiles.schema.json"))
    for path in sorted(cases_dir().glob("*.yaml")):
        jsonschema.validate(_yaml(path), _schema("rule-cases.schema.json"))
    waivers = "- rule: LKJ101\n  table: '3.7.1'\n  justification: Dikoreksi dalam DPA.\n"
    jsonschema.validate(yaml.safe_load(waivers), _schema("acknowledgements.schema.json"))


def test_the_schema_of_a_rule_pack_rejects_what_the_loader_rejects():
    pack = _yaml(CORE_PACKS[0])
    pack["rules"][0]["severity"] = "fatal"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(pack, _schema("rule-pack.schema.json"))


def test_findings_json_follows_its_contract_and_schema(tmp_path):
    from auditor.findings_json import FindingsDocument

    for args in (["audit"], ["audit", "--engine", "native", "--lang", "en"]):
        result = CliRunner().invoke(main, [*args, "--format", "json"])
        document = json.loads(result.stdout)
        FindingsDocument.model_validate(document)  # no key beyond the contract
        jsonschema.validate(document, _schema("findings.schema.json"))


# --- mutated packs and profiles: a clean load, or a file:line error — never a crash --------

PARSED_PACKS = [(p.name, _yaml(p)) for p in CORE_PACKS]
PARSED_PROFILES = _yaml(PROFILES_FILE)
SCALARS = st.one_of(
    st.sampled_from(
        ["postive", "(unclosed", "capaian", "realisasi", "anggaran", "[x", "*", "-1", "LKJ1"]
    ),
    st.integers(-3, 300),
    st.booleans(),
    st.none(),
    st.text(max_size=6),
)
SAMPLE_TEXT = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023-repaired.txt").read_text(
    encoding="utf-8"
)
SAMPLE = Document("sample", "text", "", parse_text(SAMPLE_TEXT))


@st.composite
def mutated(draw: st.DrawFn, start: object) -> object:
    """`start` with one to three edits: a value replaced, a key or item dropped, an item
    duplicated."""
    import copy

    data = copy.deepcopy(start)
    for _ in range(draw(st.integers(1, 3))):
        parent, key, node = None, None, data
        while isinstance(node, dict | list) and node and draw(st.integers(0, 3)):
            keys = list(node) if isinstance(node, dict) else list(range(len(node)))
            parent, key = node, draw(st.sampled_from(keys))
            node = node[key]
        if parent is None:
            continue
        edit = draw(st.sampled_from(["replace", "drop", "copy"]))
        if edit == "drop":
            del parent[key]
        elif edit == "copy" and isinstance(parent, list):
            parent.append(copy.deepcopy(node))
        else:
            parent[key] = draw(SCALARS)
    return data


def _loaded_or_refused(action) -> object:
    try:
        return action()
    except ConfigError as exc:
        match = LINE.match(str(exc))
        assert match, f"no file:line in {exc}"
        assert "\n" not in str(exc)
        return None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_pack_loads_cleanly_or_names_file_and_line(tmp_path_factory, data):
    name, pack = data.draw(st.sampled_from(PARSED_PACKS))
    folder = tmp_path_factory.mktemp("core")  # the core packs, one of them mutated
    for path in CORE_PACKS:
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / name).write_text(yaml.safe_dump(data.draw(mutated(pack)), allow_unicode=True))
    with patch("auditor.rules.bundled_path", return_value=folder):
        loaded = _loaded_or_refused(lambda: load_rule_set((), "", ""))
    if loaded is None:
        return
    profiles, rules, _ = loaded
    result = audit(SAMPLE, rules, profiles)
    _every_rule_can_produce_an_outcome(rules, profiles)
    assert result.verdict() is not None


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_profiles_load_cleanly_or_name_file_and_line(tmp_path_factory, data):
    path = tmp_path_factory.mktemp("mutant") / "tables.yaml"
    path.write_text(yaml.safe_dump(data.draw(mutated(PARSED_PROFILES)), allow_unicode=True))

    def load():
        profiles = load_profiles(path)
        return load_rule_set((), "", "", profiles=profiles)

    loaded = _loaded_or_refused(load)
    if loaded is None:
        return
    profiles, rules, _ = loaded
    audit(SAMPLE, rules, profiles)
    _every_rule_can_produce_an_outcome(rules, profiles)


def _every_rule_can_produce_an_outcome(rules, profiles) -> None:
    """Statically: some table kind of each rule has every column its parameters name."""
    columns = {p.kind: {c.name for c in p.columns} for p in profiles}
    for rule in rules:
        if "*" in rule.tables:
            continue
        named = [
            getattr(rule.params, n)
            for n, f in type(rule.params).model_fields.items()
            if f.is_required() and any(isinstance(m, ColumnRef) for m in f.metadata)
        ]
        singles = {v for v in named if isinstance(v, str)}
        meta = {"label", "key", "code", "level", "role"}
        assert any(singles <= columns.get(k, set()) | meta for k in rule.tables), rule.code
