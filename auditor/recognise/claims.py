"""Numeric claims in the prose: "... adalah sebesar 143,94% dengan predikat ...".

A claim is one number in one sentence with what the sentence says it measures: capaian
(achievement), realisasi (realisation) or target, by the nearest such word before the
number, and the year when the sentence names one ("Tahun 2022 adalah sebesar 60,81").
Years, list numbering and regulation numbers are not claims. Which indicator a claim is
about is decided by the checks, which know the tables' indicator names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.model import Document, Location, Paragraph
from auditor.numbers import Convention, ParsedNumber, parse_number

SENTENCE_END_RE = re.compile(r"(?<=[.!?])\s+(?=[\"“*]*[A-Z0-9])")
# A number that is a percentage, or follows a word that introduces a value.
NUMBER_RE = re.compile(
    r"(?P<lead>\b(?:sebesar|adalah|mencapai|menjadi|yaitu|hanya|capaian|realisasi|target)\s+)?"
    r"(?<![\w.,/])(?P<number>[0-9]{1,3}(?:\.[0-9]{3})+(?:,[0-9]+)?|[0-9]+(?:[.,][0-9]+)?)"
    r"(?![\w/]|[.,][0-9])(?P<percent>\s?%|\s+persen\b)?",
    re.IGNORECASE,
)
# "capaian realisasi" is an achievement; "nilai" (value) states the indicator itself.
QUANTITY_RE = re.compile(
    r"\b(?P<capaian>capaian(?:nya)?(?:\s+realisasi)?)\b"
    r"|\b(?P<realisasi>realisasi(?:nya)?|terealisasi|nilai)\b"
    r"|\b(?P<target>target(?:nya)?|ditargetkan)\b",
    re.IGNORECASE,
)
YEAR_RE = re.compile(r"\btahun\s+((?:19|20)[0-9]{2})\b", re.IGNORECASE)
BARE_YEAR_RE = re.compile(r"^(?:19|20)[0-9]{2}$")


@dataclass(frozen=True)
class Claim:
    sentence: str
    raw: str  # the number as printed, with its % sign
    number: ParsedNumber
    quantity: str | None  # capaian | realisasi | target | None (not said)
    year: int | None
    location: Location


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph; a split after an abbreviation ("Rp.", "sub.") is joined."""
    out: list[str] = []
    for piece in (s.strip() for s in SENTENCE_END_RE.split(text)):
        if not piece:
            continue
        if out and _ABBREVIATION_END_RE.search(out[-1]):
            out[-1] = f"{out[-1]} {piece}"
        else:
            out.append(piece)
    return out


def _claims_in(sentence: str, location: Location, convention: Convention) -> list[Claim]:
    claims = []
    for match in NUMBER_RE.finditer(sentence):
        number, percent = match.group("number"), match.group("percent")
        if not (percent or match.group("lead")) or BARE_YEAR_RE.match(number):
            continue  # a count in passing, a year or a list number: not a claim
        before = sentence[: match.start("number")]
        quantities = list(QUANTITY_RE.finditer(before))
        quantity = quantities[-1].lastgroup if quantities else None
        years = YEAR_RE.findall(before)
        raw = number + ("%" if percent else "")
        claims.append(
            Claim(
                sentence=sentence,
                raw=raw,
                number=parse_number(raw, convention),
                quantity=quantity,
                year=int(years[-1]) if years else None,
                location=location,
            )
        )
    return claims


def extract_claims(paragraph: Paragraph, convention: Convention) -> list[Claim]:
    """The numeric claims of one paragraph, sentence by sentence, in order."""
    return [
        claim
        for sentence in sentences(paragraph.text)
        for claim in _claims_in(sentence, paragraph.location, convention)
    ]


# An abbreviation the sentence splitter takes for a full stop: "Rp. 31.294.422.433,00",
# "2 (dua) sub. Kegiatan", "Nomor. 12".
_ABBREVIATION_END_RE = re.compile(r"\b(?:rp|idr|sub|no|nomor)\.$", re.IGNORECASE)


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
# A number that belongs to a year, a regulation or a table, not to a count.
_COUNT_PREFIX_RE = re.compile(
    r"(?:\btahun(?:\s+anggaran)?|\bnomor|\bno\.?|\bpasal|\bayat|\btabel|\blampiran|\bbab"
    r"|\bsalah)\s*$",
    re.IGNORECASE,
)
# A restricted subset right after the level word: "3 program unggulan", "2 kegiatan yang
# belum terealisasi", "5 sub kegiatan dari 38".
_SUBSET_RE = re.compile(
    r"^[*_]*\s*(?:unggulan|prioritas|strategis|inovasi|inovatif|baru|fisik|non\s*fisik|dak\b"
    r"|yang\b|dari\s+[0-9]|di\s*antaranya|diantaranya|tidak\b|belum\b|gagal\b|batal\b"
    r"|dibatalkan\b|di\s*bawah\b|di\s*atas\b|melebihi\b|memiliki\b|mempunyai\b"
    r"|dengan\s+(?:realisasi|capaian|penyerapan|serapan|persentase))",
    re.IGNORECASE,
)
# The sentence speaks of the agency's whole budget year.
WHOLE_YEAR_RE = re.compile(
    r"\btelah\s+melaksanakan\b|\bmelaksanakan\b.*\bprogram\b|\btahun\s+anggaran\b"
    r"|\bterdiri\s+(?:atas|dari)\b.*\bprogram\b|\bsebanyak\s+\S+\s+(?:\([^)]*\)\s*)?program\b",
    re.IGNORECASE,
)
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


