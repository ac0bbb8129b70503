"""Recognise tables: kind from header words, canonical columns, parsed numbers, hierarchy.

The result for each table is a `Dataset`: the source table, its kind (or None when no
profile fits: such tables are kept and listed, never dropped), the column mapping, one
record (a dict) per body row, and the parse problems found in its cells. The checks read
the records; a pandas frame of them is built only when asked for (`Dataset.frame`), so a
native audit never imports pandas.

Record fields (the frame's columns): `row` (1-based body row), `line`, `page`, `key`
("B.2.3"), `code`, `depth`, `parent`, `role` (section/item/total/group/blank), `level` (from
the profile's `levels`), `label` (the row's name); then per canonical column `<name>`: the
value (Decimal or None for numbers, cleaned text otherwise), `<name>__raw` (as printed),
and for numbers `<name>__parsed` (the full ParsedNumber: decimals, unit, alternatives,
flags); for name columns `<name>__key` (see names.name_key).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from auditor.model import Cell, CellRef, Document, Location, Table
from auditor.numbers import (
    Convention,
    ParsedNumber,
    Reading,
    detect_convention,
    looks_numeric,
    malformed_readings,
    parse_number,
)
from auditor.recognise.hierarchy import RowPosition, build_hierarchy, level_name
from auditor.recognise.names import name_key
from auditor.recognise.profiles import ColumnSpec, TableProfile, load_profiles
from auditor.recognise.units import column_exponent, table_exponent

if TYPE_CHECKING:
    import pandas as pd

YEAR_RE = re.compile(r"\b((?:19|20)[0-9]{2})\b")
# Amounts stated in thousands/millions/billions are rounded, so never exact.
SCALED_RE = re.compile(r"\b(?:ribu|ribuan|juta|jutaan|miliar|milyar|triliun)\b|\(000\)", re.I)
CODE_LABEL_RE = re.compile(r"^(?:no\.?|n o|nomor|kode)$")
CODE_VALUE_RE = re.compile(r"^(?:[A-Z]|[IVX]{1,4}|[0-9]{1,3}(?:\.[0-9]{1,3})*)\.?$")
# "20 organisasi", "6.341 Orang": a number followed by a unit word.
MALFORMED = "malformed_number"  # the CellProblem of numeric characters that do not parse
NUMBER_WITH_WORD_RE = re.compile(r"^(?P<number>[-(]?[0-9][0-9.,]*\)?\s*%?)\s+(?P<word>[^\W\d]+)$")


@dataclass(frozen=True)
class MappedColumn:
    index: int  # 0-based position in the table
    name: str  # canonical name, or "kolom_<n>" when no profile column matched
    label: str  # header label as printed, spanned group cells expanded
    type: str  # code | text | name | number
    year: int | None = None
    exact: bool = False  # whole-Rupiah amounts: compared without rounding tolerance
    # A money column's unit as a power of ten (3: Rp 000, 6: Rp juta); 0 when whole Rupiah
    # is stated, None when nothing says (recognise/units.py).
    exponent: int | None = None

    @property
    def mapped(self) -> bool:
        return not self.name.startswith("kolom_")


@dataclass(frozen=True)
class CellProblem:
    row: int  # 1-based body row
    column: str
    raw: str
    # ambiguous_separator | unusual_convention | not_a_number | malformed_number (numeric
    # characters that do not parse: "168.988.6760") | not_available
    problem: str
    location: Location
    readings: tuple[Reading, ...] = ()  # the values it can be read as, primary first


@dataclass(frozen=True)
class RecognitionNote:
    """Why a table got its kind, or none: what a reviewer needs to trust an "unrecognised".

    `meanings` are the canonical column names its header words match in any profile. For an
    unrecognised table, `nearest` is the kind it came closest to, `missing` the header words
    that kind needs and the table lacks, `excluded` the words it has that rule that kind out.
    """

    reason: str  # header | shape | no_header | missing_columns | excluded_words | too_few_years
    meanings: tuple[str, ...] = ()
    nearest: str | None = None
    nearest_title: dict[str, str] = field(default_factory=dict)  # by language
    missing: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()


@dataclass
class Dataset:
    table: Table
    kind: str | None
    profile: TableProfile | None
    columns: list[MappedColumn]
    # The rows, one dict per body row with the fields described above: what the checks
    # read. Never mutated.
    records: list[dict] = field(default_factory=list)
    # The names of the fields, in order: the frame's columns (a record may lack none).
    fields: tuple[str, ...] = ()
    problems: list[CellProblem] = field(default_factory=list)
    note: RecognitionNote = field(default_factory=lambda: RecognitionNote("header"))

    @property
    def id(self) -> str:
        return self.table.id

    def column(self, name: str) -> MappedColumn | None:
        return self._by_name.get(name)

    @cached_property
    def _by_name(self) -> dict[str, MappedColumn]:
        by_name: dict[str, MappedColumn] = {}
        for column in self.columns:
            by_name.setdefault(column.name, column)
        return by_name

    def rows_printing(self, column: str) -> dict[str, list[int]]:
        """What each cell of `column` prints (stripped, blanks left out) → the rows that
        print it, in order: which rows print the same, without reading the column again."""
        cache: dict[str, dict[str, list[int]]] = self.__dict__.setdefault("_printing", {})
        if column not in cache:
            rows: dict[str, list[int]] = {}
            for i, record in enumerate(self.records):
                if raw := str(record.get(f"{column}__raw") or "").strip():
                    rows.setdefault(raw, []).append(i)
            cache[column] = rows
        return cache[column]

    @cached_property
    def refs(self) -> dict[tuple[int, int, str | None], CellRef]:
        """(dataset ordinal, row, column) → its CellRef, kept by `checks.cells.ref`."""
        return {}

    def has_field(self, name: str) -> bool:
        """Whether the records have the field `name` (a column of the frame)."""
        return name in self._field_set

    @cached_property
    def _field_set(self) -> frozenset[str]:
        return frozenset(self.fields)

    @cached_property
    def frame(self) -> pd.DataFrame:
        """The records as a pandas frame, built (and pandas imported) on first use: for the
        `tables` command, Great Expectations and anyone exploring a dataset. The checks
        read `records`, so a native audit never imports pandas."""
        import pandas as pd

        return pd.DataFrame.from_records(self.records, columns=list(self.fields))

    def numeric_cells(self, convention: Convention) -> list[tuple[int, str]]:
        """(frame row, column) of every cell holding a value: in a recognised table the
        number columns' numbers, ranks and malformed numbers; in an unrecognised one any
        cell outside the numbering column that reads as a number or looks like one."""
        if self.kind is not None:
            malformed = {(p.row, p.column) for p in self.problems if p.problem == MALFORMED}
            return [
                (i, column.name)
                for column in self.columns
                if column.type == "number"
                for i, record in enumerate(self.records)
                if (cell := record.get(f"{column.name}__parsed")) is not None
                and (cell.kind in ("number", "ordinal") or (i + 1, column.name) in malformed)
            ]
        return [
            (i, column.name)
            for column in self.columns
            if column.type != "code"
            for i, record in enumerate(self.records)
            if (raw := str(record.get(f"{column.name}__raw") or ""))
            and (parse_number(raw, convention).is_number or looks_numeric(raw))
        ]


@dataclass
class Recognition:
    document: Document
    datasets: list[Dataset]
    convention: Convention  # separator convention dominant in the document


def column_labels(table: Table) -> list[list[str]]:
    """The header texts of each column, top-down, with spanned group cells expanded.

    An empty header cell with a filled cell below it belongs to the group on its left
    ("TAHUN 2023" over TARGET / REALISASI / CAPAIAN). An empty cell in every header row
    between numbered columns ("1 _ 2 3") is a horizontal span of its left neighbour.
    """
    width = table.width
    rows = [[c.text for c in r] + [""] * (width - len(r)) for r in table.header_rows]
    for r in range(1, len(rows)):
        rows[r] = _under_its_group(rows[r - 1], rows[r])
    for r, row in enumerate(rows):
        for c in range(1, width):
            below = any(rows[k][c] for k in range(r + 1, len(rows)))
            if not row[c] and below and row[c - 1]:
                row[c] = row[c - 1]
    numbers = [c.text for c in table.column_numbers or []] + [""] * width
    labels: list[list[str]] = []
    for c in range(width):
        parts: list[str] = []
        for row in rows:
            if row[c] and row[c] not in parts:
                parts.append(row[c])
        spanned = table.column_numbers and not numbers[c] and any(numbers[c + 1 : width])
        if not parts and c > 0 and spanned:
            parts = labels[c - 1]
        labels.append(parts)
    return labels


def _under_its_group(upper: list[str], lower: list[str]) -> list[str]:
    """A lower header row printed packed to the left ("2020 2021 2022" under "IKS | REAL."
    whose group cell spans the last columns, as text copied from a PDF loses the leading
    empty cells) moved right, under the group that ends the row above."""
    filled = [c for c, text in enumerate(lower) if text]
    if not filled or filled != list(range(len(filled))) or len(filled) == len(lower):
        return lower
    group = len(lower) - len(filled)  # where the lower row would start, right-aligned
    upper_filled = [c for c, text in enumerate(upper) if text]
    if not upper_filled or upper_filled[-1] != group or group == 0:
        return lower
    return [""] * group + lower[: len(filled)]


def _normal(text: str) -> str:
    return " ".join(text.lower().split())


def _score(profile: TableProfile, header: str, context: str, labels: list[str]) -> tuple | None:
    if (
        not header
        or not profile.header_all
        or not all(p.search(header) for p in profile.header_all)
    ):
        return None  # a kind without header words is known by its shape only
    if any(p.search(header) for p in profile.header_none):
        return None
    if len(set(YEAR_RE.findall(header))) < profile.min_years:
        return None
    in_context = any(p.search(context) for p in profile.context_any)
    mapped = sum(any(p.search(lb) for s in profile.columns for p in s.patterns) for lb in labels)
    return (in_context, mapped)


def _header_texts(table: Table) -> tuple[list[str], str]:
    labels = [_normal(" ".join(parts)) for parts in column_labels(table)]
    return labels, " | ".join(lb for lb in labels if lb)


def classify(table: Table, profiles: list[TableProfile]) -> TableProfile | None:
    labels, header = _header_texts(table)
    context = _normal(table.context)
    best: tuple[tuple, int, TableProfile] | None = None
    for order, profile in enumerate(profiles):
        score = _score(profile, header, context, labels)
        if score is not None and (best is None or (score, -order) > (best[0], best[1])):
            best = (score, -order, profile)
    return best[2] if best else None


CONTENTS_CONTEXT_RE = re.compile(r"\bdaftar\s+(?:isi|tabel|gambar|grafik|lampiran)\b", re.I)
PAGE_REF_RE = re.compile(r"^(?:[0-9]{1,4}|[ivxlc]{1,7})$", re.IGNORECASE)


def looks_like_contents(table: Table) -> bool:
    """Rows of titles each ending in a page reference, arabic page numbers never going down:
    a table of contents (or of tables, figures, appendices) without a header."""
    if table.header_rows or len(table.body_rows) < 2:
        return False
    pages: list[int] = []
    for row in table.body_rows:
        texts = [c.text for c in row if c.text]
        if len(texts) < 2:
            return False
        last = texts[-1].strip(" .\u2026")  # dot leaders ("..... 12")
        if not PAGE_REF_RE.match(last):
            return False
        if last.isdigit():
            pages.append(int(last))
    return pages == sorted(pages)


# A band of a scale: "≥ 90", "75 ≤ X < 90", "75,00 – 89,99", "> 100", "< 50", "91-100".
BAND_RE = re.compile(
    r"^(?:[<>≤≥]=?\s*[0-9][0-9.,]*\s*%?|[0-9][0-9.,]*\s*%?\s*(?:[<≤]\s*x\s*[<≤]\s*[0-9][0-9.,]*"
    r"|(?:-|–|—|s\.?d\.?|sampai(?: dengan)?)\s*[0-9][0-9.,]*)\s*%?)$",
    re.IGNORECASE,
)


def looks_like_bands(table: Table) -> bool:
    """A header over rows each holding one value band and a word (its predicate): a
    predicate scale, whatever its header says ("Capaian (%) | Kategori")."""
    rows = table.body_rows
    if not table.header_rows or len(rows) < 3:
        return False
    banded = sum(
        any(BAND_RE.match(c.text) for c in row)
        and any(sum(ch.isalpha() for ch in c.text) >= 4 for c in row)
        for row in rows
    )
    return banded == len(rows)


def looks_footed(table: Table) -> bool:
    """A header over rows of numbers with a JUMLAH/TOTAL or RATA-RATA row."""
    if not table.header_rows or len(table.body_rows) < 3:
        return False
    roles = {
        position.role
        for position in build_hierarchy(
            ["" for _ in table.body_rows],
            [next((c.text for c in r if c.text), "") for r in table.body_rows],
        )
    }
    return bool(roles & {"total", "mean"})


def _readable(pattern: re.Pattern[str]) -> str:
    """A profile pattern as words a reviewer reads: 'anggaran|pagu' → 'anggaran/pagu'."""
    text = re.sub(r"\\[bsS]|[\^$?()]|\?:", "", pattern.pattern)
    text = text.replace("\\d", "#").replace(".*", "…").replace("\\", "")
    return text.replace("|", "/")


def explain(
    table: Table, profile: TableProfile | None, profiles: list[TableProfile], by_shape: bool
) -> RecognitionNote:
    """Why `table` got `profile` (or none): the column meanings its header words match and,
    when unrecognised, the nearest kind and what it lacked (see `RecognitionNote`)."""
    labels, header = _header_texts(table)

    def meanings(among: list[TableProfile]) -> tuple[str, ...]:
        return tuple(
            dict.fromkeys(
                spec.name
                for label in labels
                if label
                for p in among
                for spec in p.columns
                if any(pattern.search(label) for pattern in spec.patterns)
            )
        )

    if profile is not None:
        return RecognitionNote("shape" if by_shape else "header", meanings([profile]))
    if not header:
        return RecognitionNote("no_header")
    best: tuple[tuple[int, int, int], RecognitionNote] | None = None
    for order, candidate in enumerate(profiles):
        if not candidate.header_all:
            continue
        missing = tuple(_readable(p) for p in candidate.header_all if not p.search(header))
        excluded = tuple(_readable(p) for p in candidate.header_none if p.search(header))
        found = len(candidate.header_all) - len(missing)
        if found == 0:
            continue
        if missing:
            reason = "missing_columns"
        elif excluded:
            reason = "excluded_words"
        else:
            reason = "too_few_years"
        note = RecognitionNote(
            reason,
            meanings([candidate]),
            candidate.kind,
            {"id": candidate.title.id, "en": candidate.title.en},
            missing,
            excluded,
        )
        score = (found - len(missing) - len(excluded), found, -order)
        if best is None or score > best[0]:
            best = (score, note)
    return best[1] if best else RecognitionNote("missing_columns", meanings(profiles))


def _code_column(table: Table, labels: list[str]) -> int | None:
    for i, label in enumerate(labels):
        if CODE_LABEL_RE.match(_normal(label)):
            return i
    values = [r[0].text for r in table.body_rows if r and r[0].text]
    codes = sum(bool(CODE_VALUE_RE.match(v)) for v in values)
    return 0 if values and codes >= 0.6 * len(values) else None


def _matches(spec: ColumnSpec, parts: list[str]) -> bool:
    """A spec matches the whole label or any one header row's part of it."""
    texts = [_normal(" ".join(parts)), *(_normal(p) for p in parts)]
    return any(p.search(t) for p in spec.patterns for t in texts)


