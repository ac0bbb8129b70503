"""Achievement counts stated in the prose: "dari 8 indikator, 6 indikator tercapai",
"5 (lima) dari 7 indikator kinerja telah mencapai target".

Each claim keeps the sentence and where the count is in it, so a finding can quote it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from auditor.model import Document, Location

_NUMBER = r"(?P<{0}>[0-9]{{1,3}})(?:\s*\([a-z ]+\))?"
_ACHIEVED = (
    r"(?:telah\s+|sudah\s+|berhasil\s+)?(?:tercapai|mencapai\s+target|memenuhi\s+target|"
    r"mencapai\s+(?:atau\s+melampaui\s+)?target|berhasil\s+dicapai)"
)
# "6 (enam) dari 8 indikator ... tercapai" and "dari 8 indikator, 6 indikator ... tercapai".
_CLAIMS = (
    re.compile(
        _NUMBER.format("achieved")
        + r"\s+(?:indikator\s+)?dari\s+(?:total\s+|keseluruhan\s+)?"
        + _NUMBER.format("total")
        + r"\s+indikator\b[^.;]{0,60}?\b"
        + _ACHIEVED,
        re.IGNORECASE,
    ),
    re.compile(
        r"\bdari\s+(?:total\s+|keseluruhan\s+)?"
        + _NUMBER.format("total")
        + r"\s+indikator\b[^.;]{0,60}?(?:terdapat\s+|sebanyak\s+|,\s*)"
        + _NUMBER.format("achieved")
        + r"\s+(?:indikator\s+)?(?:\w+\s+){0,3}?"
        + _ACHIEVED,
        re.IGNORECASE,
    ),
)


@dataclass(frozen=True)
class AchievedClaim:
    """ "6 dari 8 indikator tercapai": how many indicators the prose says reached target."""

    sentence: str
    achieved: int
    total: int
    raw: str  # the claim as printed
    start: int  # where it is in the sentence
    location: Location


def achieved_claims(document: Document) -> list[AchievedClaim]:
    """Every achievement count of the document's prose, in order."""
    found = []
    for paragraph in document.paragraphs:
        text = paragraph.text
        for pattern in _CLAIMS:
            for match in pattern.finditer(text):
                found.append(
                    AchievedClaim(
                        text,
                        int(match["achieved"]),
                        int(match["total"]),
                        match.group(0),
                        match.start(),
                        paragraph.location,
                    )
                )
    return found
