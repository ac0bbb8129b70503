"""Scale: the report's own predicate scale is complete and the predicates follow it.

The scale table (kind `skala`) gives each predicate a range written in words or symbols:
"Lebih dari 95%", "80 - Kurang dari 95%", "≥ 80", "85 s.d. 100", "Di atas 90", "95 ke atas",
"80 ≤ x < 95". Each range is parsed into an exact interval with open or closed ends
(Decimal, ±∞ for a missing end). Three tests, chosen by `test`:

- `gap`: every achievement from `lower` (0) upwards falls in some range; "> 95" next to
  "80 – < 95" leaves exactly 95 without a predicate;
- `overlap`: no achievement falls in two ranges;
- `predicate`: in a table with an achievement and a predicate word, the word is the one the
  scale gives for that achievement. Any achievement the printed value can stand for (its
  precision interval, every reading of an ambiguous string) is accepted, so a correctly
  rounded value never fails. A report without a scale table, a scale with a range that
  cannot be read, and an achievement the scale does not classify are not testable.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import TYPE_CHECKING

from auditor.arith import Interval, printed_interval
from auditor.checks import CheckKind
from auditor.checks.cells import AuditContext, number, ref
from auditor.checks.number_format import plain_number
from auditor.findings import Outcome
from auditor.numbers import Convention, parse_number
from auditor.schema.params import ScaleParams

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset
    from auditor.rules import Rule


# Canonical columns of a scale table (rules/tables.yaml, kind skala).
RANGE_COLUMN, PREDICATE_COLUMN = "rentang", "predikat"
# A predicate column whose header says so; a "Keterangan" column mapped to predikat may
# hold other remarks ("Tercapai"), which are tested only when they are scale predicates.
PREDICATE_HEADER_RE = re.compile(r"predikat|kategori|kriteria", re.IGNORECASE)

# Token patterns, tried in this order: longer phrases before their prefixes ("lebih dari
# atau sama dengan" before "lebih dari"), operators before the range dash.
_TOKENS = [
    (
        "ge",
        r"lebih\s+(?:besar\s+)?(?:dari\s+)?(?:atau\s+)?sama\s+dengan"
        r"|sama\s+dengan\s+atau\s+lebih(?:\s+(?:besar\s+)?dari)?"
        r"|minimal|minimum|paling\s+(?:sedikit|rendah)|sekurang-kurangnya|≥|>=|=>",
    ),
    (
        "le",
        r"(?:kurang|lebih\s+kecil)\s+(?:dari\s+)?(?:atau\s+)?sama\s+dengan"
        r"|sama\s+dengan\s+atau\s+kurang(?:\s+dari)?"
        r"|maksimal|maksimum|paling\s+(?:tinggi|banyak)|setinggi-tingginya|≤|<=|=<",
    ),
    ("post_ge", r"ke\s*atas|atau\s+lebih"),
    ("post_le", r"ke\s*bawah|atau\s+kurang"),
    ("gt", r"lebih\s+(?:besar\s+)?dari|lebih\s+besar|di\s*atas|melebihi|>"),
    ("lt", r"kurang\s+dari|lebih\s+kecil(?:\s+dari)?|di\s*bawah|<"),
    (
        "range",
        r"sampai\s+dengan|\bs\s*[./]\s*d\b\.?|\bsd\b|sampai|hingga|\bdan\b|\band\b|\bto\b"
        r"|[-–—−~]",
    ),
    ("num", r"[0-9]+(?:[.,][0-9]+)*"),
    ("var", r"\b(?:x|n|nilai|capaian|skor|realisasi|kinerja)\b"),
    ("skip", r"%|persen\b|\bantara\b|[(),;:.]|\s+"),
    ("other", r"."),
]
_SCANNER = re.compile("|".join(f"(?P<{name}>{pattern})" for name, pattern in _TOKENS))
_OPS = {"ge": ">=", "le": "<=", "gt": ">", "lt": "<"}
_POSTFIX = {"post_ge": ">=", "post_le": "<="}
_FLIP = {">=": "<=", "<=": ">=", ">": "<", "<": ">"}

INFINITY = Decimal("Infinity")
# A position on the number line: (v, 0) just below v, (v, 1) at v, (v, 2) just above v.
Position = tuple[Decimal, int]


@dataclass(frozen=True)
class Range:
    """An interval of achievements; None is an unbounded end."""

    lo: Decimal | None
    lo_closed: bool
    hi: Decimal | None
    hi_closed: bool

    @property
    def start(self) -> Position:
        return (-INFINITY, 1) if self.lo is None else (self.lo, 1 if self.lo_closed else 2)

    @property
    def end(self) -> Position:
        return (INFINITY, 1) if self.hi is None else (self.hi, 1 if self.hi_closed else 0)

    def meets(self, interval: Interval) -> bool:
        """Whether some value of the closed interval lies in this range."""
        return self.start <= (interval.hi, 1) and (interval.lo, 1) <= self.end


def parse_range(text: str, convention: Convention = "id") -> Range | None:
    """Read an Indonesian range description; None when it cannot be read with certainty."""
    tokens: list[tuple[str, str]] = []
    for match in _SCANNER.finditer(text.lower()):
        kind = match.lastgroup or "other"
        if kind == "other":
            return None
        if kind == "num" and not parse_number(match.group(), convention).is_number:
            return None  # digits and separators that are no number: "0.1.2", "1.2,3.4"
        if kind != "skip":
            tokens.append((kind, match.group()))
    constraints = _constraints(tokens, convention)
    return _range(constraints) if constraints else None


def _constraints(
    tokens: list[tuple[str, str]], convention: Convention
) -> list[tuple[str, Decimal]] | None:
    """(operator, bound) pairs on the achievement x: "80 - < 95" → x >= 80, x < 95."""
    out: list[tuple[str, Decimal]] = []
    after_range = False
    i = 0

    def kind_at(k: int) -> str | None:
        return tokens[k][0] if k < len(tokens) else None

    while i < len(tokens):
        kind, text = tokens[i]
        if kind == "var":
            i += 1
        elif kind == "range":  # at the start, "s.d. 50" means up to 50
            if after_range:
                return None
            after_range, i = True, i + 1
        elif kind in _OPS:
            if kind_at(i + 1) != "num":
                return None
            out.append((_OPS[kind], _bound(tokens[i + 1][1], convention)))
            i += 2
        elif kind == "num":
            value, following = _bound(text, convention), kind_at(i + 1)
            if following in _OPS and kind_at(i + 2) == "var":  # "80 ≤ x"
                out.append((_FLIP[_OPS[following]], value))
                i += 3
            elif following in _POSTFIX:  # "95 ke atas"
                out.append((_POSTFIX[following], value))
                i += 2
            elif after_range:  # the upper end of "80 - 95"
                out.append(("<=", value))
                i += 1
            elif following == "range":  # the lower end of "80 - 95"
                out.append((">=", value))
                i += 1
            else:  # a single value: "100"
                out += [(">=", value), ("<=", value)]
                i += 1
        else:
            return None
    # A dangling "80 -" says nothing certain about the upper end.
    return None if tokens and tokens[-1][0] == "range" else out


def _bound(text: str, convention: Convention) -> Decimal:
    parsed = parse_number(text, convention)
    assert parsed.value is not None  # parse_range lets only numbers through
    return parsed.value


def _range(constraints: list[tuple[str, Decimal]]) -> Range | None:
    lo: Position = (-INFINITY, 1)
    hi: Position = (INFINITY, 1)
    for op, value in constraints:
        if op in (">", ">="):
            lo = max(lo, (value, 2 if op == ">" else 1))
        else:
            hi = min(hi, (value, 0 if op == "<" else 1))
    if lo > hi:
        return None
    return Range(
        None if lo[0] == -INFINITY else lo[0],
        lo[1] == 1,
        None if hi[0] == INFINITY else hi[0],
        hi[1] == 1,
    )


@dataclass(frozen=True)
class ScaleRow:
    i: int  # frame row
    text: str  # the range as printed
    predicate: str
    range: Range


def read_scale(dataset: Dataset, convention: Convention) -> list[ScaleRow] | None:
    """The scale's rows with a range; None when any range cannot be read."""
    rows = []
    for i, record in enumerate(dataset.records):
        text = str(record.get(RANGE_COLUMN) or "").strip()
        predicate = str(record.get(PREDICATE_COLUMN) or "").strip()
        if not text and not predicate:
            continue
        parsed = parse_range(text, convention)
        if parsed is None:
            return None
        rows.append(ScaleRow(i, text, predicate, parsed))
    return rows or None


