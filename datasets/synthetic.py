"""Generate realistic variants of the sample report, for batch tests and benchmarks.

    python datasets/synthetic.py COUNT OUTDIR [--seed N] [--broken K]

Each variant starts from the bundled sample: the repaired copy (clean: no error or warning)
or the original (its known errors), and changes, all decided by a random generator seeded
from `seed` and the variant's number (the same arguments give the same bytes):

* who wrote it: the agency (a dinas or badan) and the region (a kabupaten or a kota, with
  its Bupati or Wali Kota), everywhere the report names them;
* when: every year from 2019 to 2029 moves by the same amount (report year 2021-2024);
* how big: every Rupiah amount is multiplied by the same whole number, so every sum, total,
  absorption and efficiency percentage still holds;
* planted error: some clean variants get the second or third digit of one Rupiah amount in
  a table changed;
* layout: captions numbered as printed, numbered 1, 2, 3 ... or not numbered; some
  variants as Markdown pipe tables (`.md`); some with two columns of a table swapped where
  the header names them (the recogniser maps columns by header words, not position).

`manifest.json` in OUTDIR records what each variant is, computed, not written by hand.
`broken=K` makes the last K files unreadable (bytes that are neither UTF-8 nor
Windows-1252), to show that one unreadable report does not stop a batch.
"""

# No `from __future__ import annotations`: the dataclass below then needs no entry in
# sys.modules, so importlib can load this file by its path (tests, benchmarks).
import argparse
import functools
import json
import random
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from auditor.ingest.text import parse_text  # noqa: E402
from auditor.model import Table  # noqa: E402

SAMPLE = HERE / "lkjip-sumenep-dinsos-p3a-2023.txt"
REPAIRED = HERE / "lkjip-sumenep-dinsos-p3a-2023-repaired.txt"

AGENCIES = (
    "Dinas Sosial, Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Sosial",
    "Dinas Pemberdayaan Perempuan dan Perlindungan Anak",
    "Dinas Kesehatan",
    "Dinas Pendidikan",
    "Dinas Pekerjaan Umum dan Penataan Ruang",
    "Dinas Perhubungan",
    "Dinas Lingkungan Hidup",
    "Dinas Kependudukan dan Pencatatan Sipil",
    "Dinas Pertanian dan Ketahanan Pangan",
    "Dinas Koperasi, Usaha Kecil dan Menengah",
    "Dinas Pemberdayaan Masyarakat dan Desa",
    "Dinas Komunikasi dan Informatika",
    "Dinas Perumahan Rakyat dan Kawasan Permukiman",
    "Dinas Tenaga Kerja",
    "Dinas Pariwisata dan Kebudayaan",
    "Dinas Perpustakaan dan Kearsipan",
    "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
    "Dinas Perindustrian dan Perdagangan",
    "Dinas Perikanan",
    "Badan Perencanaan Pembangunan Daerah",
    "Badan Pengelolaan Keuangan dan Aset Daerah",
    "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
    "Badan Penanggulangan Bencana Daerah",
    "Badan Kesatuan Bangsa dan Politik",
    "Badan Pendapatan Daerah",
)
REGIONS = (
    ("Kabupaten", "Sumenep"),
    ("Kabupaten", "Bangkalan"),
    ("Kabupaten", "Pamekasan"),
    ("Kabupaten", "Banyuwangi"),
    ("Kabupaten", "Jember"),
    ("Kabupaten", "Lamongan"),
    ("Kabupaten", "Gresik"),
    ("Kabupaten", "Sleman"),
    ("Kabupaten", "Bantul"),
    ("Kabupaten", "Garut"),
    ("Kabupaten", "Banyumas"),
    ("Kabupaten", "Klaten"),
    ("Kabupaten", "Gowa"),
    ("Kabupaten", "Badung"),
    ("Kabupaten", "Lombok Timur"),
    ("Kabupaten", "Kutai Kartanegara"),
    ("Kabupaten", "Deli Serdang"),
    ("Kota", "Surabaya"),
    ("Kota", "Malang"),
    ("Kota", "Yogyakarta"),
    ("Kota", "Semarang"),
    ("Kota", "Bandung"),
    ("Kota", "Makassar"),
    ("Kota", "Denpasar"),
    ("Kota", "Padang"),
    ("Kota", "Pontianak"),
    ("Kota", "Kupang"),
    ("Kota", "Balikpapan"),
)
YEAR_SHIFTS = (-2, -1, 0, 1)  # the sample reports on 2023: variants on 2021-2024
SCALES = (1, 2, 3, 5)
LAYOUTS = ("tab", "tab", "tab", "markdown")
CAPTION_STYLES = ("printed", "printed", "sequential", "none")
SWAP_SHARE = 0.3
BROKEN_BYTES = b"\x81\x8d\x8f\x90\x9d"  # neither UTF-8 nor Windows-1252

