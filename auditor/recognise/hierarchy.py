"""Row codes and the parent/child hierarchy they describe.

Budget tables number their rows "A." (urusan section), "1." (program), "1.1" (kegiatan),
"1.1.1" (sub kegiatan). Numbering restarts under each section, so a row's key carries its
section: "B.2.3". A code may skip a number (official nomenclature: "2.1.2" without
"2.1.1"), so a parent is the nearest existing ancestor, not an assumed one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

SECTION_RE = re.compile(r"^(?P<section>[A-Z]|[IVX]{1,4})\.?$")
NUMERIC_RE = re.compile(r"^(?P<parts>[0-9]{1,3}(?:\.[0-9]{1,3})*)\.?$")
TOTAL_RE = re.compile(r"^(?:grand\s+)?(?:total|jumlah|sub\s*total)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RowPosition:
    key: str | None  # "B.2.3"; None for rows without a code
    code: str | None  # the code as printed, normalised: "2.3"
    depth: int | None  # 0 for a section, n for an n-part code
    parent: str | None  # key of the nearest existing ancestor
    role: str  # section | item | total | group | blank


def parse_code(text: str) -> tuple[str | None, str | None]:
    """Return ("section", letter) or ("number", "1.2.3") or (None, None)."""
    text = text.strip().replace(" ", "")
    if m := SECTION_RE.match(text):
        return "section", m.group("section")
    if m := NUMERIC_RE.match(text):
        return "number", m.group("parts")
    return None, None


def build_hierarchy(codes: list[str], labels: list[str]) -> list[RowPosition]:
    """Positions for rows given their code cell text and label text (in table order).

    A section letter printed again ("A." after "A." and its rows: two tables run together)
    starts a section of its own, "A#2", as numbering does: its rows are its children, not
    the first "A"'s too.
    """
    positions: list[RowPosition] = []
    section: str | None = None
    section_key: str | None = None
    seen: dict[str, int] = {}  # key -> the last "#n" given to it (1: the key itself)
    # Code as written -> the key of its latest occurrence, so that numbering restarting
    # without a section letter links "1.1" to the *latest* "1" ("1#2"), not the first.
    latest: dict[str, str] = {}
    for code_text, label in zip(codes, labels, strict=True):
        kind, value = parse_code(code_text)
        if kind == "section":
            assert value is not None
            section = value
            section_key = key = _unique(value, seen)
            latest[value] = key
            positions.append(RowPosition(key, value, 0, None, "section"))
            continue
        if kind == "number":
            assert value is not None
            prefix = f"{section}." if section else ""
            key = _unique(prefix + value, seen)
            parts = value.split(".")
            parent = section_key
            for cut in range(len(parts) - 1, 0, -1):
                candidate = prefix + ".".join(parts[:cut])
                if candidate in latest:
                    parent = latest[candidate]
                    break
            latest[prefix + value] = key
            positions.append(RowPosition(key, value, len(parts), parent, "item"))
            continue
        first_text = (code_text or label).strip()
        if TOTAL_RE.match(first_text) or TOTAL_RE.match(label.strip()):
            positions.append(RowPosition(None, None, None, None, "total"))
        elif (code_text + label).strip():
            positions.append(RowPosition(None, None, None, None, "group"))
        else:
            positions.append(RowPosition(None, None, None, None, "blank"))
    return positions


def _unique(key: str, seen: dict[str, int]) -> str:
    """The key, or for a key given before its next "#n" ("1#2": numbering that restarts
    without a section letter, e.g. under group rows). Codes have no "#", so the suffixes
    given to a key are 2, 3, … in turn: counted, not searched for."""
    n = seen.get(key, 0) + 1
    seen[key] = n
    return key if n == 1 else f"{key}#{n}"
