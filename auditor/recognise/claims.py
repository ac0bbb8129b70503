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

from auditor.model import Location, Paragraph
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
    return [s.strip() for s in SENTENCE_END_RE.split(text) if s.strip()]


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
