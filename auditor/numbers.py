"""Parse numbers as printed in Indonesian reports into exact Decimals.

Two separator conventions occur, often in the same document:

- ``id`` (the norm): thousands ``.`` and decimals ``,`` -- ``31.294.422.433``, ``86,11``;
- ``en`` (mixed in by spreadsheets): thousands ``,`` and decimals ``.`` -- ``1,004,422,800``,
  ``93.6``.

A single separator followed by exactly three digits (``9.403``, ``1,447``) reads either way:
the caller's convention picks the primary reading and the other is kept as an alternative,
so a rule can test both instead of deciding a verdict on a guess. Strings readable only in
the other convention are still parsed, but flagged. Values are ``Decimal`` built from the
digit string and keep the printed number of decimals, which later defines the tolerance.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import Literal

Convention = Literal["id", "en"]
Kind = Literal["number", "empty", "not_available", "dash", "ordinal", "text"]
Unit = Literal["%", "Rp"] | None


@dataclass(frozen=True)
class Reading:
    """One way to read a printed number."""

    value: Decimal
    decimals: int  # printed number of decimals
    convention: Convention | None  # None when the string has no separator


@dataclass(frozen=True)
class ParsedNumber:
    raw: str  # exactly the input string
    kind: Kind
    value: Decimal | None  # primary reading (kind "number" or "ordinal" only)
    decimals: int
    unit: Unit
    alternatives: tuple[Reading, ...]  # other plausible readings, primary excluded
    flags: frozenset[str]
    rank: int | None = None  # kind "ordinal" only
    convention: Convention | None = None  # the primary reading's convention

    @property
    def is_number(self) -> bool:
        return self.kind == "number"

    @property
    def amount(self) -> Decimal:
        """The primary reading's value of a number (or rank); a ValueError for anything else."""
        if self.value is None:
            raise ValueError(f"{self.raw!r} is not a number")
        return self.value

    @property
    def readings(self) -> tuple[Reading, ...]:
        if self.value is None:
            return ()
        return (Reading(self.value, self.decimals, self.convention), *self.alternatives)


_NOT_AVAILABLE = {"n/a", "na", "n.a.", "n.a", "#n/a", "tidak tersedia"}
_DASHES = {"-", "--", "\u2013", "\u2014", "\u2212"}
# Kabupaten/Kota Layak Anak strata, lowest to highest.
_STRATA = {
    "pratama": 1,
    "madya": 2,
    "nindya": 3,
    "utama": 4,
    "kla": 5,
    "kabupaten layak anak": 5,
    "kota layak anak": 5,
}
_STRATA_PREFIX = re.compile(r"^(?:strata|kategori)\s+")
_NUMBER = re.compile(
    r"""(?P<open>\()?\s*
        (?P<sign>[-\u2212])?\s*
        (?P<rp>rp\.?|idr)?\s*
        (?P<sign2>[-\u2212])?
        (?P<digits>[0-9]+(?:[.,][0-9]+)*)
        \s*(?P<pct>%)?\s*
        (?P<close>\))?""",
    re.IGNORECASE | re.VERBOSE,
)
# The most digits a number may have; a longer string of digits is not read as one. Big
# amounts are still exact (arith.py works them out with enough precision).
MAX_NUMBER_DIGITS = 100
# Convention a separator implies, by the role it plays.
_AS_DECIMAL: dict[str, Convention] = {",": "id", ".": "en"}
_AS_THOUSANDS: dict[str, Convention] = {".": "id", ",": "en"}


def parse_number(raw: str, convention: Convention = "id") -> ParsedNumber:
    """Parse one printed cell; never raises, unparseable text gets kind "text"."""
    text = raw.replace("\u00a0", " ").replace("\u202f", " ").strip().strip("*_").strip()
    key = " ".join(text.lower().split())
    if not key:
        return _non_number(raw, "empty")
    if key in _NOT_AVAILABLE:
        return _non_number(raw, "not_available")
    if key in _DASHES:
        return _non_number(raw, "dash")
    rank = _STRATA.get(_STRATA_PREFIX.sub("", key))
    if rank is not None:
        return ParsedNumber(raw, "ordinal", Decimal(rank), 0, None, (), frozenset(), rank=rank)

    # "Rp 50.000,-": the ",-" says "no cents", so the separators can only be thousands.
    whole = re.search(r"[0-9][.,]-$", text) is not None
    match = _NUMBER.fullmatch(text[:-2] if whole else text)
    if (
        match is None
        or bool(match["open"]) != bool(match["close"])
        or (match["sign"] and match["sign2"])
        or (match["rp"] and match["pct"])
    ):
        return _non_number(raw, "text")
    digits = match["digits"]
    if len(digits) > MAX_NUMBER_DIGITS and sum(c.isdigit() for c in digits) > MAX_NUMBER_DIGITS:
        return _non_number(raw, "text")  # no amount has that many digits (arith.py: WIDE)
    readings = _readings(digits)
    if whole:
        readings = [r for r in readings if r.decimals == 0]
    if not readings:
        return _non_number(raw, "text")

    flags: set[str] = set()
    negative = bool(match["sign"] or match["sign2"])
    if match["open"]:
        if negative:  # "(-1)" has no accounting meaning; refuse to guess
            return _non_number(raw, "text")
        flags.add("negative_parentheses")
    elif negative:
        flags.add("negative")
    if flags:
        # copy_negate: exact at any length (unary minus rounds to the context's 28 digits)
        readings = [Reading(r.value.copy_negate(), r.decimals, r.convention) for r in readings]

    # Stable sort: the reading in the caller's convention (or convention-free) goes first.
    primary, *others = sorted(readings, key=lambda r: r.convention not in (None, convention))
    if others:
        flags.add("ambiguous_separator")
    elif primary.convention not in (None, convention):
        flags.add("unusual_convention")
    unit: Unit = "%" if match["pct"] else "Rp" if match["rp"] else None
    return ParsedNumber(
        raw,
        "number",
        primary.value,
        primary.decimals,
        unit,
        tuple(others),
        frozenset(flags),
        convention=primary.convention,
    )


