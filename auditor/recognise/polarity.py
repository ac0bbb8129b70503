"""Polarity and achievement formula, as the report itself declares them.

Read in this order of authority (DIALECTS §5):

1. a `Polaritas` column (Positif/Negatif, Maks/Min, ↑/↓, (+)/(−), naik/turun) in any table
   that names indicators, or a definitions table whose formula column writes out the
   achievement formula (T/R × 100, (2T − R)/T × 100, ...);
2. the prose: a list ("indikator yang semakin rendah semakin baik, yaitu ...") or a formula
   stated for named indicators or for all negative indicators of the report ("capaian
   indikator negatif dihitung dengan rumus T/R × 100");
3. only then the indicator's name, as a hint (the ratio rules' `negative_names`, overruled by
   words such as "tertangani" that make a "kasus" indicator positive).

Each declaration keeps its evidence and where it was read, so a finding can say where the
polarity came from. The report may also cap achievements (100 or 120): declared in the
prose, or shown by every over-target row printing the same cap.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import TYPE_CHECKING

from auditor.formulas import FORMULAS, Formula
from auditor.i18n import Lang, label
from auditor.recognise.names import content_tokens, mentions, name_key, similarity

if TYPE_CHECKING:
    from auditor.recognise.tables import Dataset, Recognition


class Polarity(StrEnum):
    POSITIVE = "positive"
    NEGATIVE = "negative"


class Evidence(StrEnum):
    COLUMN = "column"  # a Polaritas column
    TABLE = "table"  # a definitions table's formula
    PROSE = "prose"  # a list or formula stated in the text
    NAME = "name"  # the indicator's name: a hint, never a declaration


NEGATIVE_FORMULAS = (Formula.NEGATIVE_DIFFERENCE, Formula.NEGATIVE_INVERSE)
# The polarity a formula computes with.
POLARITY_OF = {
    Formula.POSITIVE: Polarity.POSITIVE,
    Formula.NEGATIVE_DIFFERENCE: Polarity.NEGATIVE,
    Formula.NEGATIVE_INVERSE: Polarity.NEGATIVE,
}


@dataclass(frozen=True)
class Declaration:
    """What the report says (or the name suggests) about one indicator's polarity."""

    polarity: Polarity
    formula: Formula | None  # the formula stated for it; None: any of its polarity
    evidence: Evidence
    table: str | None = None  # the table it was read from
    line: int | None = None  # the prose line (or the table's line)
    word: str = ""  # the name word a hint rests on

    @property
    def declared(self) -> bool:
        return self.evidence != Evidence.NAME

    def allowed(self, negative_formula: Formula | None) -> tuple[Formula, ...]:
        """The formulas a value declared so may be computed with."""
        if self.formula is not None:
            return (self.formula,)
        if self.polarity == Polarity.POSITIVE:
            return (Formula.POSITIVE,)
        return (negative_formula,) if negative_formula else NEGATIVE_FORMULAS

    def source(self, lang: Lang) -> str:
        """Where the polarity came from, in words."""
        key = {
            Evidence.COLUMN: "polarity_from_column",
            Evidence.TABLE: "polarity_from_table",
            Evidence.PROSE: "polarity_from_prose",
            Evidence.NAME: "polarity_from_name",
        }[self.evidence]
        return label(key, lang, table=self.table or "", line=self.line or "", word=self.word)


@dataclass(frozen=True)
class ReportFormula:
    """The formula the report states for all its negative indicators."""

    formula: Formula
    line: int | None


@dataclass
class Declarations:
    """Every polarity and formula the report declares, and its cap on achievements."""

    rows: dict[tuple[str, int], Declaration] = field(default_factory=dict)  # own column
    named: list[tuple[str, Declaration]] = field(default_factory=list)  # name key → it
    negative_formula: ReportFormula | None = None
    cap: Decimal | None = None  # the achievement the report caps at
    cap_line: int | None = None  # where the prose declares it (None: seen in the rows)

    def of(self, dataset: Dataset, i: int, similarity_at: float = 0.85) -> Declaration | None:
        """The declaration for row `i` of `dataset`: its own Polaritas cell, else a
        declaration of the same indicator elsewhere (matched by name); None if none."""
        own = self.rows.get((dataset.id, i))
        if own is not None:
            return own
        key = name_key(str(dataset.records[i].get("label") or ""))
        if not key:
            return None
        best: tuple[float, Declaration] | None = None
        for name, declaration in self.named:
            score = similarity(key, name)
            if score >= similarity_at and (best is None or score > best[0]):
                best = (score, declaration)
        return best[1] if best else None


