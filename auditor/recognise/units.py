"""Units of measure and money, read from the report itself (DIALECTS §4).

Money: reports print budgets in whole Rupiah, in thousands (`(dalam ribuan rupiah)`,
`(Rp 000)`), millions (`Satuan: Rp juta`, `dalam jutaan rupiah`) or billions
(`(Rp miliar)`). The unit is stated in a note next to the caption or between caption and
table, or in a header cell (`Anggaran (Rp 000)`, `Pagu (juta)`). It is read as a power of
ten, the `exponent`: 0 for whole Rupiah, 3 for thousands; None when nothing says.

Indicator units (`Satuan` columns): `%` and `persen` are one unit, `orang` and `jiwa` one;
rates per 1.000 and per 100.000 penduduk are not. `unit_key` gives what two cells must
share to be in the same unit; None when the text is not a unit this module knows (so
nothing is concluded from it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

SCALE_WORDS = {
    "ribu": 3,
    "ribuan": 3,
    "juta": 6,
    "jutaan": 6,
    "miliar": 9,
    "milyar": 9,
    "miliaran": 9,
    "triliun": 12,
}
_SCALE = r"(?P<word>ribuan|ribu|jutaan|juta|miliaran|miliar|milyar|triliun)"
_RP = r"(?:rp\.?|rupiah|idr)"
# "Rp 000", "Rp. 000,-", "Rp 1.000", "(000)", "Rp 000.000"
_ZEROS = r"(?P<zeros>(?:1[.,])?000(?:[.,]000)*)(?:,-)?"
MONEY_UNIT_RES = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        rf"(?<![\w.]){_RP}\s*{_ZEROS}(?![\w.,])",  # Rp 000
        rf"(?<![\w.]){_RP}\s*{_SCALE}\b",  # Rp juta
        rf"\b(?:dalam\s+)?{_SCALE}\s+{_RP}(?![\w])",  # (dalam) ribuan rupiah
        rf"\(\s*{_ZEROS}\s*\)",  # (000)
    )
)
# A bare scale word in parentheses: a header "Pagu (juta)", a note "(dalam jutaan)".
BARE_SCALE_RE = re.compile(rf"\(\s*(?:dalam\s+)?{_SCALE}\s*\)", re.IGNORECASE)
# Whole Rupiah stated: "(Rp)", "(dalam rupiah)", "Satuan: Rupiah", "Anggaran (Rp.)".
WHOLE_RUPIAH_RE = re.compile(
    rf"\(\s*(?:dalam\s+)?{_RP}\s*\)|\bdalam\s+{_RP}(?![\w])|\bsatuan\s*:?\s*{_RP}(?!\s*[\w0-9])",
    re.IGNORECASE,
)
# A header or note that names money at all (a column in Rupiah of any scale).
MONEY_WORD_RE = re.compile(rf"(?<![\w]){_RP}(?![\w])", re.IGNORECASE)


def money_exponent(text: str, header: bool = False) -> int | None:
    """The power of ten a money unit stated in `text` multiplies by; None when it states
    none. `header`: also a bare scale word in parentheses ("Pagu (juta)")."""
    match = next((m for p in MONEY_UNIT_RES if (m := p.search(text))), None)
    if match is None and header:
        match = BARE_SCALE_RE.search(text)
    if match is not None:
        word = match.groupdict().get("word")
        if word:
            return SCALE_WORDS[word.lower()]
        zeros = match.group("zeros")
        return zeros.count("0") if zeros else 0
    return 0 if WHOLE_RUPIAH_RE.search(text) else None


def is_money(text: str) -> bool:
    """Whether a header names a money amount ("Realisasi (Rp)", "Pagu (Rp 000)")."""
    return bool(MONEY_WORD_RE.search(text) or money_exponent(text, header=True))


def table_exponent(texts: Iterable[str]) -> int | None:
    """The money unit a table's caption and notes state (the first that states one)."""
    for text in texts:
        exponent = money_exponent(text)
        if exponent is None:
            exponent = _note_scale(text)
        if exponent is not None:
            return exponent
    return None


def column_exponent(label: str, amount: bool, stated: int | None) -> int | None:
    """A column's money unit: its header's ("Anggaran (Rp 000)"), else for an amount column
    (a profile's `amount: true`, or a header naming Rupiah) the unit its table states."""
    own = money_exponent(label, header=True)
    if own is not None:
        return own
    return stated if amount or is_money(label) else None


def _note_scale(text: str) -> int | None:
    """A note line that is only a bare scale in parentheses: "(dalam jutaan)"."""
    match = BARE_SCALE_RE.fullmatch(text.strip())
    return SCALE_WORDS[match.group("word").lower()] if match else None


def factor(exponent: int | None) -> Decimal:
    """10^exponent: what a printed amount is multiplied by to be whole Rupiah."""
    return Decimal(1).scaleb(exponent or 0)


# The units a money amount may be in when the report does not say: Rp 000, juta, miliar.
GUESSED_EXPONENTS = (3, 6, 9)
UNIT_NAMES = {3: "Rp 000", 6: "Rp juta", 9: "Rp miliar", 12: "Rp triliun"}


def unit_name(exponent: int | None) -> str | None:
    """A money column's unit as reports write it ("Rp", "Rp 000"); None when not stated."""
    return None if exponent is None else UNIT_NAMES.get(exponent, "Rp")


def with_unit(printed: str, exponent: int | None) -> str:
    """A printed amount with its unit when it is not whole Rupiah: "127.721.612 (Rp 000)"."""
    name = UNIT_NAMES.get(exponent or 0)
    return f"{printed} ({name})" if name else printed


# --- indicator units (Satuan) --------------------------------------------------------

PERCENT_RE = re.compile(r"^(?:%|persen|persentase|prosen|percent)$", re.IGNORECASE)
PEOPLE = frozenset({"orang", "org", "jiwa", "person", "penduduk"})
RATE_RE = re.compile(
    r"^(?:per|/)\s*(?P<base>[0-9][0-9.,]*)\s*(?P<of>[^\W\d][\w\s]*)?$", re.IGNORECASE
)
NUMBER_WORDS = {"seribu": "1000", "sepuluh ribu": "10000", "seratus ribu": "100000"}


def unit_key(text: str) -> tuple[str, str] | None:
    """What a `Satuan` cell's unit is, as (dimension, value): ("percent", ""), ("count",
    "orang"), ("rate", "1000"), ("money", "3"); None for any other text (no conclusion)."""
    text = " ".join(text.lower().replace("\u2030", " per 1000 ").split())
    if not text:
        return None
    if PERCENT_RE.match(text):
        return ("percent", "")
    if text in PEOPLE:
        return ("count", "orang")
    for words, digits in NUMBER_WORDS.items():
        text = re.sub(rf"\b{words}\b", digits, text)
    if match := RATE_RE.match(text):
        base = re.sub(r"[.,]", "", match.group("base"))
        return ("rate", str(int(base))) if base.isdigit() and int(base) > 1 else None
    if MONEY_WORD_RE.search(text):
        exponent = money_exponent(text, header=True)
        return ("money", str(exponent or 0))
    return None