def _non_number(raw: str, kind: Kind) -> ParsedNumber:
    return ParsedNumber(raw, kind, None, 0, None, (), frozenset())


def _readings(digits: str) -> list[Reading]:
    """All plausible unsigned readings of digits and separators; empty when malformed."""
    seps = set(re.findall(r"[.,]", digits))
    if not seps:
        return [Reading(Decimal(digits), 0, None)]
    if len(seps) == 2:
        # Both separators: the last one is the decimal separator.
        dec = digits[max(digits.rfind("."), digits.rfind(","))]
        head, _, frac = digits.rpartition(dec)
        thousands = ({".", ","} - {dec}).pop()
        if dec in head or not _grouped(head, thousands):
            return []
        return [_decimal(head.replace(thousands, ""), frac, dec)]
    (sep,) = seps
    head, _, tail = digits.rpartition(sep)
    if sep in head:  # repeated separator: thousands only
        return [_thousands(digits, sep)] if _grouped(digits, sep) else []
    readings = [_decimal(head, tail, sep)]
    if len(tail) == 3 and _grouped(digits, sep):
        readings.insert(0, _thousands(digits, sep))
    return readings


def _grouped(text: str, sep: str) -> bool:
    """Valid thousands grouping: leading group of 1-3 digits, not zero-led, then groups of 3."""
    lead, *groups = text.split(sep)
    return 1 <= len(lead) <= 3 and lead[0] != "0" and all(len(g) == 3 for g in groups)


def _thousands(digits: str, sep: str) -> Reading:
    return Reading(Decimal(digits.replace(sep, "")), 0, _AS_THOUSANDS[sep])


def _decimal(head: str, frac: str, sep: str) -> Reading:
    return Reading(Decimal(f"{head}.{frac}"), len(frac), _AS_DECIMAL[sep])


# A cell that is all number characters yet does not parse: "168.988.6760", "73,41%1",
# "1 234 567". Letters other than a currency or percent word make it text instead.
_NUMERIC_LOOKING = re.compile(
    r"^[(\-\u2212+]?\s*(?:rp\.?|idr)?\s*[-\u2212]?[0-9][0-9.,\s]*(?:%|persen)?[0-9.,%)\s-]*$",
    re.IGNORECASE,
)
MAX_MALFORMED_READINGS = 3


def looks_numeric(text: str) -> bool:
    """Whether an unparseable cell was meant as a number (a slip, not a remark)."""
    return bool(_NUMERIC_LOOKING.match(text.strip())) and any(c.isdigit() for c in text)


def malformed_readings(text: str, convention: Convention = "id") -> tuple[Reading, ...]:
    """What a numeric-looking string that does not parse may have meant, most likely first.

    Tried in order: the number with what follows its percent sign, or letters and signs
    around it, cut off ("73,41%1" → 73,41 %); a group of the thousands separator one digit
    too long, its extra last digit dropped ("168.988.6760" → 168.988.676); every digit kept
    and regrouped when no decimal separator is written ("168.988.6760" → 1.689.886.760,
    "1 234 567" → 1.234.567). At most `MAX_MALFORMED_READINGS`, none twice.
    """
    text = " ".join(text.replace("\u00a0", " ").split())
    found: list[Reading] = []

    def add(candidate: str) -> None:
        parsed = parse_number(candidate, convention)
        if parsed.is_number and parsed.value is not None:
            reading = Reading(parsed.value.copy_abs(), parsed.decimals, parsed.convention)
            if all(r.value != reading.value for r in found):
                found.append(reading)

    if "%" in text:
        add(text[: text.index("%") + 1])
    add(text.strip("()+-\u2212% ").strip())
    digits = re.sub(r"[^0-9.,]", "", text)
    thousands, decimal = (".", ",") if convention == "id" else (",", ".")
    groups = digits.split(thousands)
    if len(groups) > 1 and all(g.isdigit() for g in groups):
        long = [i for i, g in enumerate(groups[1:], 1) if len(g) == 4]
        if len(long) == 1:  # one key pressed twice: drop the group's extra last digit
            trimmed = [g[:-1] if i == long[0] else g for i, g in enumerate(groups)]
            add(thousands.join(trimmed))
    whole = re.sub(r"[^0-9]", "", text)
    if whole and not whole.startswith("0") and decimal not in text:
        add(format_number(Decimal(whole), 0, convention))
    return tuple(found[:MAX_MALFORMED_READINGS])


def format_number(value: Decimal, decimals: int, convention: Convention = "id") -> str:
    """Print value with the given decimals (rounded half up) in the given convention."""
    # Enough precision that quantize never fails on large Rupiah amounts.
    with localcontext(prec=max(28, value.adjusted() + decimals + 2)):
        rounded = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = f"{rounded:z,.{decimals}f}"  # "z": no "-0,00" after rounding
    return text.translate(str.maketrans(",.", ".,")) if convention == "id" else text


def detect_convention(raws: Iterable[str]) -> Convention:
    """The dominant convention among strings that are readable in one convention only."""
    votes: Counter[Convention] = Counter()
    for raw in raws:
        parsed = parse_number(raw)
        if parsed.is_number and parsed.convention and not parsed.alternatives:
            votes[parsed.convention] += 1
    return "en" if votes["en"] > votes["id"] else "id"
