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
# A total row: "JUMLAH", "TOTAL", "Jumlah Total", "Jumlah Belanja (Langsung)", "Total
# Anggaran", "Subtotal Program I"; not an indicator that counts ("Jumlah UMKM naik kelas").
TOTAL_RE = re.compile(
    r"^(?:grand\s+|sub\s*)?(?:total|jumlah)(?:\s+(?:total|keseluruhan|seluruhnya|umum|akhir"
    r"|belanja|anggaran|pagu|pendapatan|penerimaan|realisasi|program|kegiatan|sub\s*kegiatan"
    r"|[a-z]|[ivx]{1,4})\b.*)?\s*:?$",
    re.IGNORECASE,
)
# A mean row: "RATA-RATA", "Rata-rata Capaian (Kinerja)", "Rerata"; not an indicator
# ("Rata-rata lama sekolah").
MEAN_RE = re.compile(
    r"^(?:nilai\s+)?(?:rata[\s-]*rata|rerata)(?:\s+(?:capaian|kinerja|nilai|keseluruhan|per\b)\b.*)?"
    r"\s*:?$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RowPosition:
    key: str | None  # "B.2.3"; None for rows without a code
    code: str | None  # the code as printed, normalised: "2.3"
    depth: int | None  # 0 for a section, n for an n-part code
    parent: str | None  # key of the nearest existing ancestor
    role: str  # section | item | total | mean | group | blank


def parse_code(text: str) -> tuple[str | None, str | None]:
    """Return ("section", letter) or ("number", "1.2.3") or (None, None)."""
    text = text.strip().replace(" ", "")
    if m := SECTION_RE.match(text):
        return "section", m.group("section")
    if m := NUMERIC_RE.match(text):
        return "number", m.group("parts")
    return None, None


# Uncoded budget rows named by their level: "Program …" › "Kegiatan …" › "Sub Kegiatan …".
# Spending by kind: "Belanja Operasi" › "Belanja Pegawai", "Belanja Modal" › "Belanja Modal
# Gedung dan Bangunan" (Permendagri 90/2019 kelompok › jenis). Their depths lie beyond any
# profile's `levels`, so they are never counted as programs or kegiatan.
LEVEL_WORD_RE = re.compile(
    r"^(?:(?P<kelompok>belanja\s+(?:operasi|modal|tidak\s+terduga|transfer)\s*$)|(?P<jenis>belanja)"
    r"|(?P<urusan>urusan)|(?P<program>program)|(?P<sub>sub\s*kegiatan)|(?P<kegiatan>kegiatan))\b",
    re.IGNORECASE,
)
LEVEL_DEPTHS = {"urusan": 0, "program": 1, "kegiatan": 2, "sub": 3, "kelompok": 8, "jenis": 9}


def build_hierarchy(codes: list[str], labels: list[str]) -> list[RowPosition]:
    """Positions for rows given their code cell text and label text (in table order);
    for a table without codes whose rows name two or more levels, see `_by_level_words`.

    A section letter printed again ("A." after "A." and its rows: two tables run together)
    starts a section of its own, "A#2", as numbering does: its rows are its children, not
    the first "A"'s too.
    """
    if not any(c.strip() for c in codes) and (worded := _by_level_words(labels)) is not None:
        return worded
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
        elif MEAN_RE.match(first_text) or MEAN_RE.match(label.strip()):
            positions.append(RowPosition(None, None, None, None, "mean"))
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


def level_name(label: str) -> str | None:
    """The level a label names: urusan, program, kegiatan or sub_kegiatan; else None."""
    match = LEVEL_WORD_RE.match(label.strip())
    group = match.lastgroup if match else None
    return {"sub": "sub_kegiatan"}.get(group or "", group)


def _level(label: str) -> int | None:
    match = LEVEL_WORD_RE.match(label.strip())
    return LEVEL_DEPTHS[match.lastgroup] if match and match.lastgroup else None


def _by_level_words(labels: list[str]) -> list[RowPosition] | None:
    """Rows without codes whose labels name their level ("Program …", "Kegiatan …", "Sub
    Kegiatan …"; "Belanja Operasi" › "Belanja Pegawai"): each row's parent is the nearest
    row above of a shallower level. Keys are the rows' numbers. None unless two or more
    levels are named and the first named row is of the top one (a flat list stays flat)."""
    levels = [_level(label) for label in labels]
    named = [lv for lv in levels if lv is not None]
    if len(set(named)) < 2 or named[0] != min(named):
        return None  # a flat list, or no tree: the first named row is not of the top level
    positions: list[RowPosition] = []
    stack: list[tuple[int, str]] = []  # (depth, key) of the open ancestors
    for n, (label, level) in enumerate(zip(labels, levels, strict=True), 1):
        text = label.strip()
        if level is None:
            role = "total" if TOTAL_RE.match(text) else "mean" if MEAN_RE.match(text) else None
            if role is None:
                role = "group" if text else "blank"
                positions.append(RowPosition(None, None, None, None, role))
            else:
                stack = []
                positions.append(RowPosition(None, None, None, None, role))
            continue
        while stack and stack[-1][0] >= level:
            stack.pop()
        key = str(n)
        positions.append(RowPosition(key, None, level, stack[-1][1] if stack else None, "item"))
        stack.append((level, key))
    return positions
