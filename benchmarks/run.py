"""Benchmarks anyone can run: `python benchmarks/run.py [--runs N]`.

Prints a table of medians over N runs (default 5) on this machine. Machines are shared
and noisy, so compare ratios within one run, never timings across machines.

Readers: the time to read the bundled sample in each format (in-process, after one warm-up
read, so imports are excluded), and the PDF reader's pages per second (brief §8: PDF
≤ 0.1 s per page).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from auditor.ingest import read_document  # noqa: E402
from auditor.resources import bundled_path  # noqa: E402

SAMPLE = "lkjip-sumenep-dinsos-p3a-2023"


def median_seconds(action: Callable[[], object], runs: int) -> float:
    action()  # warm-up: imports and caches are not what is measured
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def pdf_pages(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return len(pdf.pages)


def reader_rows(runs: int) -> list[tuple[str, str, str]]:
    rows = []
    text = None
    for suffix in ("txt", "docx", "pdf", "xlsx"):
        path = bundled_path("datasets", f"{SAMPLE}.{suffix}")
        seconds = median_seconds(lambda path=path: read_document(path), runs)
        text = text or seconds
        detail = f"{seconds / text:.1f}× text"
        if suffix == "pdf":
            pages = pdf_pages(path)
            per_page = seconds / pages
            detail += f"; {pages} pages, {per_page:.3f} s/page, {1 / per_page:.1f} pages/s"
        rows.append((f"read sample .{suffix}", f"{seconds * 1000:.0f} ms", detail))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per measurement (median)")
    runs = parser.parse_args().runs
    rows = reader_rows(runs)
    width = max(len(r[0]) for r in rows)
    print(f"{'measurement':<{width}}  {'median':>8}  notes (median of {runs} runs)")
    for name, value, notes in rows:
        print(f"{name:<{width}}  {value:>8}  {notes}")


if __name__ == "__main__":
    main()
