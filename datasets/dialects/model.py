"""The data model of a generated report: blocks, tables, printed numeric cells, and the
arithmetic relations that hold between cells (the generator's ground truth).

Every numeric cell keeps its exact value, its printed decimals and its unit factor; every
relation (a ratio, a sum, a difference, a mean, an equality across tables or with the prose)
is judged with printed-precision intervals, as a careful reviewer would: a cell printed with
d decimals stands for ±½·10⁻ᵈ when the report rounds, [v, v + 10⁻ᵈ) when it truncates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

HUNDRED = Decimal(100)


def quantize(value: Decimal, decimals: int, rounding: str) -> Decimal:
    mode = ROUND_HALF_UP if rounding == "round" else ROUND_DOWN
    return value.quantize(Decimal(1).scaleb(-decimals), rounding=mode)


def fmt(value: Decimal, decimals: int, convention: str) -> str:
    """`value` printed with `decimals` decimals, thousands grouped, in the convention
    ("id": 1.234,56; "en": 1,234.56)."""
    text = f"{abs(value):,.{decimals}f}"
    if convention == "id":
        text = text.translate(str.maketrans(",.", ".,"))
    return ("-" if value < 0 else "") + text


def parse(text: str, convention: str) -> Decimal:
    """Read back a number this generator printed (and its slips: `convention` decides)."""
    body = text.strip().rstrip("%").strip()
    thousands, point = (".", ",") if convention == "id" else (",", ".")
    body = body.replace(thousands, "").replace(point, ".")
    return Decimal(body)


@dataclass
class Num:
    """A printed numeric cell."""

    value: Decimal  # as printed (already quantized)
    decimals: int
    meaning: str  # target | realisasi | capaian | anggaran | realisasi_anggaran | ...
    unit: Decimal = Decimal(1)  # base units per printed unit (1000 for "ribuan rupiah")
    text: str = ""  # the printed text

    def interval(self, rounding: str) -> tuple[Decimal, Decimal]:
        step = Decimal(1).scaleb(-self.decimals)
        if rounding == "round":
            lo, hi = self.value - step / 2, self.value + step / 2
        else:
            lo, hi = self.value, self.value + step
        return lo * self.unit, hi * self.unit


@dataclass
class Row:
    label: str
    cells: list[str]
    role: str = "data"  # data | group | total | subtotal | mean
    nums: dict[int, Num] = field(default_factory=dict)
    entity: str = ""  # the indicator / program / line this row is about
    bold: bool = False
    indent: int = 0


@dataclass
class HeaderCell:
    text: str
    colspan: int = 1
    rowspan: int = 1


@dataclass
class Table:
    kind: str
    caption: str | None
    header: list[list[HeaderCell]]
    meanings: list[str]  # per column
    rows: list[Row]
    caption_below: bool = False
    title_next_line: str | None = None  # "Tabel 3" then the title on the next line
    notes: list[str] = field(default_factory=list)
    footnotes: list[str] = field(default_factory=list)
    colnums: list[str] | None = None
    landscape: bool = False
    ruled: bool = True
    merge_down: tuple[int, ...] = ()  # columns where a blank means "same as above"
    numeric: bool = True

    @property
    def width(self) -> int:
        return len(self.meanings)

    def header_grid(self) -> list[list[str]]:
        """The header as a text grid: a spanned position is empty."""
        grid = [[""] * self.width for _ in self.header]
        for r, c, _rowspan, _colspan, text in self.header_spans():
            grid[r][c] = text
        return grid

    def header_spans(self) -> list[tuple[int, int, int, int, str]]:
        """(row, col, rowspan, colspan, text) of every header cell."""
        spans = []
        taken = [[False] * self.width for _ in self.header]
        for r, row in enumerate(self.header):
            c = 0
            for cell in row:
                while c < self.width and taken[r][c]:
                    c += 1
                if c >= self.width:
                    break
                spans.append((r, c, cell.rowspan, cell.colspan, cell.text))
                for dr in range(cell.rowspan):
                    for dc in range(cell.colspan):
                        if r + dr < len(self.header) and c + dc < self.width:
                            taken[r + dr][c + dc] = True
                c += cell.colspan
        return spans


@dataclass
class Paragraph:
    text: str
    heading: bool = False
    # (printed figure, meaning, entity) of the figures that restate a table cell
    figures: list[tuple[str, str, str]] = field(default_factory=list)


Block = Paragraph | Table


# A cell address: ("t", table ordinal 0-based, row, column) or ("p", paragraph ordinal, figure).
Ref = tuple[str, int, int, int]


@dataclass
class Relation:
    """An arithmetic fact between cells that holds in the clean report."""

    kind: str  # ratio | sum | diff | mean | eq
    out: Ref
    inputs: tuple[Ref, ...]
    formulas: tuple[str, ...] = ("pos",)  # ratio: the formulas a reviewer may accept
    hint: str = ""  # ratio, polarity undeclared: the formula the name suggests
    cap: Decimal | None = None


@dataclass
class Report:
    name: str
    agency: str
    year: int
    convention: str
    rounding: str
    blocks: list[Block]
    relations: list[Relation]
    dialect: dict[str, str]
    prose_nums: dict[tuple[int, int], Num] = field(default_factory=dict)

    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]

    def num(self, ref: Ref) -> Num:
        if ref[0] == "p":
            return self.prose_nums[(ref[1], ref[2])]
        return self.tables()[ref[1]].rows[ref[2]].nums[ref[3]]


def ratio_value(formula: str, num: Decimal, den: Decimal) -> Decimal | None:
    """num = realisasi, den = target (or the budget): the achievement % by `formula`."""
    if den == 0 or (formula == "tr" and num == 0):
        return None
    if formula == "pos":
        return num / den * HUNDRED
    if formula == "neg2":
        return (2 * den - num) / den * HUNDRED
    if formula == "tr":
        return den / num * HUNDRED
    if formula == "unspent":
        return (1 - num / den) * HUNDRED
    raise ValueError(formula)


def _ratio_interval(
    formula: str, num: tuple[Decimal, Decimal], den: tuple[Decimal, Decimal]
) -> tuple[Decimal, Decimal] | None:
    corners = [ratio_value(formula, n, d) for n in num for d in den]
    if any(c is None for c in corners):
        return None
    values = [c for c in corners if c is not None]
    return min(values), max(values)


def _capped(interval: tuple[Decimal, Decimal], cap: Decimal | None) -> tuple[Decimal, Decimal]:
    if cap is None:
        return interval
    return min(interval[0], cap), min(interval[1], cap)


def _meets(a: tuple[Decimal, Decimal], b: tuple[Decimal, Decimal]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def holds(report: Report, rel: Relation, formula: str | None = None) -> bool:
    """Does the relation hold at printed precision (ratios: under `formula`, else any of
    the accepted ones)?"""
    r = report.rounding
    out = report.num(rel.out).interval(r)
    ins = [report.num(x).interval(r) for x in rel.inputs]
    if rel.kind == "eq":
        return _meets(out, ins[0])
    if rel.kind == "sum":
        return _meets(out, (sum(i[0] for i in ins), sum(i[1] for i in ins)))
    if rel.kind == "diff":
        return _meets(out, (ins[0][0] - ins[1][1], ins[0][1] - ins[1][0]))
    if rel.kind == "mean":
        n = len(ins)
        return _meets(out, (sum(i[0] for i in ins) / n, sum(i[1] for i in ins) / n))
    for f in (formula,) if formula else rel.formulas:
        implied = _ratio_interval(f, ins[0], ins[1])
        if implied is not None and _meets(out, _capped(implied, rel.cap)):
            return True
    return False
