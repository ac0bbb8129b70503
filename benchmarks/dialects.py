"""Dialect benchmark: audit every generated report (and its clean twin) of a fixed set in
each format, match findings to the planted slips, and write reports/dialects.md and .json.

    python benchmarks/dialects.py                         # datasets/dialects/fixed, all formats
    python benchmarks/dialects.py --set DIR --formats txt,docx --limit 8 --out /tmp/d

A slip is *found at its cell* when an error or warning finding's subject is that cell: the
subject's table (matched to the answer key's table by caption, else by table order) and its
printed value (normalised) are the slip's, and its row label, when it has one, overlaps the
slip's row label. Prose slips match a prose finding printing the slip's value. Per format and
per table kind it counts: tables found / recognised / reported as not recognised (LKJ801),
slips found at cell (as error, only as warning), found elsewhere in the finding (related or
alternatives), missed (listed); and every error on a clean twin, with rule, table, row and
message.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.engine import AuditResult, audit  # noqa: E402
from auditor.ingest import read_document  # noqa: E402
from auditor.model import PROSE, CellRef, Table  # noqa: E402
from auditor.recognise.profiles import load_profiles  # noqa: E402
from auditor.rules import load_rules  # noqa: E402

DEFAULT_SET = ROOT / "datasets" / "dialects" / "fixed"
FORMATS = ("txt", "docx", "pdf")
CROSS = ("target_mismatch", "prose_mismatch")  # a figure that differs between two places
FOUND = ("found_error", "found_warning", "found_counterpart")


def norm_value(text: str | None) -> str:
    return re.sub(r"[\sRp%]|^\.|,-$", "", text or "").strip(".")


def norm_label(text: str | None) -> str:
    return re.sub(r"[^0-9a-z]+", " ", (text or "").lower()).strip()


def labels_overlap(a: str, b: str) -> bool:
    a, b = norm_label(a), norm_label(b)
    return not a or not b or a in b or b in a


def _likeness(table: Table, kt: dict, ordinal: int) -> float:
    """How much a document table looks like a key table: shared row labels and header
    words (captions may sit below a table and be read as the next one's), then order."""
    texts = {norm_label(c.text) for row in table.body_rows for c in row}
    header = {norm_label(c.text) for row in table.header_rows for c in row}
    labels = {norm_label(x) for x in kt["labels"]} - {""}
    words = {norm_label(x) for x in kt["header"]} - {""}
    shared = 2 * len(texts & labels) + len(header & words)
    return shared - abs(ordinal + 1 - kt["table"]) / 100 if shared else 0


class Audited:
    """One audited file, with its tables mapped to the answer key's tables."""

    def __init__(self, path: Path, key: dict, rules: list, profiles: list) -> None:
        self.result: AuditResult = audit(read_document(path), rules, profiles)
        self.key = key
        # dataset ordinal (0-based) → key table (1-based); a table split over pages maps
        # several datasets to one key table
        self.to_key: dict[int, int] = {}
        self.coverage = {t.ordinal: t for t in self.result.coverage.tables}
        # one to one by likeness first (a PK and an IKU table share their labels), then the
        # rest (continuations) to their likeliest key table
        scores = sorted(
            (
                (_likeness(dataset.table, kt, ordinal), ordinal, kt["table"])
                for ordinal, dataset in enumerate(self.result.recognition.datasets)
                for kt in key["tables"]
            ),
            reverse=True,
        )
        for score, ordinal, table in scores:
            if score > 0 and ordinal not in self.to_key and table not in self.to_key.values():
                self.to_key[ordinal] = table
        for score, ordinal, table in scores:
            if score > 0 and ordinal not in self.to_key:
                self.to_key[ordinal] = table

    def status(self, table: int) -> str:
        """recognised | reported (unrecognised, LKJ801) | silent, for a key table."""
        mapped = [self.coverage[o] for o, k in self.to_key.items() if k == table]
        if any(t.kind is not None for t in mapped):
            return "recognised"
        return "reported" if any(t.numeric_cells > 0 for t in mapped) else "silent"

    def recognised_as(self, table: int) -> list[str]:
        return [
            t.kind for o, k in self.to_key.items() if k == table and (t := self.coverage[o]).kind
        ]

    def key_table(self, cell: CellRef) -> int | None:
        return self.to_key.get(cell.dataset) if cell.dataset >= 0 else None

    def at(self, cell: CellRef, reported: str | None, place: dict, value: str) -> bool:
        """Is `cell` the key's `place` (a slip, or one of its related cells)?"""
        if place["table"] is None:
            return cell.dataset == PROSE and norm_value(reported) == norm_value(place[value])
        return (
            self.key_table(cell) == place["table"]
            and norm_value(reported) == norm_value(place[value])
            and labels_overlap(cell.label, place["row_label"])
        )

    def near(self, cell: CellRef, slip: dict) -> bool:
        if slip["table"] is None:
            return cell.dataset == PROSE
        return self.key_table(cell) == slip["table"] and labels_overlap(
            cell.label, slip["row_label"]
        )

    def match(self, slip: dict) -> tuple[str, Any]:
        """found_error | found_warning | found_counterpart | elsewhere | missed, and the
        finding. A figure that differs between two places (`CROSS` slips) may be reported
        on either: a finding on the other place, naming the same meaning, is
        `found_counterpart`."""
        best: tuple[str, Any] = ("missed", None)
        rank = {"missed": 0, "elsewhere": 1, "found_counterpart": 2, "found_warning": 3}
        for f in self.result.findings:
            if f.rule.severity not in ("error", "warning") or f.rule.code.startswith("LKJ8"):
                continue
            if self.at(f.subject, f.reported, slip, "printed"):
                if f.rule.severity == "error":
                    return "found_error", f
                outcome = "found_warning"
            elif slip["kind"] in CROSS and any(
                self.at(f.subject, f.reported, place, "value")
                for place in slip["related"]
                if place["column"] == slip["column"] or None in (place["table"], slip["table"])
            ):
                outcome = "found_counterpart"
            elif any(
                self.near(c, slip)
                for c in (*f.related, *(a.cell for a in f.alternatives), f.subject)
            ):
                outcome = "elsewhere"
            else:
                continue
            if rank[outcome] > rank[best[0]]:
                best = (outcome, f)
        return best

    def table_kind(self, ordinal: int) -> str:
        k = self.to_key.get(ordinal)
        return self.key["tables"][k - 1]["kind"] if k else "(extra)"


def describe(audited: Audited, f: Any) -> dict:
    cell = f.subject
    ordinal = cell.dataset if cell.dataset >= 0 else None
    return {
        "rule": f.rule.code,
        "severity": f.rule.severity,
        "table": cell.table,
        "table_kind": audited.table_kind(ordinal) if ordinal is not None else "prose",
        "recognised_as": audited.coverage[ordinal].kind if ordinal in audited.coverage else None,
        "row": cell.label or cell.row,
        "column": cell.column,
        "reported": f.reported,
        "expected": f.expected,
        "message": f.message("en"),
    }


def run(set_dir: Path, formats: list[str], limit: int | None) -> dict:
    profiles = load_profiles()
    rules = load_rules([], profiles)
    keys = sorted(set_dir.glob("*.key.json"))[:limit]
    tables: dict[str, Counter] = defaultdict(Counter)  # fmt|kind → counts
    slips: dict[str, Counter] = defaultdict(Counter)
    missed: list[dict] = []
    false_errors: list[dict] = []
    twin_warnings: Counter = Counter()
    seconds: Counter = Counter()
    for key_path in keys:
        key = json.loads(key_path.read_text(encoding="utf-8"))
        stem = key_path.name.removesuffix(".key.json")
        for fmt in formats:
            path, clean = set_dir / f"{stem}.{fmt}", set_dir / f"{stem}.clean.{fmt}"
            if not path.exists():
                continue
            started = time.perf_counter()
            broken = Audited(path, key, rules, profiles)
            twin = Audited(clean, key, rules, profiles)
            seconds[fmt] += time.perf_counter() - started
            seconds[f"{fmt}_files"] += 2
            # coverage, on the twin
            for kt in key["tables"]:
                if not kt["numeric"]:
                    continue
                status = twin.status(kt["table"])
                for group in (f"{fmt}|{kt['kind']}", f"{fmt}|*"):
                    tables[group]["tables"] += 1
                    tables[group][status] += 1
                    for kind in twin.recognised_as(kt["table"])[:1]:
                        tables[group][f"as:{kind}"] += 1
            for f in twin.result.findings:
                if f.rule.severity == "error":
                    false_errors.append({"report": stem, "format": fmt, **describe(twin, f)})
                elif f.rule.severity == "warning":
                    twin_warnings[f"{fmt}|{f.rule.code}"] += 1
            for slip in key["slips"]:
                outcome, f = broken.match(slip)
                for group in (
                    f"{fmt}|{slip['table_kind']}",
                    f"{fmt}|*",
                    f"{fmt}|slip:{slip['kind']}",
                ):
                    c = slips[group]
                    c["planted"] += 1
                    c[f"expected_{slip['expected_severity']}"] += 1
                    c[outcome] += 1
                if outcome in ("missed", "elsewhere"):
                    missed.append(
                        {
                            "report": stem,
                            "format": fmt,
                            "id": slip["id"],
                            "kind": slip["kind"],
                            "table_kind": slip["table_kind"],
                            "caption": slip["caption"],
                            "row": slip["row_label"],
                            "column": slip["column"],
                            "printed": slip["printed"],
                            "correct": slip["correct"],
                            "expected": slip["expected_severity"],
                            "outcome": outcome,
                            "finding": describe(broken, f) if f else None,
                        }
                    )
    return {
        # Relative to the repository when inside it: the report reads the same on any checkout.
        "set": str(set_dir.resolve().relative_to(ROOT))
        if set_dir.resolve().is_relative_to(ROOT)
        else str(set_dir),
        "reports": len(keys),
        "formats": formats,
        "tables": {k: dict(v) for k, v in sorted(tables.items())},
        "slips": {k: dict(v) for k, v in sorted(slips.items())},
        "missed": missed,
        "false_errors": false_errors,
        "twin_warnings": dict(sorted(twin_warnings.items())),
        "seconds_per_file": {
            f: round(seconds[f] / seconds[f"{f}_files"], 3)
            for f in formats
            if seconds[f"{f}_files"]
        },
    }


def pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f}%" if whole else "–"


