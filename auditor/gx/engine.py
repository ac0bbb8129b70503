"""`--engine gx`: the verdicts of every rule GX can express come from Great Expectations.

Per table kind, the GX frames of its tables (`auditor.gx.frames`), joined as `export-gx`
writes them, are validated against the kind's suite (`auditor.gx.suites`) in an ephemeral
context (never a stray `gx/` folder on disk), with progress bars off. Each expectation
carries its rule code and judged column in `meta`; the failing rows come back by
`row_key`. A result whose metric raised is not a verdict: a missing column means no table
of the kind has what the rule needs (the native engine skips such tables too); anything
else is an error. A column only some of the kind's tables have is empty in the others,
where no row can be tested, as natively.

GX decides pass or fail; the check module still words each instance (message, expected
value, the constraint used to locate the error), so findings read the same in both
engines. Where GX's verdict differs from the check module's, GX's stands and the
instance is listed as a disagreement (the conformance test requires none). Rules GX
cannot express run natively, and the run says which and why. The rounding convention is
detected natively beforehand (it is a property of the document) and passed to the suites.
"""

from __future__ import annotations

import json
import re
from dataclasses import replace
from typing import TYPE_CHECKING

from auditor.checks import check_kind
from auditor.engine import EngineRun
from auditor.gx import require_gx
from auditor.gx.frames import dataset_frame, kind_frame, row_key, table_keys
from auditor.gx.suites import helper_columns, native_reason, suite

if TYPE_CHECKING:
    import pandas as pd

    from auditor.checks.cells import AuditContext
    from auditor.findings import Outcome
    from auditor.rules import Rule

MISSING_COLUMN = re.compile(r'column "(?P<column>.+?)" in BatchData does not exist')
# Failing rows come back by their key (results do not come back in suite order).
RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_key"]}
# One instance: rule code, dataset ordinal, frame row, judged column.
Key = tuple[str, int, int, str]


class GXResultError(RuntimeError):
    """A GX expectation raised for another reason than a missing column."""


def _key(outcome: Outcome) -> Key:
    s = outcome.subject
    return (outcome.rule.code, s.dataset, s.frame_row, s.column or "")


def evaluate(rules: list[Rule], ctx: AuditContext) -> tuple[list[Outcome], EngineRun]:
    """Outcomes of `rules`, in the native engine's order, with GX's verdicts."""
    validator = Validator()
    by_gx = [r for r in rules if native_reason(r) is None]
    gx_codes = {r.code for r in by_gx}
    failing, judged = _gx_failures(validator, by_gx, ctx)
    outcomes: list[Outcome] = []
    disagreements = []
    explained: set[Key] = set()
    for rule in rules:
        for outcome in check_kind(rule.check).evaluate(rule, ctx):
            key = _key(outcome)
            if rule.code in gx_codes and key[:2] + key[3:] in judged:
                explained.add(key)
                passed = key not in failing
                if passed != outcome.passed:
                    disagreements.append(_disagreement(ctx, key, passed))
                outcome = replace(outcome, passed=passed)
            elif rule.code in gx_codes:
                disagreements.append(_disagreement(ctx, key, None))
            outcomes.append(outcome)
    disagreements += [_disagreement(ctx, k, False) for k in sorted(failing - explained)]
    run = EngineRun(
        "gx",
        validator.gx.__version__,
        tuple(r.code for r in by_gx),
        tuple((r.code, native_reason(r) or "") for r in rules if r.code not in gx_codes),
        tuple(disagreements),
    )
    return outcomes, run


def _disagreement(ctx: AuditContext, key: Key, gx_passed: bool | None) -> tuple:
    code, ordinal, frame_row, column = key
    datasets = ctx.recognition.datasets
    table = table_keys(datasets)[ordinal]
    verdict = {True: "pass", False: "fail", None: "not judged"}[gx_passed]
    return (code, table, row_key(table, datasets[ordinal], frame_row), column, verdict)


class Validator:
    """One ephemeral GX context (never a stray gx/ folder), progress bars off, validating
    frames against suite specs (`auditor.gx.suites`)."""

    def __init__(self) -> None:
        gx = require_gx()
        from great_expectations.data_context.types.base import ProgressBarsConfig

        import auditor.gx.expectations  # noqa: F401  (registers the custom expectations)

        self.gx = gx
        context = gx.get_context(mode="ephemeral")
        context.variables.progress_bars = ProgressBarsConfig(globally=False)
        self.batches = (
            context.data_sources.add_pandas("lkjip")
            .add_dataframe_asset("table")
            .add_batch_definition_whole_dataframe("whole table")
        )
        self._suites: dict[str, object] = {}

    def validate(self, spec: dict, frame: pd.DataFrame) -> tuple[set[tuple], set[tuple]]:
        """The failing rows as (rule, column, row key), and the (rule, column) pairs GX
        judged: every expectation but those that lack a column in `frame`."""
        key = json.dumps(spec, sort_keys=True)
        if key not in self._suites:
            self._suites[key] = self.gx.ExpectationSuite(**spec)
        batch = self.batches.get_batch(batch_parameters={"dataframe": frame})
        failing: set[tuple] = set()
        judged: set[tuple] = set()
        for result in batch.validate(self._suites[key], result_format=RESULT_FORMAT).results:
            meta = result.expectation_config.meta
            if _missing_column(result.exception_info):
                continue  # the table lacks a column this rule needs: not applicable
            judged.add((meta["rule"], meta["column"]))
            for row in result.result.get("unexpected_index_list") or []:
                failing.add((meta["rule"], meta["column"], row["row_key"]))
        return failing, judged


def _gx_failures(
    validator: Validator, rules: list[Rule], ctx: AuditContext
) -> tuple[set[Key], set[tuple]]:
    """The failing instances, and the (rule, dataset, column) GX judged. The tables of one
    kind are validated together, as `export-gx` writes them: one validation per kind."""
    failing: set[Key] = set()
    judged: set[tuple] = set()
    datasets = ctx.recognition.datasets
    by_kind: dict[str, list[int]] = {}
    for ordinal, dataset in enumerate(datasets):
        if dataset.profile is not None:
            by_kind.setdefault(dataset.profile.kind, []).append(ordinal)
    tables = table_keys(datasets)
    for kind, ordinals in by_kind.items():
        profile = datasets[ordinals[0]].profile
        assert profile is not None  # recognised tables only
        spec = suite(kind, rules, profile, ctx.rounding)
        if not spec["expectations"]:
            continue
        helpers = helper_columns(spec)
        frame = kind_frame([dataset_frame(datasets[n], tables[n], helpers) for n in ordinals])
        rows = {
            row_key(tables[n], datasets[n], i): (n, i)
            for n in ordinals
            for i in range(len(datasets[n].records))
        }
        failures, ran = validator.validate(spec, frame)
        judged |= {(rule, n, column) for rule, column in ran for n in ordinals}
        failing |= {(rule, *rows[key], column) for rule, column, key in failures}
    return failing, judged


def _missing_column(exception_info: dict) -> bool:
    """True when the expectation could not run for lack of a column; raises on any other
    exception (a failure that is not a verdict must not pass for one)."""
    infos = [exception_info] if "raised_exception" in exception_info else exception_info.values()
    messages = [i.get("exception_message") or "" for i in infos if i.get("raised_exception")]
    if not messages:
        return False
    if all(MISSING_COLUMN.search(m) for m in messages):
        return True
    raise GXResultError(f"Great Expectations failed: {messages[0]}")