def evaluate(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    if KIND.params_of(rule).test == "predicate":
        yield from _predicates(rule, ctx)
        return
    for ordinal, dataset in ctx.datasets(rule.tables):
        rows = read_scale(dataset, ctx.recognition.convention)
        if rows is not None:
            yield from _coverage(rule, ctx, ordinal, dataset, rows)


def _coverage(
    rule: Rule, ctx: AuditContext, ordinal: int, dataset: Dataset, rows: list[ScaleRow]
) -> Iterator[Outcome]:
    """Walk the ranges from the lowest start; each meeting of two ranges is one instance."""
    lower = Decimal(str(KIND.params_of(rule).lower))
    step = Decimal(1).scaleb(-int(KIND.params_of(rule).decimals))
    reach: Position = (lower, 0)  # covered so far: everything below `lower` (not relevant)
    reaching: ScaleRow | None = None  # the row that covers up to `reach`
    gap_test = KIND.params_of(rule).test == "gap"
    for row in sorted(rows, key=lambda r: r.range.start):
        if row.range.end < (lower, 1):
            continue  # entirely below the achievements the scale must classify
        start, end = row.range.start, row.range.end
        if gap_test:
            gap = _region(_after(reach), _before(start)) if start > _after(reach) else None
            yield _outcome(rule, ctx, ordinal, dataset, row, reaching, gap, step)
        elif reaching is not None:
            overlap = _region(start, min(reach, end)) if start <= reach else None
            yield _outcome(rule, ctx, ordinal, dataset, row, reaching, overlap, step)
        if end > reach:
            reach, reaching = end, row
    if gap_test and reaching is not None:
        top = _region(_after(reach), (INFINITY, 1)) if reach[0] != INFINITY else None
        yield _outcome(rule, ctx, ordinal, dataset, reaching, None, top, step)


def _after(end: Position) -> Position:
    """The first position after a range that ends at `end`: where the next one must start."""
    return (end[0], end[1] + 1)


def _before(start: Position) -> Position:
    return (start[0], start[1] - 1)


def _region(first: Position, last: Position) -> Range:
    """The values from position `first` to position `last`, both included."""
    return Range(
        None if first[0] == -INFINITY else first[0],
        first[1] == 1,
        None if last[0] == INFINITY else last[0],
        last[1] == 1,
    )


def _printable(region: Range, step: Decimal) -> bool:
    """Whether the region holds an achievement printed in steps of `step`: "75 - 89,99" next
    to "90 - 100" leaves (89,99; 90) out, but no two-decimal achievement falls there."""
    if region.lo is None or region.hi is None:
        return True
    first = (region.lo / step).to_integral_value(rounding=ROUND_CEILING) * step
    if first == region.lo and not region.lo_closed:
        first += step
    return first < region.hi or (first == region.hi and region.hi_closed)


def _outcome(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    row: ScaleRow,
    neighbour: ScaleRow | None,
    region: Range | None,
    step: Decimal,
) -> Outcome:
    rows = [r for r in (neighbour, row) if r is not None]
    return Outcome(
        rule=rule,
        passed=region is None or not _printable(region, step),
        subject=ref(ordinal, dataset, row.i, RANGE_COLUMN),
        related=(ref(ordinal, dataset, neighbour.i, RANGE_COLUMN),) if neighbour else (),
        reported=row.text,
        # The unclassified (or doubly classified) achievements, when bounded.
        interval=Interval(region.lo, region.hi)
        if region and region.lo is not None and region.hi is not None
        else None,
        params={
            "region": _describe(ctx, region) if region else "",
            "neighbours": " / ".join(f"'{r.text}' ({r.predicate})" for r in rows),
            "predicate": row.predicate,
            "other_predicate": neighbour.predicate if neighbour else "",
        },
    )


def _describe(ctx: AuditContext, region: Range) -> str:
    """'x = 95', '49 < x < 50', 'x > 100': language-neutral, numbers as the document writes."""
    lo, hi = region.lo, region.hi
    if lo is not None and lo == hi:
        return f"x = {plain_number(ctx, lo)}"
    if lo is None:
        assert hi is not None  # a region has at least one bound
        return f"x {'≤' if region.hi_closed else '<'} {plain_number(ctx, hi)}"
    if hi is None:
        return f"x {'≥' if region.lo_closed else '>'} {plain_number(ctx, lo)}"
    left = f"{plain_number(ctx, lo)} {'≤' if region.lo_closed else '<'}"
    return f"{left} x {'≤' if region.hi_closed else '<'} {plain_number(ctx, hi)}"


def normal(text: str) -> str:
    """A predicate name for comparison: lower case, no quotes or punctuation."""
    return " ".join(re.sub(r"[^\w\s]|_", " ", text.lower()).split())


# Words that turn a predicate into another one: "Baik Sekali" is not "Baik".
NAME_CONTINUATIONS = frozenset({"sekali", "plus", "minus"})


@dataclass(frozen=True)
class Scale:
    """One predicate scale table of the report (a report may declare more than one)."""

    ordinal: int
    dataset: Dataset
    rows: list[ScaleRow]  # the rows that name a predicate
    line: int  # where the scale table is printed

    def names(self, predicate: str) -> bool:
        return any(normal(r.predicate) == normal(predicate) for r in self.rows)

    def match(self, phrase: str) -> ScaleRow | None:
        """The row whose predicate the phrase starts with, longest name first; None when
        the phrase goes on with what may be part of another name ("Baik Sekali")."""
        printed = phrase.split()
        words = normal(phrase).split()
        named = sorted(self.rows, key=lambda r: -len(normal(r.predicate).split()))
        for row in named:
            name = normal(row.predicate).split()
            if name and words[: len(name)] == name:
                rest = printed[len(name) : len(name) + 1]
                longer = rest and (
                    rest[0].lower() in NAME_CONTINUATIONS
                    or (rest[0][0].isupper() and not phrase.isupper())
                )
                return None if longer else row
        return None


def report_scales(ctx: AuditContext, kinds: tuple[str, ...]) -> list[Scale]:
    """The report's scale tables of the given kinds that name at least one predicate."""
    scales = []
    for ordinal, dataset in ctx.datasets(kinds):
        rows = read_scale(dataset, ctx.recognition.convention) or []
        if named := [r for r in rows if r.predicate]:
            scales.append(Scale(ordinal, dataset, named, dataset.table.location.line or 0))
    return scales


def _scale_for(scales: list[Scale], ordinal: int, written: str) -> Scale | None:
    """The scale that names the predicate (a report may also declare, say, an evaluation
    grade scale), declared nearest before the table, else the first one after it."""
    naming = [s for s in scales if s.names(written)] or scales
    before = [s for s in naming if s.ordinal < ordinal]
    return before[-1] if before else naming[0] if naming else None


def _predicates(rule: Rule, ctx: AuditContext) -> Iterator[Outcome]:
    p = KIND.params_of(rule)
    scales = report_scales(ctx, tuple(p.scales))
    if not scales:
        return  # no scale in the report: the predicates cannot be tested
    for ordinal, dataset in ctx.datasets(rule.tables):
        if not dataset.has_field(p.predicate):
            continue
        column = dataset.column(p.predicate)
        dedicated = bool(column and PREDICATE_HEADER_RE.search(column.label))
        for i in range(len(dataset.records)):
            outcome = _predicate_row(rule, ctx, ordinal, dataset, i, scales, dedicated)
            if outcome is not None:
                yield outcome


def _predicate_row(
    rule: Rule,
    ctx: AuditContext,
    ordinal: int,
    dataset: Dataset,
    i: int,
    scales: list[Scale],
    dedicated: bool,
) -> Outcome | None:
    p = KIND.params_of(rule)
    value = number(dataset, i, p.value)
    written = str(dataset.records[i].get(p.predicate) or "").strip()
    if value is None or not written:
        return None
    scale = _scale_for(scales, ordinal, written)
    if scale is None or not (dedicated or scale.names(written)):
        return None  # a remark in a "Keterangan" column, not a predicate
    intervals = [printed_interval(r.value, r.decimals, ctx.rounding) for r in value.readings]
    primary = [r for r in scale.rows if r.range.meets(intervals[0])]
    if not primary:
        return None  # the scale does not classify this achievement (the gap rule's finding)
    fitting = [r for r in scale.rows for iv in intervals if r.range.meets(iv)]
    passed = any(normal(r.predicate) == normal(written) for r in fitting)
    expected = next((r for r in primary if normal(r.predicate) == normal(written)), primary[0])
    return Outcome(
        rule=rule,
        passed=passed,
        subject=ref(ordinal, dataset, i, p.predicate),
        related=(
            ref(ordinal, dataset, i, p.value),
            ref(scale.ordinal, scale.dataset, expected.i, RANGE_COLUMN),
        ),
        reported=written,
        expected=expected.predicate,
        params={"capaian": value.raw.strip(), "range": expected.text},
    )


KIND = CheckKind(
    name="scale",
    params=ScaleParams,
    evaluate=evaluate,
    summary="A predicate matches the report's own scale for its achievement; the scale has no gap"
    " or overlap.",
    gx="gx_native_scale",
    placeholders=("capaian", "neighbours", "other_predicate", "predicate", "range", "region"),
)
