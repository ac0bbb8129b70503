"""Diagnosis: the likely slip behind a located error, and how sure we are.

The implied correct value of a located cell is matched, at the cell's printed precision,
against the slips people make when typing a report (Scholtus 2009; `deductive`): one digit
wrong, added or dropped, two neighbouring digits swapped (edit distance 1 on the digit
string), a value copied from the row above or below or from another row, last year's
figure left in place, a ×100 / ×10ᵏ scale slip, a separator read the wrong way, a sign
flip, two columns swapped. A derived value (a percentage) that is simply miscomputed is
"recompute". No diagnosis is better than a wrong one: a slip is named only when exactly
one reading of it fits.
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from auditor.arith import as_printed, minus, times
from auditor.checks.cells import AuditContext
from auditor.findings import Diagnosis
from auditor.localise import Candidate, is_derived, own_expected, printed_values
from auditor.numbers import parse_number


def _digits(value: Decimal, decimals: int) -> str:
    return f"{value.copy_abs():.{decimals}f}".replace(".", "")


def edit_kind(printed: str, true: str) -> str | None:
    """The one edit (optimal string alignment) that turns `true` into `printed`, if any."""
    if printed == true:
        return None
    if len(printed) == len(true):
        diff = [i for i, (a, b) in enumerate(zip(printed, true, strict=True)) if a != b]
        if len(diff) == 1:
            return "digit_substitution"
        if len(diff) == 2 and diff[1] == diff[0] + 1:
            i = diff[0]
            if printed[i] == true[i + 1] and printed[i + 1] == true[i]:
                return "digit_transposition"
        return None
    if len(printed) == len(true) + 1:
        short, long = true, printed
        kind = "digit_insertion"
    elif len(printed) + 1 == len(true):
        short, long = printed, true
        kind = "digit_omission"
    else:
        return None
    return kind if any(long[:i] + long[i + 1 :] == short for i in range(len(long))) else None


def _one_edits(digits: str, decimals: int) -> dict[Decimal, str]:
    """Every value one typing edit away from the printed digits, with the edit's kind."""
    variants = {digits[:i] + digits[i + 1 :] for i in range(len(digits))}
    for i in range(len(digits) + 1):
        variants.update(digits[:i] + d + digits[i + j :] for d in "0123456789" for j in (0, 1))
    variants.update(
        digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :] for i in range(len(digits) - 1)
    )
    values = {Decimal(v).scaleb(-decimals) for v in variants if v}
    return {v: kind for v in values if (kind := edit_kind(digits, _digits(v, decimals)))}


def _copied_from(ctx: AuditContext, candidate: Candidate, reported: str) -> tuple[int, str] | None:
    """(row offset, row key) of the nearest other row of the candidate's column that prints
    `reported` too (the row above first on a tie), if any."""
    cell = candidate.term.cell
    if cell.dataset < 0 or cell.column is None:
        return None
    dataset = ctx.recognition.datasets[cell.dataset]
    rows = dataset.rows_printing(cell.column).get(reported, [])  # in row order
    here = cell.frame_row
    # Only the neighbours of `here` in the sorted rows can be nearest: a value printed in
    # every one of k repeated tables must not cost k for each of its k cells.
    at = bisect.bisect_left(rows, here)
    near = [i for i in rows[max(at - 1, 0) : at + 2] if i != here]
    nearest = min(near, key=lambda i: (abs(i - here), i), default=None)
    if nearest is None:
        return None
    record = dataset.records[nearest]
    key = record.get("key")
    return nearest - here, key if isinstance(key, str) else str(record.get("label") or nearest + 1)


def _other_columns(ctx: AuditContext, candidate: Candidate) -> list[tuple[str, str]]:
    cell = candidate.term.cell
    if cell.dataset < 0:
        return []
    dataset = ctx.recognition.datasets[cell.dataset]
    record = dataset.records[cell.frame_row]
    return [
        (c.name, str(record.get(f"{c.name}__raw") or "").strip())
        for c in dataset.columns
        if c.type == "number" and c.name != cell.column
    ]


