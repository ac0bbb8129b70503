"""Safe opening of ZIP-based office files (.docx, .xlsx) before a parser library sees them.

Office Open XML files are ZIP archives. A hostile or broken one must give one clear
`InputError`, never a traceback, a hang or an exhausted memory, so a reader first calls

    data = read_zip_safely(path, DOCX)        # or XLSX
    document = some_library.load(io.BytesIO(data))

which reads the file once, checks it, and returns its bytes (hash them, parse them; the
input file is never opened for writing). Checks, in order: a file larger than the limit
(not even read); an OLE compound file (a legacy binary .doc/.xls renamed, or a
password-protected OOXML file, which Office encrypts into an OLE container); not a ZIP
archive (or a truncated one: no central directory); the format's main part missing; a
member whose declared size is large and whose compression ratio is extreme (a zip bomb);
a total uncompressed size over the limit. The limit is the file-size limit in force
(`--max-file-mb`), for the unpacked content is what the parser holds in memory.

The declared sizes are enough: Python's `zipfile` never inflates a member beyond its
declared size (it stops there and reports a CRC error), so a member cannot lie its way
past these limits.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError
from auditor.limits import MB, current, option

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
MAX_RATIO = 100  # inflated : compressed, for any member larger than BOMB_MEMBER_SIZE
BOMB_MEMBER_SIZE = 10 * MB
RAISE = f"; raise the limit with {option('max_file_mb')}"


@dataclass(frozen=True)
class ZipFormat:
    """What a ZIP-based format is called and which member it cannot do without."""

    name: str  # for messages: "Word .docx"
    suffix: str  # ".docx"
    legacy_suffix: str  # ".doc": what an OLE file with this suffix usually is
    main_member: str  # "word/document.xml"

    @property
    def article(self) -> str:
        return "an" if self.name[0] in "AEIOU" else "a"


DOCX = ZipFormat("Word .docx", ".docx", ".doc", "word/document.xml")
XLSX = ZipFormat("Excel .xlsx", ".xlsx", ".xls", "xl/workbook.xml")


def read_zip_safely(path: Path, fmt: ZipFormat, max_uncompressed: int | None = None) -> bytes:
    """Return the bytes of `path` once they are known to be a sane `fmt` archive.

    `max_uncompressed` (bytes) limits the file and its inflated content; by default, the
    file-size limit in force. Raises `InputError` (message names the file) for anything
    else; see the module text.
    """
    if max_uncompressed is None:
        max_uncompressed = current().max_file_bytes
    size = path.stat().st_size
    if size > max_uncompressed:  # not even read: an office file is smaller than its content
        raise InputError(f"{path}: too large: {_mb(size)} (limit {_mb(max_uncompressed)}){RAISE}")
    data = path.read_bytes()
    if data.startswith(OLE_SIGNATURE):
        raise InputError(
            f"{path}: encrypted or legacy {fmt.legacy_suffix} file; "
            f"save it as {fmt.suffix} without a password"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, NotImplementedError, ValueError, EOFError) as exc:
        if data.startswith(ZIP_SIGNATURE):
            raise InputError(f"{path}: {fmt.name} file is damaged or truncated ({exc})") from None
        raise InputError(f"{path}: not {fmt.article} {fmt.name} file (not a ZIP archive)") from None
    if fmt.main_member not in {m.filename for m in members}:
        raise InputError(
            f"{path}: not {fmt.article} {fmt.name} file (no {fmt.main_member} in the archive)"
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_MEMBER_SIZE and ratio > MAX_RATIO:
            raise InputError(
                f"{path}: looks like a zip bomb ({member.filename} inflates "
                f"{ratio:.0f}:1 to {_mb(member.file_size)})"
            )
    total = sum(m.file_size for m in members)
    if total > max_uncompressed:
        raise InputError(
            f"{path}: too large: {_mb(total)} uncompressed (limit {_mb(max_uncompressed)}){RAISE}"
        )
    return data


def _mb(size: int) -> str:
    return f"{size / MB:.1f} MB"
