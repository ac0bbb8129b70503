"""Normalised keys for indicator, sasaran and program names.

The same indicator is printed differently from table to table: case, spacing, "ber
akreditasi" / "berakreditasi", "Penerima" / "Penerimaan", "%" / "Persentase", "Kab/ Kota" /
"Kabupaten/Kota", punctuation. `name_key` maps all of those to one key.
"""

from __future__ import annotations

import re
import unicodedata

# Detached Indonesian prefixes that are sometimes typed as a separate word.
_PREFIXES = {"ber", "ter", "di", "ke", "se", "me", "pe", "per"}
_ABBREVIATIONS = {"kab": "kabupaten", "kota": "kota", "%": "persentase", "&": "dan", "yg": "yang"}
# Leading labels such as "Sasaran 1:" or "Program" that tables add or omit.
_LEADING_LABEL = re.compile(r"^(?:sasaran|tujuan)\s*[0-9]*\s*:\s*", re.IGNORECASE)


def _stem(token: str) -> str:
    # "penerimaan" and "penerima" are the same word for matching; so are "-nya" forms.
    for suffix in ("nya", "an"):
        if len(token) > len(suffix) + 4 and token.endswith(suffix):
            return token[: -len(suffix)]
    return token


def name_key(text: str) -> str:
    """A comparison key for a name: lower case, no punctuation, prefixes joined, stemmed."""
    text = unicodedata.normalize("NFKC", text).lower()
    text = _LEADING_LABEL.sub("", text.strip())
    text = text.replace("%", " % ").replace("&", " & ")
    tokens = re.findall(r"[a-z0-9]+|%|&", text)
    joined: list[str] = []
    for token in tokens:
        token = _ABBREVIATIONS.get(token, token)
        if joined and joined[-1] in _PREFIXES:
            joined[-1] += token
        else:
            joined.append(token)
    return " ".join(_stem(t) for t in joined)