# --- reading a declaration's words ----------------------------------------------------

_POSITIVE_WORDS = re.compile(
    r"^(?:\(?\+\)?|positif|positive|maks|max|maksimal|maksimum|maximal|maximum|naik|"
    r"meningkat|↑|semakin (?:tinggi|besar) semakin baik|higher is better)\.?$"
)
_NEGATIVE_WORDS = re.compile(
    r"^(?:\(\s*[-\u2212\u2013]\s*\)|negatif|negative|min|minimal|minimum|turun|menurun|↓|"
    r"semakin (?:rendah|kecil) semakin baik|lower is better)\.?$"
)


def polarity_word(text: str) -> Polarity | None:
    """The polarity a Polaritas cell declares; None for anything else."""
    key = " ".join(text.lower().split())
    if _POSITIVE_WORDS.match(key):
        return Polarity.POSITIVE
    if _NEGATIVE_WORDS.match(key):
        return Polarity.NEGATIVE
    return None


_T = r"(?:target|(?<![a-z])t(?![a-z]))"
_R = r"(?:realisasi|(?<![a-z])r(?![a-z]))"
_MINUS = r"\s*[-\u2212\u2013]\s*"
_TIMES = r"\s*(?:[x×*·]\s*)?"
# Written forms of each formula (on the lower-cased text). "100 + (T − R)/T × 100" and
# "(1 + (T − R)/T) × 100" are (2T − R)/T × 100 written otherwise.
_FORMULA_TEXTS: tuple[tuple[Formula, re.Pattern[str]], ...] = (
    (
        Formula.NEGATIVE_DIFFERENCE,
        re.compile(
            rf"\(\s*2{_TIMES}{_T}{_MINUS}{_R}\s*\)|(?:100\s*%?|1)\s*\+\s*\(+\s*{_T}{_MINUS}{_R}\s*\)"
        ),
    ),
    (Formula.NEGATIVE_INVERSE, re.compile(rf"{_T}\s*[/:]\s*{_R}")),
    (Formula.POSITIVE, re.compile(rf"{_R}\s*[/:]\s*{_T}")),
)


def formula_in(text: str) -> Formula | None:
    """The achievement formula a text writes out (the first, in the order above)."""
    lowered = text.lower()
    for formula, pattern in _FORMULA_TEXTS:
        if pattern.search(lowered):
            return formula
    return None


# --- the prose ---------------------------------------------------------------------------

_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+(?=[A-Z(])")
_NEGATIVE_PHRASE = re.compile(
    r"semakin\s+(?:rendah|kecil|sedikit)\s+(?:\w+\s+)?semakin\s+baik|polaritas\s+negatif|"
    r"indikator\s+(?:yang\s+bersifat\s+|bersifat\s+)?negatif|lower is better",
    re.I,
)
_POSITIVE_PHRASE = re.compile(
    r"semakin\s+(?:tinggi|besar|banyak)\s+(?:\w+\s+)?semakin\s+baik|polaritas\s+positif|"
    r"indikator\s+(?:yang\s+bersifat\s+|bersifat\s+)?positif",
    re.I,
)
# What introduces the list of indicators a phrase applies to.
_LIST_START = re.compile(r"\b(?:yaitu|yakni|adalah|antara lain|meliputi|sebagai berikut)\b|:", re.I)
_LIST_SPLIT = re.compile(r"\s*(?:;|,|\bdan\b|\bserta\b|\(\s*[0-9a-z]\s*\)|\b[0-9a-z]\)\s)\s*", re.I)
_CAP = re.compile(
    r"capaian[^.]{0,80}?(?:dibatasi|maksimal|maksimum|paling tinggi|tertinggi|"
    r"tidak (?:boleh )?melebihi)\s*(?:sebesar\s*|sampai\s*)?(100|120)\s*%",
    re.I,
)


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE_END.split(text) if s.strip()]


