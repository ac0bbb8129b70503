"""How the audit grows with the input: `python benchmarks/growth.py [--runs N]`.

Inputs grown from the bundled sample, each audited in-process (warm: imports, rule packs
and profiles loaded once), the median CPU time of N runs per size:

- budget table: the sample with its budget table (Tabel 3.7.1) replaced by a generated
  budget hierarchy of 10, 100, 1 000 and 10 000 rows in all (urusan sections, programs,
  kegiatan and sub kegiatan whose figures add up, and a JUMLAH row; 10 000 is the most rows
  one table may have), with one mistyped figure in about every 20 rows for localisation and
  diagnosis to find;
- tables repeated: the sample with every one of its 21 tables (caption and the line before
  included) 1, 2, 5, 10 and 20 times over, the copies appended after the report: up to 420
  tables, within the limit of 500 per document;
- sample's budget rows repeated: the sample's own budget table with its rows 1, 10, 50 and
  123 times over (up to 9 228 rows), urusan letters, codes, names and slips included: how
  the issue first measured growth.

For each size the table gives reading the text (`read_document`, one run, for information)
and the audit proper: recognition, rounding detection, the rules, localisation, diagnosis
and the findings JSON. The growth exponent is the slope of log(time) against log(size),
by least squares over the largest tenfold range of sizes (where fixed costs no longer hide
the growth; at least the two largest sizes) and over all of them; 1 is linear.

Then one cold `lkjip-audit audit sample.txt --format json` against `python -c "import
pandas"` (the floor any pandas-based tool pays), wall time and peak memory of fresh
processes (`benchmarks/run.py`'s way).

Machines are shared and noisy: compare ratios and exponents, not seconds.
"""

from __future__ import annotations

import argparse
import gc
import math
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "datasets" / "lkjip-sumenep-dinsos-p3a-2023.txt"
BUDGET_CAPTION = "Tabel 3.7.1 "
ROW_SIZES = (10, 100, 1_000, 10_000)
TABLE_COPIES = (1, 2, 5, 10, 20)
SAMPLE_REPEATS = (1, 10, 50, 123)  # 75 rows each: up to 9 228 rows
PROGRAMS_PER_SECTION = 40
SECTIONS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
WORDS = (  # noqa: SIM905 (one string reads better than sixty)
    "pelayanan sosial rehabilitasi perlindungan jaminan pemberdayaan penanganan bencana "
    "keluarga perempuan anak disabilitas lanjut usia terlantar fakir miskin kesejahteraan "
    "masyarakat daerah pengelolaan data bantuan pendampingan koordinasi sinkronisasi "
    "penyediaan layanan rujukan advokasi kebijakan pencegahan kekerasan pemulihan korban "
    "peningkatan kapasitas lembaga penguatan pengembangan potensi sumber kelembagaan "
    "pemantauan evaluasi pelaporan perencanaan penganggaran administrasi keuangan "
    "kepegawaian pemeliharaan sarana prasarana kantor gedung kendaraan operasional"
).split()


# --- generated inputs --------------------------------------------------------------------


def _id(amount: int) -> str:
    """An amount printed the Indonesian way: 1.234.567."""
    return f"{amount:,}".replace(",", ".")


