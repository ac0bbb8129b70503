"""Who wrote the report: the agency's name, read from the prose.

LKjIPs name their agency again and again ("Dinas Kesehatan ... Kabupaten Contoh"); the
most frequent such phrase in the first paragraphs is taken, in the form it is most often
printed with mixed case (the cover is often in capitals).
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.model import Document

# An agency name: an organisation word, up to ~12 words, then the region it serves.
AGENCY_RE = re.compile(
    r"\b(?:Dinas|Badan|Sekretariat|Inspektorat|Kantor|Biro|Kecamatan|Kelurahan|Bagian|"
    r"Rumah Sakit|RSUD|Satuan|Kementerian|Lembaga|Direktorat|Balai|Pusat|Unit)"
    r"\b(?:[ ,]+(?!Tahun\b|Kabupaten\b|Kota\b|Provinsi\b)[\w&().-]+){0,12}?"
    r"[ ,]+(?:Kabupaten|Kota|Provinsi|Pemerintah)(?:[ ]+(?!Tahun\b)[A-Z][\w-]*){1,3}",
    re.IGNORECASE,
)
PARAGRAPHS_SCANNED = 60
SMALL_WORDS = {"dan", "serta", "atau", "dari", "pada", "untuk"}  # lower case inside a title


def agency_name(document: Document) -> str | None:
    keys: Counter[str] = Counter()
    forms: dict[str, Counter[str]] = {}
    for paragraph in document.paragraphs[:PARAGRAPHS_SCANNED]:
        for match in AGENCY_RE.finditer(paragraph.text):
            name = re.sub(r"\s+", " ", match.group(0)).strip(" ,")
            key = name.casefold()
            keys[key] += 1
            forms.setdefault(key, Counter())[name] += 1
    if not keys:
        return None
    key = max(keys, key=lambda k: (keys[k], len(k)))
    mixed = [f for f in forms[key] if not f.isupper()]
    if mixed:
        return max(mixed, key=forms[key].__getitem__)
    return " ".join(w if w in SMALL_WORDS else w.capitalize() for w in key.split())
