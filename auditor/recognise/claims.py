"""Numeric claims in the prose: "... adalah sebesar 143,94% dengan predikat ...".

A claim is one number in one sentence with what the sentence says it measures: capaian
(achievement), realisasi (realisation) or target, by the nearest such word before the
number in its own clause, and the year when the sentence names one ("Tahun 2022 adalah
sebesar 60,81"). Clauses end at ";", ", dan", ", sedangkan", "serta" and the like, and a
parenthesis is a clause of its own: in "realisasi 84 dengan target 80; capaian terhadap
target sebesar 105%" the 105% is the achievement. A quantity word written with a capital
after another word ("Persentase Realisasi PAD", "indikator Nilai Akuntabilitas") is part of
an indicator's name, not a quantity. Years, list numbering, regulation numbers, the numbers
of a formula written out ("rumus target / realisasi × 100%"), norms, limits and ranges
("batas minimal 80%", "paling tinggi 120%", "60–85%") are not claims; an achievement against
the end-of-plan target ("capaian terhadap target akhir Renstra") is a claim of its own kind
(`akhir`). Which indicator a claim is about is decided by the checks, which know the tables'
indicator names.

Reading is linear in a sentence's length whatever the number of claims in it: what a claim
asks of the text before it (the last quantity word, the year, the amount word, a funding
source in between) is looked up by position (bisect) among matches found once per sentence,
never by scanning the sentence again, and look-behinds are bounded. A document's prose is
read once (`prose_claims`), shared by the checks and the statistics, within a time budget:
what the budget leaves unread is counted as not checked, never as read.
"""

from __future__ import annotations

import re
import time
import weakref
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from auditor.model import Document, Location, Paragraph
from auditor.numbers import Convention, ParsedNumber, parse_number

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“*]*[A-Z0-9])")
# A number that is a percentage, or follows a word that introduces a value.
NUMBER_RE = re.compile(
    r"(?P<lead>\b(?:sebesar|adalah|mencapai|menjadi|yaitu|hanya|capaian|realisasi|target)\s+)?"
    r"(?<![\w.,/])(?<![0-9][-–—])(?<![0-9]\s[-–—])(?<![0-9][-–—]\s)(?<![0-9]\s[-–—]\s)"
    r"(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)"
    r"(?![\w/]|[.,][0-9]|\s?[-–—]\s?[0-9])(?P<percent>\s?%|\s+persen\b)?",
    re.IGNORECASE,
)
# The bounds of a range ("60–85%", "60 - 85") are not values: excluded above.
# What a number measures, by the nearest of these before it in its clause. "capaian
# realisasi" and "capaian (realisasi) terhadap target" are achievements; "nilai" (value)
# states the indicator itself; `akhir`: an achievement against, or the value of, the
# end-of-plan target; `norm`: a limit, standard or range; `formula`: a formula written out.
END_TARGET = r"target\s+(?:akhir|renstra|rpjmd|jangka\s+menengah)"
QUANTITY_RE = re.compile(
    rf"\b(?P<akhir>(?:capaian(?:nya)?(?:\s+kinerja)?\s+terhadap\s+)?{END_TARGET})\b"
    r"|\b(?P<capaian>capaian(?:nya)?(?:\s+realisasi)?(?:\s+kinerja)?(?:\s+terhadap\s+target)?"
    r"|realisasi(?:nya)?\s+terhadap\s+target)\b"
    r"|\b(?P<realisasi>realisasi(?:nya)?|terealisasi|nilai)\b"
    r"|\b(?P<target>target(?:nya)?|ditargetkan)\b"
    r"|\b(?P<norm>batas(?:an)?|standar|norma|ambang|rentang|kisaran|maksimal|minimal|maksimum"
    r"|minimum|paling\s+(?:tinggi|rendah|sedikit|banyak)|dibatasi|sekurang-kurangnya"
    r"|setidak-tidaknya|setidaknya|s\s?[./]\s?d|sampai\s+dengan)\b"
    r"|(?P<formula>\b(?:rumus|formula|dikali(?:kan)?|dibagi|perkalian|pembagian)\b"
    r"|[×÷=+−]|(?<!\S)[x*/](?!\S))",
    re.IGNORECASE,
)
NOT_VALUES = ("norm", "formula")  # what a number measured so is: never a claim
# Where a clause ends (a parenthesis opens or closes one of its own: `_Sentence`).
CLAUSE_END_RE = re.compile(
    r";|,\s*(?:dan|sedangkan|serta|namun|tetapi|sehingga)\b|\b(?:serta|sedangkan)\b",
    re.IGNORECASE,
)
_CLAUSE_MARK_RE = re.compile(rf"{CLAUSE_END_RE.pattern}|[()]", re.IGNORECASE)
YEAR_RE = re.compile(r"\btahun\s+((?:19|20)[0-9]{2})\b", re.IGNORECASE)
BARE_YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")