def _percent(realised: int, budget: int) -> str:
    share = (Decimal(realised) * 100 / Decimal(budget)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    return f"{share}".replace(".", ",") + "%"


class _Row:
    def __init__(self, code: str, name: str, depth: int) -> None:
        self.code, self.name, self.depth = code, name, depth
        self.children: list[_Row] = []
        self.budget = self.realised = 0


def _shape(rows: int) -> list[_Row]:
    """Sections of programs, each with three kegiatan of two sub kegiatan, cut so that
    with the JUMLAH row the table has exactly `rows` rows (at least 5)."""
    rng = random.Random(rows)
    left = rows - 1  # the JUMLAH row

    def name(words: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(words))

    sections: list[_Row] = []
    while True:
        new_section = not sections or len(sections[-1].children) == PROGRAMS_PER_SECTION
        if left < 3 + new_section:  # a program needs a kegiatan with a sub kegiatan
            break
        if new_section:
            letter = SECTIONS[len(sections) % len(SECTIONS)]
            sections.append(_Row(f"{letter}.", f"URUSAN PEMERINTAHAN BIDANG {name(2).upper()}", 0))
            left -= 1
        section = sections[-1]
        number = len(section.children) + 1
        program = _Row(f"{number}.", f"PROGRAM {name(4).upper()}", 1)
        section.children.append(program)
        left -= 1
        for k in range(1, 4):
            if left < 2:
                break
            kegiatan = _Row(f"{number}.{k}", name(5).capitalize(), 2)
            program.children.append(kegiatan)
            left -= 1
            for s in range(1, 3):
                if left < 1:
                    break
                kegiatan.children.append(_Row(f"{number}.{k}.{s}", name(6).capitalize(), 3))
                left -= 1
    # What is left over (fewer rows than a program needs) becomes more sub kegiatan.
    last = sections[-1].children[-1].children[-1]
    while left > 0:
        code = f"{last.code}.{len(last.children) + 1}"
        last.children.append(_Row(code, name(6).capitalize(), 3))
        left -= 1
    for row in _walk(sections):
        if not row.children:
            row.budget = rng.randrange(10_000_000, 900_000_000)
            row.realised = row.budget * rng.randrange(70, 101) // 100
    for row in reversed(list(_walk(sections))):
        if row.children:
            row.budget = sum(c.budget for c in row.children)
            row.realised = sum(c.realised for c in row.children)
    return sections


def _walk(rows: list[_Row]) -> list[_Row]:
    out = []
    for row in rows:
        out.append(row)
        out.extend(_walk(row.children))
    return out


def _slip(amount: int) -> str:
    """The amount with one digit mistyped (its fourth digit one higher, 9 wrapping to 0)."""
    digits = list(str(amount))
    digits[3] = str((int(digits[3]) + 1) % 10)
    return _id(int("".join(digits)))


def budget_table(rows: int, slips: bool = True) -> list[str]:
    """The body lines of a budget hierarchy of exactly `rows` rows, JUMLAH last. With
    `slips`, the first sub kegiatan of every other program has its realisation mistyped by
    one digit (about one error in 20 rows): it breaks its kegiatan's sum and its own
    percentage, which localisation traces back to the one cell and diagnosis names."""
    sections = _shape(rows)
    programs = [p for s in sections for p in s.children]
    mistyped = {id(p.children[0].children[0]) for p in programs[::2]} if slips else set()
    lines = [
        "\t".join(
            (
                r.code,
                r.name,
                _id(r.budget),
                _slip(r.realised) if id(r) in mistyped else _id(r.realised),
                _percent(r.realised, r.budget),
            )
        )
        for r in _walk(sections)
    ]
    budget, realised = sum(s.budget for s in sections), sum(s.realised for s in sections)
    lines.append(f"\tJUMLAH\t{_id(budget)}\t{_id(realised)}\t{_percent(realised, budget)}")
    assert len(lines) == rows, (len(lines), rows)
    return lines


def _table_blocks(lines: list[str]) -> list[tuple[int, int]]:
    """(first, end) line spans of each table: the line before it (its caption, or the
    heading or sentence that tells what it is) and its TAB-separated lines, blank lines
    between them included."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if "\t" not in lines[i]:
            i += 1
            continue
        first = i
        before = i - 1
        while before >= 0 and not lines[before].strip():
            before -= 1
        if before >= 0 and (not spans or before >= spans[-1][1]):
            first = before
        end = i
        while end < len(lines) and ("\t" in lines[end] or not lines[end].strip()):
            end += 1
        while "\t" not in lines[end - 1]:
            end -= 1
        spans.append((first, end))
        i = end
    return spans


def sample_lines() -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()


def with_budget_rows(rows: int) -> str:
    """The sample with its budget table replaced by one of `rows` rows in all, as the
    limit counts them: its header and column-number rows and `rows` − 2 generated ones."""
    lines = sample_lines()
    first, end = next(s for s in _table_blocks(lines) if lines[s[0]].startswith(BUDGET_CAPTION))
    header = [n for n in range(first + 1, end) if lines[n].startswith("(1)\t")]
    body_start = header[0] + 1
    while end > body_start and not lines[end - 1].strip():
        end -= 1
    return "\n".join([*lines[:body_start], *budget_table(rows - 2), *lines[end:]]) + "\n"


def with_budget_repeated(copies: int) -> str:
    """The sample with its budget table's rows (all but the TOTAL row) `copies` times over:
    how the issue first measured growth. Its urusan letters, codes and names repeat, and so
    do its slips."""
    lines = sample_lines()
    first, end = next(s for s in _table_blocks(lines) if lines[s[0]].startswith(BUDGET_CAPTION))
    header = next(n for n in range(first + 1, end) if lines[n].startswith("(1)\t"))
    body = lines[header + 1 : end]
    total = [line for line in body if line.startswith("TOTAL")]
    rows = [line for line in body if not line.startswith("TOTAL")]
    return "\n".join([*lines[: header + 1], *(rows * copies), *total, *lines[end:]]) + "\n"


def with_tables_repeated(copies: int) -> str:
    """The sample with each of its tables (caption and body) `copies` times in all."""
    lines = sample_lines()
    blocks = [lines[a:b] for a, b in _table_blocks(lines)]
    extra: list[str] = []
    for n in range(2, copies + 1):
        extra += ["", f"LAMPIRAN {n}", ""]
        for block in blocks:
            extra += [*block, "", f"Salinan tabel untuk lampiran {n}.", ""]
    return "\n".join([*lines, *extra]) + "\n"


def count_tables(text: str) -> int:
    return len(_table_blocks(text.splitlines()))


# --- measuring ---------------------------------------------------------------------------


def median_seconds(action: Callable[[], object], runs: int) -> float:
    """Median CPU seconds of this process over `runs` runs, after a warm-up run. CPU time,
    not wall time: on a shared machine a wall clock also counts the other processes."""
    action()  # warm-up
    times = []
    for _ in range(runs):
        gc.collect()  # each run starts without the previous one's garbage
        start = time.process_time()
        action()
        times.append(time.process_time() - start)
    return statistics.median(times)


def slope(sizes: Sequence[float], seconds: Sequence[float]) -> float:
    """Least-squares slope of log(seconds) against log(size)."""
    xs = [math.log(s) for s in sizes]
    ys = [math.log(t) for t in seconds]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs
    )


class Auditor:
    """The in-process audit, with the rule set loaded once."""

    def __init__(self) -> None:
        from auditor.engine import load_rule_set

        self.profiles, self.every_rule, self.rules = load_rule_set((), "", "")

    def read(self, path: Path) -> object:
        from auditor.ingest import read_document

        return read_document(path)

    def audit(self, document: object) -> str:
        from auditor.engine import audit
        from auditor.findings_json import findings_document

        result = audit(document, self.rules, self.profiles, self.every_rule)  # type: ignore[arg-type]
        return str(findings_document(result, "id"))


def measure(
    texts: list[str], runs: int, auditor: Auditor, folder: Path, size: Callable[[Any], int]
) -> list[tuple[int, float, float]]:
    """(size, read seconds, audit seconds) for each input text; `size` of its document."""
    out = []
    for n, text in enumerate(texts):
        path = folder / f"growth-{n}.txt"
        path.write_text(text, encoding="utf-8")
        gc.collect()
        start = time.process_time()  # once: for information
        document = auditor.read(path)
        read = time.process_time() - start
        seconds = median_seconds(lambda document=document: auditor.audit(document), runs)
        out.append((size(document), read, seconds))
    return out


def budget_rows(document: Any) -> int:
    """Rows of the budget table, header rows included (as the limit counts them)."""
    (table,) = [t for t in document.tables if t.id == BUDGET_CAPTION.split()[1]]
    return len(table.header_rows) + bool(table.column_numbers) + len(table.body_rows)


def table_count(document: Any) -> int:
    return len(document.tables)


def growth_table(title: str, unit: str, measured: list[tuple[int, float, float]]) -> list[str]:
    first = measured[0]
    lines = [
        f"| {title} | {unit} | read | audit | audit ÷ smallest |",
        "|---|---:|---:|---:|---:|",
    ]
    for size, read, seconds in measured:
        lines.append(
            f"| ×{round(size / first[0])} | {size:,} | {read * 1000:.0f} ms "
            f"| {seconds * 1000:.0f} ms | {seconds / first[2]:.1f}× |"
        )
    return lines


def exponents(measured: list[tuple[int, float, float]]) -> tuple[float, float]:
    """(slope over the largest tenfold range of sizes, slope over all sizes) of the audit
    time. Between two sizes close together (×100 and ×123) a slope is mostly noise."""
    sizes = [m[0] for m in measured]
    seconds = [m[2] for m in measured]
    top = min(len(sizes) - 2, next(n for n, s in enumerate(sizes) if s * 10 >= sizes[-1]))
    return slope(sizes[top:], seconds[top:]), slope(sizes, seconds)


def cold_rows(runs: int) -> list[str]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from run import audit_command, median_processes

    measured = median_processes(
        {
            "floor": [sys.executable, "-c", "import pandas"],
            "audit": audit_command("txt"),
        },
        runs,
    )
    (floor, floor_rss), (audit, audit_rss) = measured["floor"], measured["audit"]
    return [
        "| cold process | median | ratio | peak memory |",
        "|---|---:|---:|---:|",
        f'| `python -c "import pandas"` (the floor) | {floor:.2f} s | 1.00× '
        f"| {floor_rss / 1024:.0f} MiB |",
        f"| `lkjip-audit audit sample.txt --format json` | {audit:.2f} s | "
        f"{audit / floor:.2f}× | {audit_rss / 1024:.0f} MiB |",
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs per size (median)")
    parser.add_argument(
        "--rows",
        default=",".join(map(str, ROW_SIZES)),
        help="budget table sizes in rows, comma-separated (empty: leave out)",
    )
    parser.add_argument(
        "--copies",
        default=",".join(map(str, TABLE_COPIES)),
        help="how many times each table appears, comma-separated (empty: leave out)",
    )
    parser.add_argument(
        "--repeats",
        default=",".join(map(str, SAMPLE_REPEATS)),
        help="how many times the sample's budget rows appear, comma-separated (empty: leave out)",
    )
    parser.add_argument("--skip-cold", action="store_true", help="leave out the cold CLI rows")
    options = parser.parse_args(argv)
    # Cold processes first, while this process is small (see run.run_process).
    cold = [] if options.skip_cold else cold_rows(max(options.runs, 3))
    auditor = Auditor()
    scenarios = [
        ("budget table", "rows", "rows", options.rows, with_budget_rows, budget_rows),
        ("tables repeated", "tables", "tables", options.copies, with_tables_repeated, table_count),
        ("sample's budget rows repeated", "rows", "sample rows", options.repeats,
         with_budget_repeated, budget_rows),
    ]  # fmt: skip
    out: list[str] = []
    slopes = [
        "| growth exponent of the audit | largest tenfold range | all sizes |",
        "|---|---:|---:|",
    ]
    with tempfile.TemporaryDirectory() as folder:
        for title, unit, name, sizes, make, size in scenarios:
            texts = [make(int(n)) for n in sizes.split(",") if n]
            if not texts:
                continue
            measured = measure(texts, options.runs, auditor, Path(folder), size)
            out += [*growth_table(title, unit, measured), ""]
            if len(measured) >= 2:
                last, overall = exponents(measured)
                slopes.append(f"| {name} | {last:.2f} | {overall:.2f} |")
    out += slopes
    if cold:
        out += ["", *cold]
    print(
        f"CPU time, median of {options.runs} runs in-process and warm (reading: one run); "
        "cold rows: wall time of fresh processes.\n"
    )
    print("\n".join(out))


if __name__ == "__main__":
    main()
