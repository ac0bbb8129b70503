"""The native and Great Expectations engines give the same verdicts (issue 8).

For every rule both can run: on the sample and its repaired copy through `--engine gx`
itself (verdicts, findings, and the JSON document but its `engine` block), on the
single-cell mutants of the repaired copy (tests/mutations.py; all of them in CI) through
the same suites and frames validated in bulk, and on the exported CSVs with the exported
suites, validated by the exported validate.py in a fresh process. A failure lists the
differing instances.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from functools import cache
from pathlib import Path

import pandas as pd
import pytest
from mutations import REPAIRED, Mutation, apply, mutants
from reporting import audited

import auditor
from auditor.checks.cells import AuditContext
from auditor.engine import AuditResult, _evaluate, detect_rounding
from auditor.findings_json import findings_document
from auditor.gx.engine import Validator
from auditor.gx.frames import dataset_frame, kind_frame, row_key, table_keys
from auditor.gx.suites import helper_columns, native_reason, suite
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.recognise.profiles import load_profiles
from auditor.recognise.tables import Recognition, recognise
from auditor.resources import sample_report
from auditor.rules import load_rules

DOCUMENTS = {"sample": sample_report(), "repaired": REPAIRED}
Failure = tuple[str, str, str]  # rule, judged column, row key
MUTANT_STRIDE = 4


@cache
def _rules() -> tuple:
    profiles = load_profiles()
    rules = load_rules([], profiles)
    return profiles, rules, [r for r in rules if native_reason(r) is None]


def native_failures(outcomes, recognition: Recognition) -> set[Failure]:
    """The failing instances of GX-expressible rules, keyed as GX reports them."""
    tables = table_keys(recognition.datasets)
    return {
        (
            o.rule.code,
            o.subject.column,
            row_key(tables[s], recognition.datasets[s], o.subject.frame_row),
        )
        for o in outcomes
        if not o.passed and native_reason(o.rule) is None
        for s in [o.subject.dataset]
    }


def _differences(native: set[Failure], gx: set[Failure]) -> str:
    lines = [f"  only native fails: {f}" for f in sorted(native - gx)]
    lines += [f"  only GX fails:     {f}" for f in sorted(gx - native)]
    return "\n".join(lines)


def _verdicts(result: AuditResult) -> dict[tuple, bool]:
    return {
        (o.rule.code, o.subject.dataset, o.subject.frame_row, o.subject.column): o.passed
        for o in result.outcomes
    }


@pytest.fixture(scope="module", params=sorted(DOCUMENTS))
def both_engines(request) -> tuple[str, AuditResult, AuditResult]:
    path = DOCUMENTS[request.param]
    return request.param, audited(path), audited(path, engine="gx")


def test_gx_engine_gives_the_native_verdicts(both_engines):
    name, native, gx = both_engines
    assert gx.engine.name == "gx" and gx.engine.gx_rules
    assert not gx.engine.disagreements, "\n".join(map(str, gx.engine.disagreements))
    differing = {
        k: (v, gx_verdict)
        for k, v in _verdicts(native).items()
        if (gx_verdict := _verdicts(gx).get(k)) != v
    }
    assert not differing, f"{name}: {differing}"
    failing = native_failures(native.outcomes, native.recognition)
    assert failing == native_failures(gx.outcomes, gx.recognition)
    if name == "sample":  # the sample's GX rules do fail: the comparison is not vacuous
        assert failing


def test_gx_engine_gives_the_same_findings_document(both_engines):
    _, native, gx = both_engines
    native_doc, gx_doc = (findings_document(r, "id") for r in (native, gx))
    assert "engine" not in native_doc  # additive to findings@1: only with --engine gx
    engine = gx_doc.pop("engine")
    assert engine["name"] == "gx" and engine["disagreements"] == []
    assert {r["rule"] for r in engine["native_rules"]} == {c for c, _ in gx.engine.native_rules}
    assert gx_doc == native_doc


def test_rules_gx_cannot_express_run_natively_and_are_named(both_engines):
    _, _, gx = both_engines
    codes = {r.code for r in gx.rules}
    native = dict(gx.engine.native_rules)
    assert set(gx.engine.gx_rules) | set(native) == codes
    assert not set(gx.engine.gx_rules) & set(native)
    assert {"LKJ401", "LKJ701"} <= set(native)  # cross-table and prose rules
    assert all(reason.startswith("gx_native_") for reason in native.values())


# -- the mutation set ---------------------------------------------------------------------


def _mutant(job: tuple[int, str, Mutation, str]) -> tuple[str, list[tuple], set[Failure]]:
    """One mutant's rounding convention, the GX frames of the tables its verdicts can
    differ in (the mutated one; every table when the rounding convention changed), and
    the native failures there. Table keys are prefixed with the mutant's number."""
    n, text, mutation, baseline_rounding = job
    profiles, rules, by_gx = _rules()
    document = Document(
        path="mutant", format="text", sha256="", blocks=parse_text(apply(text, mutation))
    )
    recognition = recognise(document, profiles)
    rounding = detect_rounding(recognition, rules)
    ctx = AuditContext(recognition, rounding)
    tables = table_keys(recognition.datasets)
    chosen = [
        i
        for i, d in enumerate(recognition.datasets)
        if d.profile is not None and (i == mutation.cell.dataset or rounding != baseline_rounding)
    ]
    frames = []
    for i in chosen:
        dataset = recognition.datasets[i]
        spec = suite(dataset.profile.kind, by_gx, dataset.profile, rounding)
        frame = dataset_frame(dataset, f"m{n}/{tables[i]}", helper_columns(spec))
        frames.append((dataset.profile.kind, frame))
    failing = {
        (rule, column, f"m{n}/{key}")
        for rule, column, key in native_failures(_evaluate(by_gx, ctx), recognition)
        if any(key.startswith(f"{tables[i]}:") for i in chosen)
    }
    return rounding, frames, failing