AGENCY_RE = re.compile(
    r"Dinas\s+Sosial,?\s+Pemberdayaan\s+Perempuan\s+dan\s+Perlindungan\s+Anak", re.I
)
YEAR_RE = re.compile(r"(?<![\d.,])20(19|2[0-9])(?![\d]|[.,]\d)")
RUPIAH_RE = re.compile(r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d]|\.\d)")
CAPTION_LINE_RE = re.compile(
    r"^(?P<lead>\W*)(?P<word>Tabel|Table)\s+(?P<number>[0-9]+(?:[.\-][0-9]+)*)\b\.?\s*", re.I
)


@dataclass
class Variant:
    file: str
    base: str  # "clean" (the repaired copy) or "sample" (the original, errors included)
    agency: str
    region: str
    year: int
    scale: int
    layout: str  # "tab" or "markdown"
    captions: str  # "printed", "sequential" or "none"
    swapped: list[str] | None = None  # [table id in the sample, column, column]
    planted: dict[str, object] | None = None  # {"line", "printed", "planted"}
    broken: bool = False


def _same_case(found: str, replacement: str) -> str:
    if found.isupper():
        return replacement.upper()
    if found.islower():
        return replacement.lower()
    return replacement


def _rename(text: str, agency: str, kind: str, region: str) -> str:
    text = AGENCY_RE.sub(lambda m: _same_case(m.group(0), agency), text)
    text = re.sub(
        r"Kabupaten(\s+)Sumenep",
        lambda m: _same_case(m.group(0), f"{kind}{m.group(1)}{region}"),
        text,
        flags=re.I,
    )
    if kind == "Kota":
        text = re.sub(
            r"\bBupati\b", lambda m: _same_case(m.group(0), "Wali Kota"), text, flags=re.I
        )
    return re.sub(r"\bSumenep\b", lambda m: _same_case(m.group(0), region), text, flags=re.I)


def _shift_years(text: str, shift: int) -> str:
    return YEAR_RE.sub(lambda m: str(int(m.group(0)) + shift), text)


def _rupiah(value: int) -> str:
    return f"{value:,}".replace(",", ".")


def _scale_amounts(text: str, factor: int) -> str:
    if factor == 1:
        return text
    return RUPIAH_RE.sub(lambda m: _rupiah(int(m.group(0).replace(".", "")) * factor), text)


def _plant_digit(lines: list[str], rng: random.Random) -> dict[str, object]:
    """Change the second or third digit of one Rupiah amount in a table row: a material slip
    (0.1 % of the amount or more), which the printed percentages and sums reveal."""
    spots = [
        (i, m)
        for i, line in enumerate(lines)
        if "\t" in line or line.startswith("|")
        for m in RUPIAH_RE.finditer(line)
    ]
    i, match = rng.choice(spots)
    printed = match.group(0)
    positions = [k for k, c in enumerate(printed) if c.isdigit()][1:3]
    k = rng.choice(positions)
    digit = rng.choice([d for d in "0123456789" if d != printed[k]])
    planted = printed[:k] + digit + printed[k + 1 :]
    lines[i] = lines[i][: match.start()] + planted + lines[i][match.end() :]
    return {"line": i + 1, "printed": printed, "planted": planted}


def _table_spans(lines: list[str], blocks: list) -> list[tuple[Table, int, int]]:
    """Each table with its first and last source line (0-based, inclusive): from its first
    row to the line before the next block or caption, blank lines trimmed."""
    starts = sorted(
        {b.location.line for b in blocks}
        | {b.caption.location.line for b in blocks if isinstance(b, Table) and b.caption}
    )
    spans = []
    for table in (b for b in blocks if isinstance(b, Table)):
        first = table.location.line
        end = next((s for s in starts if s > first), len(lines) + 1) - 1
        while end > first and not lines[end - 1].strip():
            end -= 1
        spans.append((table, first - 1, end - 1))
    return spans


def _rows(table: Table) -> tuple[list[list[str]], int]:
    """The table's rows as raw cell texts (the column-number row kept in place) and how
    many of them are header rows."""
    header = [[c.raw for c in row] for row in table.header_rows]
    if table.column_numbers is not None:
        header.append([c.raw for c in table.column_numbers])
    rows = header + [[c.raw for c in row] for row in table.body_rows]
    width = max(len(r) for r in rows)
    return [r + [""] * (width - len(r)) for r in rows], len(table.header_rows)


def _swappable(table: Table, rows: list[list[str]], n_header: int) -> list[tuple[int, int]]:
    """Pairs of columns (not the row code) that can trade places: named in the header's last
    row, and under the same group cell (empty or equal) in every header row above it."""
    if n_header == 0:
        return []
    last = rows[n_header - 1]
    named = [c for c in range(1, len(last)) if last[c].strip()]
    return [
        (a, b)
        for a in named
        for b in named
        if a < b and all(rows[r][a] == rows[r][b] == "" for r in range(n_header - 1))
    ]


