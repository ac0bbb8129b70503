"""`lkjip-audit export-gx`: the recognised tables and the rule packs, for a GX pipeline.

The folder gets `datasets/<kind>.csv` (one per table kind: its tables' GX frames, see
`auditor.gx.frames`, with stable `row_key`s), `suites/<kind>.json` (the GX suite of that
kind, generated from the rule packs with the document's rounding convention) and
`validate.py`, which validates the one with the other in an ephemeral GX context. GX is
not needed to export, only to validate. CSV cells are neutralised as `auditor.output.csv_text`
says: a spreadsheet opening the CSVs never runs the document's text as a formula.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd

from auditor.engine import detect_rounding
from auditor.gx.frames import dataset_frame, kind_frame, table_keys
from auditor.gx.suites import helper_columns, read_columns, suite
from auditor.output import csv_text, write_atomic

if TYPE_CHECKING:
    from auditor.recognise.tables import Recognition
    from auditor.rules import Rule


@dataclass(frozen=True)
class Export:
    datasets: list[Path]
    suites: list[Path]
    snippet: Path
    rounding: str


def export(
    recognition: Recognition, rules: list[Rule], every_rule: list[Rule], folder: Path
) -> Export:
    """Write the export of `recognition` judged by `rules` into `folder`; the rounding
    convention is detected with `every_rule`, as `audit` does."""
    rounding = detect_rounding(recognition, every_rule)
    datasets = recognition.datasets
    keys = table_keys(datasets)
    kinds = sorted({d.profile.kind for d in datasets if d.profile is not None})
    written_datasets, written_suites = [], []
    for kind in kinds:
        members = [
            (d, k)
            for d, k in zip(datasets, keys, strict=True)
            if d.profile and d.profile.kind == kind
        ]
        profile = members[0][0].profile
        assert profile is not None  # members are the tables of this (recognised) kind
        spec = suite(kind, rules, profile, rounding)
        helpers = helper_columns(spec)
        frame = kind_frame([dataset_frame(d, key, helpers) for d, key in members])
        # A column the suite reads that no table of this kind has stays empty: not testable,
        # as the native engine skips such tables, and the suite still runs as generated.
        frame = frame.reindex(columns=list(dict.fromkeys([*frame.columns, *read_columns(spec)])))
        csv_path = folder / "datasets" / f"{kind}.csv"
        # Text a spreadsheet would run as a formula (a row named "=HYPERLINK(…)") gets a
        # leading apostrophe; `read_csv` takes it off again.
        cells = pd.DataFrame(
            {c: pd.Series([csv_text(v) for v in frame[c]], frame.index, object) for c in frame}
        )  # column by column, as objects: DataFrame.map would turn Decimals into floats
        write_atomic(csv_path, cells.to_csv(index=False, lineterminator="\n"))
        written_datasets.append(csv_path)
        if spec["expectations"]:
            suite_path = folder / "suites" / f"{kind}.json"
            write_atomic(suite_path, json.dumps(spec, ensure_ascii=False, indent=2) + "\n")
            written_suites.append(suite_path)
    snippet = folder / "validate.py"
    # Copied as text: importing it would import GX, which exporting does not need.
    write_atomic(snippet, Path(__file__).with_name("validate_export.py").read_text("utf-8"))
    return Export(written_datasets, written_suites, snippet, rounding)