def test_gx_verdicts_equal_native_on_the_mutants_of_the_repaired_copy():
    profiles, _, by_gx = _rules()
    text = REPAIRED.read_text(encoding="utf-8")
    baseline, every, _ = mutants(text)
    assert len(every) > 500
    # Every mutant costs a re-read (~0.1 s): a deterministic quarter by default, each slip
    # kind included; LKJIP_GX_ALL_MUTANTS=1 takes them all.
    stride = 1 if os.environ.get("LKJIP_GX_ALL_MUTANTS") == "1" else MUTANT_STRIDE
    chosen = every[::stride]
    assert {m.kind for m in chosen} == {m.kind for m in every}
    jobs = [(n, text, m, baseline.rounding) for n, m in enumerate(chosen)]
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(_mutant, jobs, chunksize=32))
    groups: dict[tuple[str, str], list[pd.DataFrame]] = {}
    native: set[Failure] = set()
    for rounding, frames, failing in results:
        native |= failing
        for kind, frame in frames:
            groups.setdefault((kind, rounding), []).append(frame)
    profile = {p.kind: p for p in profiles}
    validator = Validator()
    gx: set[Failure] = set()
    for (kind, rounding), frames in sorted(groups.items()):
        spec = suite(kind, by_gx, profile[kind], rounding)
        if spec["expectations"]:
            gx |= validator.validate(spec, kind_frame(frames))[0]
    assert native, "the mutants make GX-expressible rules fail"
    assert gx == native, _differences(native, gx)


# -- the export ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_exported_suites_validate_exported_csvs_with_the_native_verdicts(name, tmp_path):
    path = DOCUMENTS[name]
    done = subprocess.run(
        [sys.executable, "-m", "auditor", "export-gx", str(path), "--output", str(tmp_path)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    # As a user runs it: its own process, its own ephemeral context. PYTHONPATH only lets a
    # source checkout without `pip install` import the auditor package.
    env = {**os.environ, "PYTHONPATH": str(Path(auditor.__file__).parent.parent)}
    validated = subprocess.run(
        [sys.executable, str(tmp_path / "validate.py"), "--json"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert validated.returncode in (0, 1), validated.stderr
    by_rule = json.loads(validated.stdout)
    gx = {
        (rule, column, key)
        for rule, columns in by_rule.items()
        for column, keys in columns.items()
        for key in keys
    }
    native = audited(path)
    failing = native_failures(native.outcomes, native.recognition)
    assert gx == failing, _differences(failing, gx)
    # Pass/fail per rule, every GX-expressible rule that applies to the report's tables.
    assert {rule for rule, *_ in failing} == {
        r for r, cols in by_rule.items() if any(cols.values())
    }
    assert set(by_rule) == {r.code for r in _rules()[2] if _applies(r.code, native)}
    assert validated.returncode == (1 if failing else 0)


def _applies(code: str, result: AuditResult) -> bool:
    """The rule has a table kind in this report (so its suite holds it)."""
    rule = next(r for r in result.rules if r.code == code)
    kinds = {d.profile.kind for d in result.recognition.datasets if d.profile is not None}
    return bool(kinds & set(rule.tables))


def test_a_gx_verdict_that_differs_is_listed_and_stands(monkeypatch):
    """The comparison can fail: a ratio expectation that passes everything drops the
    sample's LKJ201 findings and lists each instance it judged otherwise."""
    from auditor.gx import conditions

    monkeypatch.setattr(conditions, "ratio_holds", lambda frame, *a, **k: [True] * len(frame))
    gx = audited(sample_report(), engine="gx")
    native = audited(sample_report())
    flipped = [d for d in gx.engine.disagreements if d[0] == "LKJ201"]
    assert flipped and all(d[4] == "pass" for d in flipped)
    assert any(f.rule.code == "LKJ201" for f in native.findings)
    assert not any(f.rule.code == "LKJ201" for f in gx.findings)


def test_every_check_kind_is_expressed_in_gx_or_named_native():
    """A new check kind must be mapped to GX expectations or given a native reason."""
    from auditor.checks import check_kinds
    from auditor.gx.suites import expectations

    profiles, rules, _ = _rules()
    kinds = {r.check for r in rules}
    assert kinds == set(check_kinds())  # the bundled packs use every kind
    for rule in rules:
        for profile in profiles:
            if profile.kind in rule.tables:
                result = expectations(rule, profile, "either")
                assert (result is None) == (native_reason(rule) is not None), rule.code
    native_only = {name for name, kind in check_kinds().items() if isinstance(kind.gx, str)}
    assert native_only < set(check_kinds())