def _simplest(values: list[Decimal], mid: Decimal, decimals: int) -> Decimal:
    """The value people type: the most trailing zeros (100,00 over 100,50), then the one
    nearest the middle of the allowed range."""

    def zeros(value: Decimal) -> int:
        digits = _digits(value, decimals)
        return len(digits) - len(digits.rstrip("0"))

    return min(values, key=lambda v: (-zeros(v), minus(v, mid).copy_abs()))


def diagnose(candidate: Candidate, ctx: AuditContext) -> Diagnosis | None:
    number = candidate.term.number
    reported = number.raw.strip()
    if number.value is None:
        return None
    values = printed_values(candidate, ctx.rounding)
    corroborated = len(candidate.explains) >= 2
    decimals = number.decimals

    def made(
        kind: str, value: Decimal, confidence: str, detail: str = "", places: int | None = None
    ) -> Diagnosis:
        printed = ctx.fmt(value, decimals if places is None else places)
        return Diagnosis(kind, printed, confidence, detail)

    single = values[0] if len(values) == 1 else None
    # The value to suggest for a copy: the one the rules pin down, else what the rule about
    # this cell computed from the printed inputs, else the middle of the allowed values
    # (too many to list for a big amount implied by a percentage: then its middle).
    own = own_expected(candidate)
    likely = single or (parse_number(own, ctx.recognition.convention).value if own else None)
    if likely is None:
        mid = candidate.value.mid
        likely = _simplest(values, mid, decimals) if values else as_printed(mid, decimals, "round")
    # A value copied from another row of the same column (the row above or below first).
    # Several digits repeated exactly is strong evidence even from one rule; "100" is not.
    distinctive = len(_digits(number.value, decimals).strip("0")) >= 3
    if copied := _copied_from(ctx, candidate, reported):
        offset, key = copied
        kind = "neighbour_copy" if abs(offset) == 1 else "copied_value"
        return made(kind, likely, "high" if corroborated or distinctive else "medium", key)
    # Last year's figure: another year column of the same row shows the printed value.
    for name, raw in _other_columns(ctx, candidate):
        if raw == reported and re.search(r"_(19|20)\d\d$", name):
            return made("stale_value", likely, "medium", f"{name[-4:]}: {raw}")

    # A separator read the other way: an alternative reading of the print fits.
    def fits(value: Decimal) -> bool:
        """The value, as the report would print it, is one the rules allow."""
        return value in values or candidate.value.contains(value)

    fitting = [r for r in number.alternatives if fits(r.value)]
    if fitting:
        return made("separator", fitting[0].value, "high", places=fitting[0].decimals)
    # One digit wrong, added, dropped, or two neighbours swapped.
    if number.value.copy_abs() >= 10:
        # The digits as typed ("010" keeps its zero), against the true value's digits.
        printed = re.sub(r"[^0-9]", "", reported)
        edits = [(slip, v) for v in values if (slip := edit_kind(printed, _digits(v, decimals)))]
        if not values:  # too many allowed values to list: try the one-edit variants instead
            edits = [(slip, v) for v, slip in _one_edits(printed, decimals).items() if fits(v)]
        if len(edits) == 1:
            slip, value = edits[0]
            strong = slip != "digit_substitution" or corroborated
            return made(slip, value, "high" if strong else "medium")
    # Sign flip and scale slips (×10ᵏ).
    if number.value != 0 and fits(flipped := number.value.copy_negate()):
        return made("sign_flip", flipped, "high")
    for k in (2, -2, 1, -1, 3, -3):
        scaled = times(number.value, Decimal(10) ** -k)
        if scaled != 0 and fits(scaled):
            confidence = "high" if abs(k) == 2 else "medium"
            return made("scale_slip", scaled, confidence, f"×{Decimal(10) ** k:f}")
    # Two columns of the same row swapped.
    for name, raw in _other_columns(ctx, candidate):
        printed = raw.replace("Rp", "").strip()
        if single is not None and raw and ctx.fmt(single, decimals) == printed:
            return made("column_swap", single, "medium", name)
    if is_derived(candidate):
        # What the rule recomputed from the printed inputs, as a spreadsheet would.
        value = as_printed(candidate.value.mid, decimals, ctx.rounding)
        return Diagnosis("recompute", own_expected(candidate) or ctx.fmt(value, decimals), "high")
    return None