def _phrase_polarity(sentence: str) -> tuple[Polarity | None, int]:
    """The polarity a sentence speaks of, and where that phrase ends."""
    negative, positive = _NEGATIVE_PHRASE.search(sentence), _POSITIVE_PHRASE.search(sentence)
    if negative and not positive:
        return Polarity.NEGATIVE, negative.end()
    if positive and not negative:
        return Polarity.POSITIVE, positive.end()
    return None, 0


def _named_in(
    sentence: str, after: int, names: Sequence[tuple[str, list[str]]], at: float
) -> list[str]:
    """The indicator keys a sentence names after position `after`: listed items that match a
    name, and names written out in it."""
    rest = sentence[after:]
    tokens = content_tokens(name_key(rest))
    found = [key for key, name_tokens in names if mentions(tokens, name_tokens)]
    start = _LIST_START.search(rest)
    if start:
        for item in _LIST_SPLIT.split(rest[start.end() :]):
            item_key = name_key(item)
            if not item_key:
                continue
            scored = [(similarity(item_key, key), key) for key, _ in names]
            best = max(scored, default=(0.0, ""))
            if best[0] >= at and best[1] not in found:
                found.append(best[1])
    return found


def _read_prose(
    recognition: Recognition,
    names: Sequence[tuple[str, list[str]]],
    declarations: Declarations,
    at: float,
) -> None:
    for paragraph in recognition.document.paragraphs:
        line = paragraph.location.line
        for sentence in _sentences(paragraph.text):
            if declarations.cap is None and (cap := _CAP.search(sentence)):
                declarations.cap, declarations.cap_line = Decimal(cap[1]), line
            phrase, end = _phrase_polarity(sentence)
            formula = formula_in(sentence)
            if formula is not None and phrase is not None and phrase != POLARITY_OF[formula]:
                continue  # "indikator positif R/T, negatif T/R": too tangled to bind
            polarity = phrase or (POLARITY_OF[formula] if formula else None)
            if polarity is None:
                continue
            named = _named_in(sentence, end, names, at)
            for key in named:
                declarations.named.append(
                    (key, Declaration(polarity, formula, Evidence.PROSE, line=line))
                )
            # "capaian indikator negatif dihitung dengan T/R": every negative indicator's
            # formula, whether or not the sentence also lists them.
            general = phrase is not None or not named
            if general and formula in NEGATIVE_FORMULAS and declarations.negative_formula is None:
                declarations.negative_formula = ReportFormula(formula, line)


# --- the tables --------------------------------------------------------------------------


def _line(dataset: Dataset, i: int) -> int | None:
    line = dataset.records[i].get("line")
    return int(line) if isinstance(line, int) else None


def _read_tables(recognition: Recognition, declarations: Declarations) -> None:
    for dataset in recognition.datasets:
        has_polarity = dataset.column("polaritas") is not None
        formula_column = dataset.column("formula")
        if not has_polarity and formula_column is None:
            continue
        for i, record in enumerate(dataset.records):
            polarity = polarity_word(str(record.get("polaritas") or "")) if has_polarity else None
            formula = formula_in(str(record.get("formula") or "")) if formula_column else None
            if formula is not None and polarity is not None and POLARITY_OF[formula] != polarity:
                formula = None  # a formula of the other polarity describes something else
            if polarity is None and formula is None:
                continue
            evidence = Evidence.COLUMN if polarity is not None else Evidence.TABLE
            declaration = Declaration(
                polarity or POLARITY_OF[formula],  # type: ignore[index]
                formula,
                evidence,
                table=dataset.id,
                line=_line(dataset, i),
            )
            declarations.rows[(dataset.id, i)] = declaration
            key = name_key(str(record.get("label") or ""))
            if key:
                declarations.named.append((key, declaration))


# --- capped achievements -----------------------------------------------------------------

CAPS = (Decimal(100), Decimal(120))