def _pipe(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def _emit(rows: list[list[str]], n_header: int, layout: str) -> list[str]:
    if layout == "tab" or n_header == 0:
        return ["\t".join(r) for r in rows]
    rule = "|" + "|".join("---" for _ in rows[0]) + "|"
    return [_pipe(r) for r in rows[:n_header]] + [rule] + [_pipe(r) for r in rows[n_header:]]


@functools.cache
def _parsed(path: Path) -> tuple[tuple[str, ...], tuple[tuple[Table, int, int], ...]]:
    """A base report's lines and tables with their line spans (parsed once per process)."""
    text = path.read_text(encoding="utf-8")
    lines = text.split("\n")
    return tuple(lines), tuple(_table_spans(lines, parse_text(text)))


def _relayout(
    path: Path, layout: str, captions: str, rng: random.Random, swap: bool
) -> tuple[str, list[str] | None]:
    """The base report with its tables re-emitted (pipe tables, two columns swapped) and
    its captions renumbered or unnumbered; also which columns were swapped."""
    base_lines, spans = _parsed(path)
    lines = list(base_lines)
    swapped = None
    if swap:
        choices = [
            (table, pair) for table, _, _ in spans for pair in _swappable(table, *_rows(table))
        ]
        swap_table, (a, b) = rng.choice(choices)
    for table, first, last in reversed(spans):
        rows, n_header = _rows(table)
        if swap and table is swap_table:
            numbers = rows[n_header] if table.column_numbers is not None else None
            for row in rows:
                if row is not numbers:  # "(1) (2) (3)" stays in order
                    row[a], row[b] = row[b], row[a]
            swapped = [table.id, rows[n_header - 1][b], rows[n_header - 1][a]]
        elif layout == "tab":
            continue  # untouched: keeps its page breaks and wrapped lines as printed
        lines[first : last + 1] = _emit(rows, n_header, layout)
    if captions != "printed":
        numbered = [t for t, _, _ in spans if t.caption is not None]
        for k, table in enumerate(numbered, start=1):
            i = table.caption.location.line - 1
            label = f"\\g<lead>\\g<word> {k} " if captions == "sequential" else r"\g<lead>"
            lines[i] = CAPTION_LINE_RE.sub(label, lines[i], count=1)
    return "\n".join(lines), swapped


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def variant(number: int, seed: int = 0) -> tuple[Variant, bytes]:
    """Variant `number` of the generator seeded `seed`: what it is and its bytes."""
    rng = random.Random(f"lkjip-synthetic:{seed}:{number}")
    roll = rng.random()
    base = "sample" if roll < 0.25 else "clean"
    plant = 0.25 <= roll < 0.5
    agency = rng.choice(AGENCIES)
    kind, region = rng.choice(REGIONS)
    shift = rng.choice(YEAR_SHIFTS)
    scale = rng.choice(SCALES)
    layout = rng.choice(LAYOUTS)
    captions = rng.choice(CAPTION_STYLES)
    swap = rng.random() < SWAP_SHARE
    # Layout first (on the base report, parsed once), then the words and numbers.
    text, swapped = _relayout(REPAIRED if base == "clean" else SAMPLE, layout, captions, rng, swap)
    text = _scale_amounts(_shift_years(_rename(text, agency, kind, region), shift), scale)
    planted = None
    if plant:
        lines = text.split("\n")
        planted = _plant_digit(lines, rng)
        text = "\n".join(lines)
    suffix = ".md" if layout == "markdown" else ".txt"
    name = f"lkjip-{_slug(kind + ' ' + region)}-{_slug(agency)}-{2023 + shift}-{number:04d}"
    info = Variant(
        name + suffix,
        base,
        f"{agency} {kind} {region}",
        f"{kind} {region}",
        2023 + shift,
        scale,
        layout,
        captions,
        swapped,
        planted,
    )
    return info, text.encode("utf-8")


def generate(count: int, folder: Path, seed: int = 0, *, broken: int = 0) -> list[Path]:
    """Write `count` variants (the last `broken` of them unreadable) into `folder`, with
    `manifest.json`; return their paths in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths, manifest = [], []
    for number in range(count):
        info, data = variant(number, seed)
        if number >= count - broken:
            info.broken = True
            info.file = info.file.rsplit(".", 1)[0] + "-broken.txt"
            middle = len(data) // 2
            data = data[:middle] + BROKEN_BYTES + data[middle:]
        path = folder / info.file
        path.write_bytes(data)
        paths.append(path)
        manifest.append(asdict(info))
    text = json.dumps({"seed": seed, "variants": manifest}, ensure_ascii=False, indent=1)
    (folder / "manifest.json").write_text(text + "\n", encoding="utf-8")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="how many reports")
    parser.add_argument("folder", type=Path, help="where to write them")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same reports")
    parser.add_argument("--broken", type=int, default=0, help="how many unreadable files")
    args = parser.parse_args(argv)
    paths = generate(args.count, args.folder, args.seed, broken=args.broken)
    print(f"{len(paths)} reports written to {args.folder}")


if __name__ == "__main__":
    main()