def map_columns(table: Table, profile: TableProfile | None) -> list[MappedColumn]:
    all_parts = column_labels(table)
    labels = [" ".join(parts) for parts in all_parts]
    code_col = _code_column(table, labels)
    stated = table_exponent([*([table.caption.text] if table.caption else []), *table.notes])
    assigned: list[MappedColumn] = []
    for i, (label, parts) in enumerate(zip(labels, all_parts, strict=True)):
        years = YEAR_RE.findall(label)
        year = int(years[-1]) if years else None
        if i == code_col:
            assigned.append(MappedColumn(i, "no", label, "code", year))
            continue
        column = MappedColumn(i, f"kolom_{i + 1}", label, "text", year)
        for spec in profile.columns if profile else ():
            if not _matches(spec, parts):
                continue
            taken = [a for a in assigned if a.name.split("__")[0] == spec.name]
            if taken and not (year and all(a.year and a.year != year for a in taken)):
                continue  # name taken by a column of the same (or no) year: try the next
            name = f"{spec.name}_{i + 1}" if spec.many else spec.name
            exponent = column_exponent(label, spec.amount, stated)
            exact = spec.exact and not exponent and not SCALED_RE.search(f"{label} {table.context}")
            column = MappedColumn(i, name, label, spec.type, year, exact, exponent)
            break
        assigned.append(column)
    # One name, several years: the latest keeps the name, earlier ones get a year suffix.
    latest: dict[str, int] = {}
    counts: dict[str, int] = {}
    for col in assigned:
        counts[col.name] = counts.get(col.name, 0) + 1
        if col.year:
            latest[col.name] = max(latest.get(col.name, col.year), col.year)
    return [
        replace(c, name=f"{c.name}_{c.year}")
        if counts[c.name] > 1 and c.year and c.year != latest[c.name]
        else c
        for c in assigned
    ]