@dataclass(frozen=True)
class Claim:
    sentence: str
    raw: str  # the number as printed, with its % sign
    number: ParsedNumber
    quantity: str | None  # capaian | realisasi | target | akhir | None (not said)
    year: int | None
    location: Location


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; a split after an abbreviation ("Rp.", "sub.") is joined."""
    out: list[list[str]] = []  # each sentence's pieces, joined at the end (not once per piece)
    tail = ""  # the end of the last sentence: all an abbreviation at its end can span
    for piece in (s.strip() for s in SENTENCE_END_RE.split(text)):
        if not piece:
            continue
        if out and _ABBREVIATION_END_RE.search(tail):
            out[-1].append(piece)
            tail = f"{tail} {piece}"[-_TAIL:]
        else:
            out.append([piece])
            tail = piece[-_TAIL:]
    return [" ".join(pieces) for pieces in out]


# An abbreviation the sentence splitter takes for a full stop: "Rp. 31.294.422.433,00",
# "2 (dua) sub. Kegiatan", "Nomor. 12", "60 s.d. 85".
_ABBREVIATION_END_RE = re.compile(r"\b(?:rp|idr|sub|no|nomor|s\.d)\.$", re.IGNORECASE)
_TAIL = 16  # longer than "nomor." and the character before it


class _Sentence:
    """A sentence with the matches its claims look back on, each pattern run once over it:
    a claim's context is then a lookup by position, not a new scan of the text before it.

    A match ending by a number's start is one the text cut there has too: every such
    pattern ends in a letter or digit, and a number never follows one directly."""

    def __init__(self, text: str) -> None:
        self.text = text

    @cached_property
    def _clauses(self) -> tuple[list[int], list[int]]:
        """Where each clause starts, and its number: a parenthesis is a clause of its own,
        and the clause it interrupts goes on after it."""
        starts, numbers = [0], [0]
        outer: list[int] = []  # the clauses the open parentheses interrupt
        current = 0
        for fresh, mark in enumerate(_CLAUSE_MARK_RE.finditer(self.text), start=1):
            if mark.group() == "(":
                outer.append(current)
                current = fresh
            elif mark.group() == ")" and outer:
                current = outer.pop()
            else:  # the end of a clause, or a ")" that closes nothing
                current = fresh
            starts.append(mark.start())
            numbers.append(current)
        return starts, numbers

    def clause_at(self, position: int) -> int:
        starts, numbers = self._clauses
        return numbers[bisect_right(starts, position) - 1]

    @cached_property
    def _quantities(self) -> dict[int, tuple[list[int], list[str | None]]]:
        """The quantity words of each clause: their ends and what they name, in order."""
        by_clause: dict[int, tuple[list[int], list[str | None]]] = {}
        for m in QUANTITY_RE.finditer(self.text):
            if self._in_a_name(m.start()):
                continue
            ends, names = by_clause.setdefault(self.clause_at(m.start()), ([], []))
            ends.append(m.end())
            names.append(m.lastgroup)
        return by_clause

    def _in_a_name(self, start: int) -> bool:
        """A word written with a capital right after another word ("Persentase Realisasi",
        "indikator Nilai"): part of a name. (The spaces walked back over precede this
        word only: the walks are disjoint.)"""
        if not self.text[start].isupper():
            return False
        i = start - 1
        while i >= 0 and self.text[i].isspace():
            i -= 1
        return i >= 0 and self.text[i].isalpha()

    @cached_property
    def _years(self) -> tuple[list[int], list[int]]:
        matches = list(YEAR_RE.finditer(self.text))
        return [m.end() for m in matches], [int(m.group(1)) for m in matches]

    def quantity_before(self, position: int) -> str | None:
        """What the last quantity word before `position` (a number's start) in its clause
        names."""
        ends, names = self._quantities.get(self.clause_at(position), ([], []))
        i = bisect_right(ends, position)
        return names[i - 1] if i else None

    def year_before(self, position: int) -> int | None:
        """The last year named ("tahun 2022") before `position` (a number's start)."""
        ends, years = self._years
        i = bisect_right(ends, position)
        return years[i - 1] if i else None

    @cached_property
    def percents(self) -> list[tuple[re.Match[str], str | None]]:
        """Every percentage with what it is (its quantity word), in order."""
        return [(m, self.quantity_before(m.start())) for m in PERCENT_RE.finditer(self.text)]

    @cached_property
    def _percent_index(self) -> tuple[list[int], list[int], list[int]]:
        """The percentages' starts and ends, and for each prefix of them the one a predicate
        after them qualifies: the last achievement, else the last."""
        starts, ends, chosen = [], [], []
        achievement = -1
        for i, (match, quantity) in enumerate(self.percents):
            starts.append(match.start())
            ends.append(match.end())
            if quantity == "capaian":
                achievement = i
            chosen.append(achievement if achievement >= 0 else i)
        return starts, ends, chosen

    def qualified(self, end: int) -> tuple[re.Match[str], str | None] | None:
        """The percentage before position `end` a predicate there qualifies, with its
        quantity: the last one stated as an achievement ("capaian ... 143,94%"), else the
        nearest one."""
        _, ends, chosen = self._percent_index
        i = bisect_right(ends, end)
        return self.percents[chosen[i - 1]] if i else None

    def percent_after(self, position: int) -> re.Match[str] | None:
        """The first percentage starting at or after `position`."""
        starts, _, _ = self._percent_index
        i = bisect_left(starts, position)
        return self.percents[i][0] if i < len(starts) else None

    @cached_property
    def continues(self) -> bool:
        """It opens with "dengan predikat": the splitter cut it from its percentage."""
        return _CONTINUATION_RE.match(self.text) is not None


def _claims_in(sentence: _Sentence, location: Location, convention: Convention) -> list[Claim]:
    claims = []
    for match in NUMBER_RE.finditer(sentence.text):
        number, percent = match.group("number"), match.group("percent")
        if not (percent or match.group("lead")) or BARE_YEAR_RE.match(number):
            continue  # a count in passing, a year or a list number: not a claim
        start = match.start("number")
        quantity = sentence.quantity_before(start)
        if quantity in NOT_VALUES:
            continue  # a formula's term, a norm or a limit: not a value
        raw = number + ("%" if percent else "")
        claims.append(
            Claim(
                sentence=sentence.text,
                raw=raw,
                number=parse_number(raw, convention),
                quantity=quantity,
                year=sentence.year_before(start),
                location=location,
            )
        )
    return claims


def extract_claims(paragraph: Paragraph, convention: Convention) -> list[Claim]:
    """The numeric claims of one paragraph, sentence by sentence, in order."""
    return [
        claim
        for sentence in sentences(paragraph.text)
        for claim in _claims_in(_Sentence(sentence), paragraph.location, convention)
    ]


STATED_YEAR_RE = re.compile(
    r"\b(?:tahun(?:\s+anggaran)?|t\.?\s?a\.?)\s+((?:19|20)[0-9]{2})\b", re.I
)


def stated_years(sentence: str) -> set[int]:
    """The years a sentence names ("Tahun 2023", "Tahun Anggaran 2024", "TA 2024")."""
    return {int(y) for y in STATED_YEAR_RE.findall(sentence)}


# --- claimed counts: "telah melaksanakan 11 program, 23 kegiatan dan 38 sub kegiatan" ----

LEVELS = ("program", "kegiatan", "sub_kegiatan")
_DIGIT_WORDS = {
    "satu": 1,
    "dua": 2,
    "tiga": 3,
    "empat": 4,
    "lima": 5,
    "enam": 6,
    "tujuh": 7,
    "delapan": 8,
    "sembilan": 9,
}
_DIGIT_WORD = "|".join(_DIGIT_WORDS)
# "dua puluh tiga", "tiga belas", "sebelas", "sepuluh", "empat"; "satu" alone is left out
# ("salah satu kegiatan" is no count).
_NUMBER_WORD = (
    rf"(?:{_DIGIT_WORD})\s+puluh(?:\s+(?:{_DIGIT_WORD}))?"
    rf"|(?:{_DIGIT_WORD})\s+belas|sebelas|sepuluh|seratus"
    rf"|(?:{'|'.join(w for w in _DIGIT_WORDS if w != 'satu')})"
)
COUNT_RE = re.compile(
    r"(?<![\w.,/])(?:(?P<digits>[0-9]{1,4})(?:\s*\((?P<spelled>[^()]{1,40})\))?"
    rf"|(?P<words>{_NUMBER_WORD}))"
    r"\s+[*_]*(?P<level>sub\s*[-.]?\s*kegiatan|subkegiatan|program|kegiatan)(?![\w-])",
    re.IGNORECASE,
)
# A number that belongs to a year, a regulation or a table, not to a count (`_after_prefix`
# looks only at the few characters these words can span).
_COUNT_PREFIX_RE = re.compile(
    r"(?:\btahun(?:\s+anggaran)?|\bnomor|\bno\.?|\bpasal|\bayat|\btabel|\blampiran|\bbab"
    r"|\bsalah)\s*$",
    re.IGNORECASE,
)
# A restricted subset right after the level word: "3 program unggulan", "2 kegiatan yang
# belum terealisasi", "5 sub kegiatan dari 38".
_SUBSET_RE = re.compile(
    r"[*_]*\s*(?:unggulan|prioritas|strategis|inovasi|inovatif|baru|fisik|non\s*fisik|dak\b"
    r"|yang\b|dari\s+[0-9]|di\s*antaranya|diantaranya|tidak\b|belum\b|gagal\b|batal\b"
    r"|dibatalkan\b|di\s*bawah\b|di\s*atas\b|melebihi\b|memiliki\b|mempunyai\b"
    r"|dengan\s+(?:realisasi|capaian|penyerapan|serapan|persentase))",
    re.IGNORECASE,
)
# The sentence speaks of the agency's whole budget year (`_whole_year`): "telah
# melaksanakan", "tahun anggaran", "melaksanakan ... program" or "terdiri atas ... program"
# on one line, "sebanyak 11 (sebelas) program".
_WHOLE_YEAR_RE = re.compile(r"\btelah\s+melaksanakan\b|\btahun\s+anggaran\b", re.IGNORECASE)
_PROGRAM_LATER_RE = (
    re.compile(r"\bmelaksanakan\b", re.IGNORECASE),
    re.compile(r"\bterdiri\s+(?:atas|dari)\b", re.IGNORECASE),
)
_PROGRAM_RE = re.compile(r"\bprogram\b", re.IGNORECASE)
_SEBANYAK_RE = re.compile(r"\bsebanyak(?=\s)", re.IGNORECASE)
_WORD_AFTER_RE = re.compile(r"\s++\S++\s++")  # possessive: one pass over the word and spaces
_PROGRAM_AT_RE = re.compile(r"program\b", re.IGNORECASE)
_PAREN_PROGRAM_RE = re.compile(r"\)\s*+program\b", re.IGNORECASE)
# A named or pointed-at unit: the count is about that one program, kegiatan or division.
SPECIFIC_UNIT_RE = re.compile(
    r"\b(?i:program|kegiatan|sub\s*[-.]?\s*kegiatan|subkegiatan|bidang|seksi|uptd?|urusan"
    r"|sekretariat|subbag(?:ian)?)\s+(?:(?i:ini|tersebut|itu)\b|[*_“\"]*[A-Z])"
)


@dataclass(frozen=True)
class CountClaim:
    """ "23 kegiatan": how many rows of one budget level the prose says there are."""

    sentence: str
    raw: str  # "23", "3 (tiga)", "empat"
    count: int
    level: str  # program | kegiatan | sub_kegiatan
    whole: bool  # the sentence speaks of the agency's whole year, not one unit of it
    location: Location
    start: int = 0  # position of the count in the sentence


def _word_number(text: str) -> int | None:
    words = text.lower().split()
    if words == ["sebelas"]:
        return 11
    if words == ["sepuluh"]:
        return 10
    if words == ["seratus"]:
        return 100
    if len(words) == 1:
        return _DIGIT_WORDS.get(words[0])
    if len(words) == 2 and words[1] == "belas":
        return 10 + _DIGIT_WORDS[words[0]]
    if len(words) in (2, 3) and words[1] == "puluh":
        return 10 * _DIGIT_WORDS[words[0]] + (_DIGIT_WORDS[words[2]] if len(words) == 3 else 0)
    return None


def _level(word: str) -> str:
    word = word.lower()
    return "sub_kegiatan" if word.startswith("sub") else word


def _after_prefix(sentence: str, start: int) -> bool:
    """Whether a year, regulation or table word ends right before `start` (spaces between):
    the search is bounded to the word, not run over all the text before it."""
    end = start
    while end and sentence[end - 1].isspace():
        end -= 1
    lo = end - len("anggaran")  # the longest word, bar "tahun  anggaran"'s spaces
    if lo > 0:
        gap = lo
        while gap and sentence[gap - 1].isspace():
            gap -= 1
        lo = min(lo, gap - len("tahun"))
    return _COUNT_PREFIX_RE.search(sentence, max(lo, 0), start) is not None


def _skip_spaces(text: str, position: int) -> int:
    match = _SPACES_RE.match(text, position)
    return match.end() if match else position


_SPACES_RE = re.compile(r"\s+")
_LIST_MARKS = " *_-•"  # what may open a sentence before a list number


def _whole_year(sentence: str) -> bool:
    """The sentence speaks of the agency's whole budget year; each pattern is run once over
    it, not once per place it could start."""
    if _WHOLE_YEAR_RE.search(sentence):
        return True
    for lead in _PROGRAM_LATER_RE:  # "... program" later on the same line
        line_end = -1
        for match in lead.finditer(sentence):
            if match.end() <= line_end:
                continue  # that line was searched from an earlier lead
            line_end = sentence.find("\n", match.end())
            line_end = len(sentence) if line_end < 0 else line_end
            if _PROGRAM_RE.search(sentence, match.end(), line_end):
                return True
    return _sebanyak_program(sentence)


def _sebanyak_program(sentence: str) -> bool:
    """ "sebanyak 11 program", "sebanyak 11 (sebelas) program"."""
    close = -1  # the first ")" from `searched` on (-1: none), found once for every "("
    searched = len(sentence) + 1
    for match in _SEBANYAK_RE.finditer(sentence):
        word = _WORD_AFTER_RE.match(sentence, match.end())
        if word is None:
            continue
        at = word.end()
        if _PROGRAM_AT_RE.match(sentence, at):
            return True
        if not sentence.startswith("(", at):
            continue
        if not (searched <= at + 1 and (close < 0 or close > at)):
            close, searched = sentence.find(")", at + 1), at + 1
        if close >= 0 and _PAREN_PROGRAM_RE.match(sentence, close):
            return True
    return False


def _counts_in(sentence: str, location: Location) -> list[CountClaim]:
    found = []
    lead = len(sentence) - len(sentence.lstrip(_LIST_MARKS))
    for match in COUNT_RE.finditer(sentence):
        if match.start() <= lead or _after_prefix(sentence, match.start()):
            continue  # a list number opening the sentence, a year, a regulation number
        if _SUBSET_RE.match(sentence, _skip_spaces(sentence, match.end())):
            continue  # "3 program unggulan": a part of the programs ("38 sub kegiatan, yang": all)
        digits = match.group("digits")
        count = int(digits) if digits else _word_number(match.group("words"))
        if count is None or (digits and BARE_YEAR_RE.match(digits)):
            continue
        raw = match.group(0)[: match.start("level") - match.start()].strip(" *_")
        found.append((match.start(), raw, count, _level(match.group("level"))))
    if not found:
        return []
    first = found[0][0]
    specific = SPECIFIC_UNIT_RE.search(sentence, 0, first) is not None
    levels = {level for *_, level in found}
    whole = not specific and (len(levels) >= 2 or _whole_year(sentence))
    return [
        CountClaim(sentence, raw, count, level, whole, location, start)
        for start, raw, count, level in found
    ]


def extract_counts(paragraph: Paragraph) -> list[CountClaim]:
    """The counts of programs, kegiatan and sub kegiatan a paragraph states, in order."""
    return [
        claim
        for sentence in sentences(paragraph.text)
        for claim in _counts_in(sentence, paragraph.location)
    ]


# --- stated budget amounts: "total anggaran seluruhnya sebesar Rp. 31.294.422.433,00" -----

AMOUNT_RE = re.compile(
    r"(?:\b(?:rp|idr)\.?\s*)"
    r"(?P<number>[0-9]{1,3}(?:[.,][0-9]{3})+(?:[.,][0-9]{1,2})?|[0-9]+(?:[.,][0-9]+)?)"
    r"(?:,-)?(?:\s*(?P<scale>triliun|miliar|milyar|juta|ribu)\b)?",
    re.IGNORECASE,
)
SCALE_WORDS = {"ribu": 3, "juta": 6, "miliar": 9, "milyar": 9, "triliun": 12}
# Words that say what an amount is; "Tahun Anggaran" is a date, not a budget. The last
# such word before an amount decides its quantity.
AMOUNT_WORD_RE = re.compile(
    r"(?P<date>\btahun\s+anggaran\b)"
    r"|(?P<other>\b(?:(?:sisa|selisih|efisiensi|penghematan|silpa)"
    r"(?:\s+(?:anggaran|pagu|dana|belanja|lebih))*|pendapatan|retribusi|pajak|hibah|bantuan"
    r"|insentif|honor\w*|gaji|belanja\s+(?:pegawai|barang|modal|operasi|langsung"
    r"|tidak\s+langsung))\b)"
    r"|(?P<realisasi>\brealisasi(?:\s+(?:anggaran|belanja|keuangan))?\b|\bterealisasi\b"
    r"|\bterserap\b|\bpenyerapan(?:\s+anggaran)?\b)"
    r"|(?P<anggaran>\b(?:total|jumlah)\s+(?:pagu|anggaran|alokasi)\b|\bpagu(?:\s+anggaran)?\b"
    r"|\balokasi(?:\s+anggaran)?\b|\banggaran\b)",
    re.IGNORECASE,
)
# Between the word and the amount: a part of the budget (a funding source, a breakdown).
_PART_RE = re.compile(
    r"\b(?:terdiri|meliputi|antara\s+lain|rincian|untuk|berasal|bersumber|sumber|dau|dak|dbh"
    r"|apbd|apbn|pad|blud|bos|bok|dbhcht|masing-masing|per|setiap|tiap)\b",
    re.IGNORECASE,
)
_UNIT_PRICE_RE = re.compile(r"\s*(?:per\b|/|setiap\b|tiap\b)", re.IGNORECASE)  # at an end


@dataclass(frozen=True)
class AmountClaim:
    """A Rupiah amount in the prose and what the sentence says it is."""

    sentence: str
    raw: str  # "Rp. 31.294.422.433,00", "Rp 1,2 miliar"
    number: ParsedNumber  # the digits as printed, before any scale word
    exponent: int  # the scale word's power of ten ("miliar" → 9), 0 without one
    quantity: str | None  # anggaran | realisasi | None (another amount, or not said)
    total: bool  # stated as the agency's whole budget or whole realisation
    start: int  # position in the sentence
    end: int
    location: Location


def _amounts_in(sentence: str, location: Location, convention: Convention) -> list[AmountClaim]:
    # Each pattern runs once over the sentence; an amount looks back by position. (A word
    # ending by an amount's "Rp" is one the text cut there has too: each ends in a letter
    # and "Rp" follows none directly.)
    words = [(w.end(), w.lastgroup) for w in AMOUNT_WORD_RE.finditer(sentence)]
    words = [w for w in words if w[1] != "date"]
    word_ends = [end for end, _ in words]
    parts = [m.start() for m in _PART_RE.finditer(sentence)]
    # The first named unit ends before any other could (which all start later).
    unit = SPECIFIC_UNIT_RE.search(sentence)
    unit_end = unit.end() if unit else len(sentence) + 1
    found = []
    previous = -1  # where the amount before this one starts
    for match in AMOUNT_RE.finditer(sentence):
        start, after_previous = match.start(), previous
        previous = start
        number = parse_number(match.group("number"), convention)
        if not number.is_number:
            continue
        scale = match.group("scale")
        i = bisect_right(word_ends, start)
        word_end, word = words[i - 1] if i else (0, None)
        quantity = word if word is not None and word != "other" else None
        total = (
            quantity is not None
            and after_previous < word_end  # no other amount between the word and this one
            and bisect_left(parts, word_end) == bisect_left(parts, start)  # nor a part
            and not _UNIT_PRICE_RE.match(sentence, match.end())
            and unit_end > start
        )
        found.append(
            AmountClaim(
                sentence=sentence,
                raw=match.group(0).strip(),
                number=number,
                exponent=SCALE_WORDS[scale.lower()] if scale else 0,
                quantity=quantity,
                total=total,
                start=match.start(),
                end=match.end(),
                location=location,
            )
        )
    return found


def extract_amounts(paragraph: Paragraph, convention: Convention) -> list[AmountClaim]:
    """The Rupiah amounts of a paragraph, sentence by sentence, in order."""
    return [
        claim
        for sentence in sentences(paragraph.text)
        for claim in _amounts_in(sentence, paragraph.location, convention)
    ]


# --- predicates: "sebesar 61,47%. dengan predikat “Cukup Berhasil”" -----------------------

PERCENT_RE = re.compile(
    r"(?<![\w.,/])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)"
    r"(?![\w/]|[.,][0-9])\s?(?:%|persen\b)",
    re.IGNORECASE,
)
# "dengan predikat “Cukup Berhasil”", "kategori: **Sangat Berhasil**": the phrase after the
# keyword, quotes and emphasis stripped, up to the end of its clause.
# The spaces, colon and quotes before the phrase are taken possessively: spaces that do not
# lead to a phrase are given up at once, not tried in every split between the three runs.
PREDICATE_RE = re.compile(
    r"\b(?:predikat|kategori|kriteria)(?:nya)?(?:\s+(?:capaian|kinerja|penilaian))*\s*+[:=]?"
    r"\s*+[\"“”'‘’*_]*+\s*+(?P<phrase>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_][^\W\d_ ]*){0,3})",
    re.IGNORECASE,
)
_CONTINUATION_RE = re.compile(
    r"^[\"“*_\s]*(?:(?:dengan|dan|yaitu|atau|sehingga|serta)\s+)?(?:predikat|kategori|kriteria)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class PredicateClaim:
    """A predicate stated in the prose for a percentage stated next to it."""

    sentence: str
    phrase: str  # up to four words after "predikat"; the check matches the scale's names
    raw: str  # the percentage as printed, with its % sign
    number: ParsedNumber
    location: Location
    start: int = 0  # position of the predicate keyword in `sentence`
    quantity: str | None = None  # what the percentage is: capaian | realisasi | target | None


def _predicates_in(
    sentence: _Sentence, previous: _Sentence | None, location: Location, convention: Convention
) -> list[PredicateClaim]:
    claims = []
    text, joined = sentence.text, ""  # joined: the sentence before and this one, made once
    for match in PREDICATE_RE.finditer(text):
        found, context, offset = sentence.qualified(match.start()), text, 0
        if found is None and previous is not None and sentence.continues:
            found = previous.qualified(len(previous.text))
            if found is not None:
                joined = joined or f"{previous.text} {text}"
                context, offset = joined, len(previous.text) + 1
        if found is None:
            after = sentence.percent_after(match.end())
            found = (after, None) if after else None
        if found is None:
            continue
        percent, quantity = found
        raw = percent.group("number") + "%"
        claims.append(
            PredicateClaim(
                sentence=context,
                phrase=match.group("phrase"),
                raw=raw,
                number=parse_number(raw, convention),
                location=location,
                start=offset + match.start(),
                quantity=quantity,
            )
        )
    return claims


def extract_predicates(paragraph: Paragraph, convention: Convention) -> list[PredicateClaim]:
    """Predicates with the percentage they qualify: in the same sentence, the last one stated
    as an achievement before the keyword, else the nearest one before it; else (a sentence
    that opens with "dengan predikat", split off after "61,47%.") the same in the sentence
    before; else the first one after the keyword."""
    claims = []
    previous: _Sentence | None = None
    for text in sentences(paragraph.text):
        sentence = _Sentence(text)
        claims += _predicates_in(sentence, previous, paragraph.location, convention)
        previous = sentence
    return claims


def excerpt(sentence: str, start: int, width: int = 160) -> str:
    """The sentence, or a window of it around position `start`, at most `width` long."""
    if len(sentence) <= width:
        return sentence
    lo = max(0, min(start - width // 2, len(sentence) - width))
    lo = _space_before(sentence, lo) + 1 if lo else 0  # whole words
    text = sentence[lo : lo + width]
    if lo + width < len(sentence):
        text = text[: text.rfind(" ")] + "..." if " " in text else text + "..."
    return ("..." if lo else "") + text


def _space_before(sentence: str, position: int) -> int:
    """`sentence.rfind(" ", 0, position)`, without scanning a long spaceless stretch once per
    excerpt of the same sentence."""
    near = sentence.rfind(" ", max(0, position - 2 * _NEAR), position)
    if near >= 0 or position <= 2 * _NEAR:
        return near
    spaces = _spaces(sentence)
    i = bisect_left(spaces, position)
    return spaces[i - 1] if i else -1


_NEAR = 128


@lru_cache(maxsize=8)
def _spaces(sentence: str) -> list[int]:
    return [i for i, c in enumerate(sentence) if c == " "]


# --- a document's prose, read once within a time budget ---------------------------------

# Seconds one document's prose may take to read. Reading is linear, so this is never
# reached by a report (the sample takes milliseconds); it bounds what a crafted one could
# still find slow: the sentences left when it runs out are not read, and counted as claims
# not checked.
PROSE_SECONDS = 30.0


@dataclass(frozen=True)
class ParagraphClaims:
    """The claims of one paragraph, each type in order."""

    paragraph: Paragraph
    figures: tuple[Claim, ...]
    counts: tuple[CountClaim, ...]
    amounts: tuple[AmountClaim, ...]
    predicates: tuple[PredicateClaim, ...]


@dataclass(frozen=True)
class ProseClaims:
    """Every claim of a document's prose, paragraph by paragraph (the checks and the
    statistics share one reading)."""

    paragraphs: tuple[ParagraphClaims, ...]  # in order; the last may be read in part
    # Claims left unread when the time budget ran out (its figures, at least 1); 0 when
    # all of the prose was read.
    unread: int = 0


def prose_claims(document: Document, convention: Convention) -> ProseClaims:
    """The claims of the document's prose, read once per document (and convention) for the
    checks that test them and the statistics that count them, within `PROSE_SECONDS`."""
    paragraphs = document.paragraphs
    key = id(document)
    cached = _READ.get(key)
    if cached is not None:
        ref, read_with, texts, prose = cached
        if (
            ref() is document
            and read_with == convention
            and len(texts) == len(paragraphs)
            and all(p is q and p.text is t for p, (q, t) in zip(paragraphs, texts, strict=True))
        ):
            return prose
    prose = _read_prose(paragraphs, convention, time.monotonic() + PROSE_SECONDS)
    _READ.pop(key, None)
    ref = weakref.ref(document, lambda _: _READ.pop(key, None))  # forgotten with the document
    _READ[key] = (ref, convention, [(p, p.text) for p in paragraphs], prose)
    while len(_READ) > _READ_KEPT:
        del _READ[next(iter(_READ))]
    return prose


# The last few documents read, by id (checked against a weak reference, so a new document
# given a freed one's id is read anew; dropped when the document is), with the paragraphs
# and texts they were read from.
_READ: dict[
    int,
    tuple[weakref.ref[Document], Convention, list[tuple[Paragraph, str]], ProseClaims],
] = {}
_READ_KEPT = 4


def _read_prose(
    paragraphs: list[Paragraph], convention: Convention, deadline: float
) -> ProseClaims:
    read = []
    for index, paragraph in enumerate(paragraphs):
        texts = sentences(paragraph.text)
        claims, done = _read_paragraph(paragraph, texts, convention, deadline)
        read.append(claims)
        if done < len(texts):  # out of time: the rest is counted, not read
            rest = [*texts[done:], *(p.text for p in paragraphs[index + 1 :])]
            return ProseClaims(tuple(read), max(1, _figures_in(rest)))
    return ProseClaims(tuple(read))


def _read_paragraph(
    paragraph: Paragraph, texts: list[str], convention: Convention, deadline: float
) -> tuple[ParagraphClaims, int]:
    """The claims of the sentences `texts` read before `deadline`, and how many were read."""
    location = paragraph.location
    figures: list[Claim] = []
    counts: list[CountClaim] = []
    amounts: list[AmountClaim] = []
    predicates: list[PredicateClaim] = []
    previous: _Sentence | None = None
    done = 0
    for text in texts:
        if time.monotonic() > deadline:
            break
        sentence = _Sentence(text)
        figures += _claims_in(sentence, location, convention)
        counts += _counts_in(text, location)
        amounts += _amounts_in(text, location, convention)
        predicates += _predicates_in(sentence, previous, location, convention)
        previous = sentence
        done += 1
    claims = ParagraphClaims(
        paragraph, tuple(figures), tuple(counts), tuple(amounts), tuple(predicates)
    )
    return claims, done


def _figures_in(texts: Iterable[str]) -> int:
    """How many figures the texts hold as `_claims_in` finds them, bar those it drops by
    their context (a formula's, a norm's): one pass, no context, so never fewer."""
    return sum(
        1
        for text in texts
        for m in NUMBER_RE.finditer(text)
        if (m.group("percent") or m.group("lead")) and not BARE_YEAR_RE.match(m.group("number"))
    )


# --- what the prose claims, for the summary ---------------------------------------------


def claim_statistics(document: Document, convention: Convention) -> dict[str, int]:
    """How many claims of each type the prose makes, and how many have a clear subject.

    `figure`: percentages and introduced values (an indicator's capaian, realisasi or
    target; which indicator is decided against the tables); `count`: numbers of programs,
    kegiatan or sub kegiatan, `count_whole` of them about the agency's whole year;
    `amount`: Rupiah amounts, `amount_total` of them stated as the whole budget or
    realisation; `predicate`: predicates stated next to a percentage. A count or amount
    that is not `_whole`/`_total` has no subject the tables can be checked against: it is
    not checked. `unread`: the figures of the prose left unread when its time budget ran
    out (`PROSE_SECONDS`), counted in `figure` too, so that what was not read is never
    reported as checked.
    """
    prose = prose_claims(document, convention)
    counts = [c for p in prose.paragraphs for c in p.counts]
    amounts = [a for p in prose.paragraphs for a in p.amounts]
    return {
        "figure": sum(len(p.figures) for p in prose.paragraphs) + prose.unread,
        "count": len(counts),
        "count_whole": sum(c.whole for c in counts),
        "amount": len(amounts),
        "amount_total": sum(a.total for a in amounts),
        "predicate": sum(len(p.predicates) for p in prose.paragraphs),
        "unread": prose.unread,
    }
