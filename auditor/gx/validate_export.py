"""Validate tables exported by `lkjip-audit export-gx` with their Great Expectations suites.

Copied into the export folder as validate.py. It needs lkjip-auditor (for its custom
expectations and CSV reader) and Great Expectations: pip install 'lkjip-auditor[gx]'.

    python validate.py          # one line per expectation; exit 1 when any row fails
    python validate.py --json   # {rule: {column: [failing row keys]}} on stdout

In your own project, use your context instead of the ephemeral one and reuse the loop.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import great_expectations as gx
from great_expectations.data_context.types.base import ProgressBarsConfig

import auditor.gx.expectations  # noqa: F401  (registers lkjip's custom expectations)
from auditor.gx.frames import read_csv

RESULT_FORMAT = {"result_format": "COMPLETE", "unexpected_index_column_names": ["row_key"]}


def validate(folder: Path) -> dict[str, dict[str, list[str]]]:
    """Rule → judged column → failing row keys, for every expectation of every suite."""
    context = gx.get_context(mode="ephemeral")  # never picks up a stray gx/ folder
    context.variables.progress_bars = ProgressBarsConfig(globally=False)
    batches = (
        context.data_sources.add_pandas("lkjip")
        .add_dataframe_asset("tables")
        .add_batch_definition_whole_dataframe("whole table")
    )
    failing: dict[str, dict[str, list[str]]] = {}
    for path in sorted((folder / "suites").glob("*.json")):
        suite = context.suites.add(gx.ExpectationSuite(**json.loads(path.read_text("utf-8"))))
        frame = read_csv(folder / "datasets" / f"{suite.meta['table_kind']}.csv")
        batch = batches.get_batch(batch_parameters={"dataframe": frame})
        for result in batch.validate(suite, result_format=RESULT_FORMAT).results:
            config = result.expectation_config
            assert config is not None  # every result comes from one of the suite's expectations
            meta = config.meta
            if any(i.get("raised_exception") for i in _exceptions(result.exception_info)):
                raise RuntimeError(f"{path.name} {meta['rule']}: the expectation could not run")
            rows = [r["row_key"] for r in result.result.get("unexpected_index_list") or []]
            failing.setdefault(meta["rule"], {}).setdefault(meta["column"], []).extend(rows)
    return failing


def _exceptions(info: dict) -> list[dict]:
    return [info] if "raised_exception" in info else list(info.values())


def main() -> None:
    failing = validate(Path(__file__).resolve().parent)
    if "--json" in sys.argv[1:]:
        print(json.dumps(failing, indent=2, sort_keys=True))
    else:
        for rule, columns in sorted(failing.items()):
            for column, rows in sorted(columns.items()):
                verdict = f"{len(rows)} failing: {', '.join(rows)}" if rows else "passed"
                print(f"{rule} {column}: {verdict}")
    sys.exit(1 if any(rows for columns in failing.values() for rows in columns.values()) else 0)


if __name__ == "__main__":
    main()