def _parse_cell(raw: str, text: str, convention: Convention) -> tuple[ParsedNumber, str | None]:
    parsed = parse_number(text, convention)
    if parsed.kind == "text" and (m := NUMBER_WITH_WORD_RE.match(text)):
        number = parse_number(m.group("number"), convention)
        if number.is_number:
            return number, m.group("word")
    return parsed, None


def _problems(
    parsed: ParsedNumber, row: int, column: str, raw: str, loc: Location, convention: Convention
) -> Iterator[CellProblem]:
    def make(problem: str, readings: tuple[Reading, ...] = ()) -> CellProblem:
        return CellProblem(row, column, raw, problem, loc, readings)

    if parsed.kind == "text" and looks_numeric(parsed.raw):
        yield make(MALFORMED, malformed_readings(parsed.raw, convention))
    elif parsed.kind == "text":
        yield make("not_a_number")
    elif parsed.kind == "not_available":
        yield make("not_available")
    if "ambiguous_separator" in parsed.flags:
        yield make("ambiguous_separator", parsed.readings)
    if "unusual_convention" in parsed.flags:
        yield make("unusual_convention", parsed.readings[:1])


def _levels(
    positions: list[RowPosition], labels: list[str], levels: Sequence[str]
) -> list[str | None]:
    """Each row's level: the one its label names, when the profile has it ("I  Program …"
    is a program, not an urusan); else the one its depth gives, counted from its section's
    named level (the "1", "2" under that program are kegiatan)."""
    result: list[str | None] = []
    shift = 0
    for position, label in zip(positions, labels, strict=True):
        named = level_name(label)
        depth = position.depth
        if position.role == "section":
            shift = levels.index(named) - (depth or 0) if named in levels else 0
        if depth is None:
            result.append(None)
        elif named in levels:
            result.append(named)
        else:
            result.append(levels[depth + shift] if 0 <= depth + shift < len(levels) else None)
    return result