def _seen_cap(rows: Iterable[tuple[Decimal, Decimal]]) -> Decimal | None:
    """The cap every over-target row prints: (printed capaian, uncapped) pairs; two rows over
    the cap at least, all printing it."""
    rows = list(rows)
    for cap in CAPS:
        over = [printed for printed, uncapped in rows if uncapped > cap + Decimal("0.5")]
        if len(over) >= 2 and all(printed == cap for printed in over):
            return cap
    return None


def _uncapped(
    dataset: Dataset, i: int, declaration: Declaration | None, negative: ReportFormula | None
) -> Decimal | None:
    record = dataset.records[i]
    values = [record.get(c) for c in ("realisasi", "target")]
    if not all(isinstance(v, Decimal) for v in values):
        return None
    r, t = values
    formula = (
        declaration.allowed(negative.formula if negative else None)[0]
        if declaration
        else Formula.POSITIVE
    )
    try:
        return FORMULAS[formula].on_points(r, t) * 100  # type: ignore[arg-type]
    except ArithmeticError:
        return None


def _read_cap(recognition: Recognition, declarations: Declarations, kinds: Sequence[str]) -> None:
    rows = []
    for dataset in recognition.datasets:
        if dataset.kind not in kinds or dataset.column("capaian") is None:
            continue
        for i, record in enumerate(dataset.records):
            printed = record.get("capaian")
            uncapped = _uncapped(
                dataset, i, declarations.of(dataset, i), declarations.negative_formula
            )
            if isinstance(printed, Decimal) and uncapped is not None:
                rows.append((printed, uncapped))
    declarations.cap = _seen_cap(rows)


# --- the whole report --------------------------------------------------------------------


def read_declarations(
    recognition: Recognition, kinds: Sequence[str], similarity_at: float = 0.85
) -> Declarations:
    """What the report declares about polarity, formulas and caps; the achievement tables are
    those of `kinds` (their indicator names are what the prose is matched against). Read once
    per recognition."""
    cache: dict[tuple, Declarations] = recognition.__dict__.setdefault("_polarity", {})
    cache_key = (tuple(kinds), similarity_at)
    if cache_key in cache:
        return cache[cache_key]
    declarations = Declarations()
    _read_tables(recognition, declarations)
    names: dict[str, list[str]] = {}
    for dataset in recognition.datasets:
        if dataset.kind in kinds:
            for record in dataset.records:
                key = name_key(str(record.get("label") or ""))
                if key and key not in names:
                    names[key] = content_tokens(key)
    _read_prose(recognition, list(names.items()), declarations, similarity_at)
    if declarations.cap is None:
        _read_cap(recognition, declarations, kinds)
    cache[cache_key] = declarations
    return declarations


def name_hint(
    name: str, negative: Sequence[re.Pattern[str]], positive: Sequence[re.Pattern[str]]
) -> Declaration | None:
    """The polarity an indicator's name suggests: negative when a `negative` pattern matches
    and no `positive` one ("Persentase kasus ... yang tertangani" is positive); None
    when the name suggests nothing."""
    hit = next((m for p in negative if (m := p.search(name))), None)
    if hit is None or any(p.search(name) for p in positive):
        return None
    return Declaration(Polarity.NEGATIVE, None, Evidence.NAME, word=hit.group(0))


# --- ordinal indicators ------------------------------------------------------------------

# Ranked scales, lowest first: SAKIP predicates, BPK opinions (KLA strata are parsed as
# ordinals by auditor.numbers).
_SCALES: tuple[tuple[str, ...], ...] = (
    ("d", "c", "cc", "b", "bb", "a", "aa"),
    ("tmp", "tw", "wdp", "wtp"),
)
_OPINION_WORDS = {
    "tidak menyatakan pendapat": "tmp",
    "tidak wajar": "tw",
    "wajar dengan pengecualian": "wdp",
    "wajar tanpa pengecualian": "wtp",
}


def rank(text: str) -> tuple[int, int] | None:
    """(scale, rank) of a predicate or opinion ("BB", "WTP", "Wajar Tanpa Pengecualian");
    None for anything else."""
    key = " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())
    key = re.sub(r"^(?:predikat|opini|nilai)\s+", "", key)
    key = _OPINION_WORDS.get(key, key)
    for n, scale in enumerate(_SCALES):
        if key in scale:
            return n, scale.index(key)
    return None