def _counts_in(sentence: str, location: Location) -> list[CountClaim]:
    found = []
    for match in COUNT_RE.finditer(sentence):
        before = sentence[: match.start()]
        if not before.strip(" *_-•") or _COUNT_PREFIX_RE.search(before):
            continue  # a list number opening the sentence, a year, a regulation number
        if _SUBSET_RE.match(sentence[match.end() :].lstrip()):
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
    specific = SPECIFIC_UNIT_RE.search(sentence[:first]) is not None
    levels = {level for *_, level in found}
    whole = not specific and (len(levels) >= 2 or WHOLE_YEAR_RE.search(sentence) is not None)
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
_UNIT_PRICE_RE = re.compile(r"^\s*(?:per\b|/|setiap\b|tiap\b)", re.IGNORECASE)


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
    found = []
    for match in AMOUNT_RE.finditer(sentence):
        number = parse_number(match.group("number"), convention)
        if not number.is_number:
            continue
        scale = match.group("scale")
        before = sentence[: match.start()]
        words = [w for w in AMOUNT_WORD_RE.finditer(before) if w.lastgroup != "date"]
        last = words[-1] if words else None
        quantity = last.lastgroup if last and last.lastgroup != "other" else None
        between = before[last.end() :] if last else before
        total = (
            quantity is not None
            and not AMOUNT_RE.search(between)
            and not _PART_RE.search(between)
            and not _UNIT_PRICE_RE.match(sentence[match.end() :])
            and not SPECIFIC_UNIT_RE.search(before)
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
PREDICATE_RE = re.compile(
    r"\b(?:predikat|kategori|kriteria)(?:nya)?(?:\s+(?:capaian|kinerja|penilaian))*\s*[:=]?"
    r"\s*[\"“”'‘’*_]*\s*(?P<phrase>[^\W\d_][^\W\d_ ]*(?:\s+[^\W\d_][^\W\d_ ]*){0,3})",
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


def _qualified(text: str, end: int) -> tuple[re.Match[str], str | None] | None:
    """The percentage before position `end` a predicate there qualifies, with its quantity:
    the last one stated as an achievement ("capaian ... 143,94%"), else the nearest one."""
    found = []
    for percent in PERCENT_RE.finditer(text, 0, end):
        words = list(QUANTITY_RE.finditer(text, 0, percent.start()))
        found.append((percent, words[-1].lastgroup if words else None))
    achievements = [f for f in found if f[1] == "capaian"]
    chosen = achievements or found
    return chosen[-1] if chosen else None


def extract_predicates(paragraph: Paragraph, convention: Convention) -> list[PredicateClaim]:
    """Predicates with the percentage they qualify: in the same sentence, the last one stated
    as an achievement before the keyword, else the nearest one before it; else (a sentence
    that opens with "dengan predikat", split off after "61,47%.") the same in the sentence
    before; else the first one after the keyword."""
    claims = []
    previous: str | None = None
    for sentence in sentences(paragraph.text):
        for match in PREDICATE_RE.finditer(sentence):
            found, context, offset = _qualified(sentence, match.start()), sentence, 0
            if found is None and previous is not None and _CONTINUATION_RE.match(sentence):
                found = _qualified(previous, len(previous))
                if found is not None:
                    context, offset = f"{previous} {sentence}", len(previous) + 1
            if found is None:
                after = PERCENT_RE.search(sentence, match.end())
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
                    location=paragraph.location,
                    start=offset + match.start(),
                    quantity=quantity,
                )
            )
        previous = sentence
    return claims


def excerpt(sentence: str, start: int, width: int = 160) -> str:
    """The sentence, or a window of it around position `start`, at most `width` long."""
    if len(sentence) <= width:
        return sentence
    lo = max(0, min(start - width // 2, len(sentence) - width))
    lo = sentence.rfind(" ", 0, lo) + 1 if lo else 0  # whole words
    text = sentence[lo : lo + width]
    if lo + width < len(sentence):
        text = text[: text.rfind(" ")] + "..." if " " in text else text + "..."
    return ("..." if lo else "") + text


# --- what the prose claims, for the summary ---------------------------------------------


def claim_statistics(document: Document, convention: Convention) -> dict[str, int]:
    """How many claims of each type the prose makes, and how many have a clear subject.

    `figure`: percentages and introduced values (an indicator's capaian, realisasi or
    target; which indicator is decided against the tables); `count`: numbers of programs,
    kegiatan or sub kegiatan, `count_whole` of them about the agency's whole year;
    `amount`: Rupiah amounts, `amount_total` of them stated as the whole budget or
    realisation; `predicate`: predicates stated next to a percentage. A count or amount
    that is not `_whole`/`_total` has no subject the tables can be checked against: it is
    not checked.
    """
    paragraphs = document.paragraphs
    counts = [c for p in paragraphs for c in extract_counts(p)]
    amounts = [a for p in paragraphs for a in extract_amounts(p, convention)]
    return {
        "figure": sum(len(extract_claims(p, convention)) for p in paragraphs),
        "count": len(counts),
        "count_whole": sum(c.whole for c in counts),
        "amount": len(amounts),
        "amount_total": sum(a.total for a in amounts),
        "predicate": sum(len(extract_predicates(p, convention)) for p in paragraphs),
    }