def _wordy_column(body: list[list[Cell | None]], columns: list[MappedColumn]) -> int | None:
    """The first column, besides the numbering, whose cells are mostly words: what names
    the rows of a table no profile maps ("Golongan", "Periode")."""
    for column in columns:
        texts = [c.text for r in body if (c := r[column.index]) is not None and c.text]
        words = [t for t in texts if sum(ch.isalpha() for ch in t) >= 3]
        if column.type != "code" and texts and len(words) * 2 > len(texts):
            return column.index
    return None


def build_dataset(
    table: Table,
    profile: TableProfile | None,
    convention: Convention,
    note: RecognitionNote | None = None,
) -> Dataset:
    columns = map_columns(table, profile)
    width = table.width
    body = [r + [None] * (width - len(r)) for r in table.body_rows]  # ragged rows
    code_col = next((c.index for c in columns if c.type == "code"), None)
    label_col = next(
        (c.index for c in columns if profile and c.name == profile.label),
        next((c.index for c in columns if c.type == "name"), _wordy_column(body, columns)),
    )

    def text_at(cells: list[Cell | None], index: int | None) -> str:
        cell = cells[index] if index is not None else None
        return cell.text if cell is not None else ""

    labels = [text_at(r, label_col) for r in body]
    positions = build_hierarchy([text_at(r, code_col) for r in body], labels)
    levels = profile.levels if profile else ()
    row_levels = _levels(positions, labels, levels)
    records: list[dict] = []
    problems: list[CellProblem] = []
    carried: dict[str, str] = {}  # name column -> the last name printed in it
    for n, (cells, position, label) in enumerate(zip(body, positions, labels, strict=True), 1):
        first = next(c for c in cells if c is not None)
        record: dict = {
            "row": n,
            "line": first.location.line,
            "page": first.location.page,
            "key": position.key,
            "code": position.code,
            "depth": position.depth,
            "parent": position.parent,
            "role": position.role,
            "level": row_levels[n - 1],
            "label": label or next((c.text for c in cells if c is not None and c.text), ""),
        }
        for col in columns:
            cell = cells[col.index]
            raw = cell.raw if cell is not None else ""
            text = cell.text if cell is not None else ""
            record[f"{col.name}__raw"] = raw
            record[f"{col.name}__loc"] = cell.location if cell is not None else first.location
            if col.type == "number":
                parsed, word = _parse_cell(raw, text, convention)
                record[col.name] = parsed.value if parsed.is_number else None
                record[f"{col.name}__parsed"] = parsed
                record[f"{col.name}__word"] = word
                location = cell.location if cell is not None else first.location
                problems.extend(_problems(parsed, n, col.name, raw, location, convention))
            else:
                if col.type == "name" and col.index != label_col and position.role != "total":
                    # "SASARAN" written once and left blank below: the same as above.
                    text = text or carried.get(col.name, "")
                    carried[col.name] = text
                record[col.name] = text
                if col.type == "name":
                    record[f"{col.name}__key"] = name_key(text)
        records.append(record)
    meta = ["row", "line", "page", "key", "code", "depth", "parent", "role", "level", "label"]
    value_columns = [
        f"{c.name}{suffix}"
        for c in columns
        for suffix in (
            "",
            "__raw",
            "__loc",
            *(("__parsed", "__word") if c.type == "number" else ()),
            *(("__key",) if c.type == "name" else ()),
        )
    ]
    kind = profile.kind if profile else None
    note = note or RecognitionNote("header" if profile else "missing_columns")
    return Dataset(table, kind, profile, columns, records, (*meta, *value_columns), problems, note)