def markdown(data: dict, command: str) -> str:
    out = [
        "# Dialect benchmark",
        "",
        f"`{command}` — {data['reports']} generated reports (`{data['set']}`), each with its "
        "clean twin, formats " + ", ".join(data["formats"]) + ". Generated by "
        "`benchmarks/dialects.py`; do not edit by hand.",
        "",
        "## Summary per format",
        "",
        "| format | numeric tables | recognised | reported unrecognised | silent | slips | "
        "found at cell | as error | only as warning | at counterpart | elsewhere | missed | "
        "false errors on twins | s/file |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for fmt in data["formats"]:
        t = data["tables"].get(f"{fmt}|*", {})
        s = data["slips"].get(f"{fmt}|*", {})
        found = sum(s.get(k, 0) for k in FOUND)
        fe = sum(1 for e in data["false_errors"] if e["format"] == fmt)
        out.append(
            f"| {fmt} | {t.get('tables', 0)} | {pct(t.get('recognised', 0), t.get('tables', 0))} "
            f"| {t.get('reported', 0)} | {t.get('silent', 0)} "
            f"| {s.get('planted', 0)} | {pct(found, s.get('planted', 0))} | "
            f"{s.get('found_error', 0)} | {s.get('found_warning', 0)} | "
            f"{s.get('found_counterpart', 0)} | {s.get('elsewhere', 0)} | "
            f"{s.get('missed', 0)} | {fe} | {data['seconds_per_file'].get(fmt, '–')} |"
        )
    for fmt in data["formats"]:
        out += [
            "",
            f"## {fmt}: per table kind",
            "",
            "| table kind | tables | recognised (as) | reported unrecognised | silent | slips | "
            "found at cell | only warning | missed/elsewhere | false errors |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        kinds = sorted(
            {
                k.split("|", 1)[1]
                for k in (*data["tables"], *data["slips"])
                if k.startswith(f"{fmt}|") and k != f"{fmt}|*" and "slip:" not in k
            }
        )
        for kind in kinds:
            t = data["tables"].get(f"{fmt}|{kind}", {})
            s = data["slips"].get(f"{fmt}|{kind}", {})
            found = sum(s.get(k, 0) for k in FOUND)
            as_ = ", ".join(f"{k[3:]} {v}" for k, v in sorted(t.items()) if k.startswith("as:"))
            fe = sum(
                1 for e in data["false_errors"] if e["format"] == fmt and e["table_kind"] == kind
            )
            silent = t.get("silent", 0)
            lost = s.get("missed", 0) + s.get("elsewhere", 0)
            out.append(
                f"| {kind} | {t.get('tables', 0)} | {t.get('recognised', 0)} ({as_}) | "
                f"{t.get('reported', 0)} | {silent} "
                f"| {s.get('planted', 0)} | {pct(found, s.get('planted', 0))} | "
                f"{s.get('found_warning', 0)} | {lost} | {fe} |"
            )
        out += [
            "",
            f"### {fmt}: per slip kind",
            "",
            "| slip kind | planted | found at cell | "
            "as error | only warning | at counterpart | elsewhere | missed |",
            "|---|---|---|---|---|---|---|---|",
        ]
        for k, s in sorted(data["slips"].items()):
            if k.startswith(f"{fmt}|slip:"):
                found = sum(s.get(k, 0) for k in FOUND)
                out.append(
                    f"| {k.split(':', 1)[1]} | {s['planted']} | "
                    f"{pct(found, s['planted'])} | {s.get('found_error', 0)} | "
                    f"{s.get('found_warning', 0)} | {s.get('found_counterpart', 0)} | "
                    f"{s.get('elsewhere', 0)} | "
                    f"{s.get('missed', 0)} |"
                )
    out += ["", "## False errors on clean twins", ""]
    causes = Counter((e["rule"], e["table_kind"], e["recognised_as"]) for e in data["false_errors"])
    out += ["| rule | table kind (recognised as) | count |", "|---|---|---|"]
    out += [f"| {r} | {k} ({a}) | {n} |" for (r, k, a), n in causes.most_common()]
    out += [
        "",
        "| report | format | rule | table | row | column | message |",
        "|---|---|---|---|---|---|---|",
    ]
    for e in data["false_errors"]:
        msg = e["message"].replace("|", "/")[:220]
        out.append(
            f"| {e['report']} | {e['format']} | {e['rule']} | {e['table']} "
            f"({e['table_kind']}) | {e['row']} | {e['column']} | {msg} |"
        )
    out += ["", "## Warnings on clean twins (per format and rule)", ""]
    out += [f"- {k}: {v}" for k, v in data["twin_warnings"].items()]
    out += [
        "",
        "## Missed slips",
        "",
        "| report | format | slip | kind | table kind | row | "
        "column | printed | correct | expected | outcome |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for m in data["missed"]:
        out.append(
            f"| {m['report']} | {m['format']} | {m['id'].split('#')[1]} | {m['kind']} | "
            f"{m['table_kind']} | {m['row'][:50]} | {m['column']} | {m['printed']} | "
            f"{m['correct']} | {m['expected']} | {m['outcome']} |"
        )
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", type=Path, default=DEFAULT_SET, help="a fixed set folder")
    parser.add_argument("--formats", default=",".join(FORMATS))
    parser.add_argument("--limit", type=int, default=None, help="only the first N reports")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "reports",
        help="folder for dialects.md and dialects.json",
    )
    args = parser.parse_args(argv)
    data = run(args.set, args.formats.split(","), args.limit)
    command = "python benchmarks/dialects.py" + (" " + " ".join(argv or sys.argv[1:])).rstrip()
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "dialects.json").write_text(
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (args.out / "dialects.md").write_text(markdown(data, command), encoding="utf-8")
    for fmt in data["formats"]:
        s = data["slips"].get(f"{fmt}|*", {})
        found = sum(s.get(k, 0) for k in FOUND)
        fe = sum(1 for e in data["false_errors"] if e["format"] == fmt)
        print(
            f"{fmt}: slips found at cell {found}/{s.get('planted', 0)} "
            f"({pct(found, s.get('planted', 0))}), false errors on twins {fe}"
        )


if __name__ == "__main__":
    main()