def _choose(
    document: Document, profiles: list[TableProfile]
) -> list[tuple[Table, TableProfile | None, bool]]:
    """Each table's profile, and whether its shape (not its header) decided it. A table of
    contents is known by its rows after "DAFTAR ISI", or right after another part of the
    contents with only headings and short lines between (it is split by chapter)."""
    by_shape = {p.shape: p for p in profiles if p.shape}
    chosen: list[tuple[Table, TableProfile | None, bool]] = []
    between: list[str] = []
    previous: TableProfile | None = None
    for block in document.blocks:
        if not isinstance(block, Table):
            between.append(block.text)
            continue
        profile, shaped = classify(block, profiles), False
        contents = by_shape.get("contents")
        bands, footed = by_shape.get("bands"), by_shape.get("footed")
        if profile is None and contents is not None and looks_like_contents(block):
            continued = previous is contents and all(len(t) <= 80 for t in between)
            if continued or CONTENTS_CONTEXT_RE.search(block.context):
                profile, shaped = contents, True
        if bands is not None and profile is not bands and looks_like_bands(block):
            profile, shaped = bands, True
        elif profile is None and footed is not None and looks_footed(block):
            profile, shaped = footed, True
        chosen.append((block, profile, shaped))
        previous, between = profile, []
    return chosen


def recognise(document: Document, profiles: list[TableProfile] | None = None) -> Recognition:
    """Classify every table of `document` and build its dataset."""
    profiles = profiles if profiles is not None else load_profiles()
    chosen = _choose(document, profiles)
    numeric_raws = [
        cell.text
        for table, profile, _ in chosen
        for col in map_columns(table, profile)
        if col.type == "number"
        for row in table.body_rows
        if col.index < len(row)
        for cell in [row[col.index]]
    ]
    convention = detect_convention(numeric_raws)
    datasets = [
        build_dataset(t, p, convention, explain(t, p, profiles, shaped)) for t, p, shaped in chosen
    ]
    return Recognition(document, datasets, convention)
