"""Write outputs atomically, so an interrupted run never leaves half a report behind."""

from __future__ import annotations

import io
import os
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can record
# A spreadsheet reads a cell starting with one of these as a formula (OWASP, "CSV Injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^[+-]?[0-9][0-9.,]*(?:[eE][+-]?[0-9]+)?$")


def csv_cell(value: object) -> object:
    """A cell a spreadsheet shows as text, never runs: text that would start a formula
    gets a leading apostrophe (OWASP's advice); numbers, "-5" and "+3,5" included, stay."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and not PLAIN_NUMBER.match(value)
    ):
        return "'" + value
    return value


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        if isinstance(data, bytes):
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        else:
            with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
                handle.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def stable_zip(
    data: bytes,
    date_time: tuple[int, int, int, int, int, int] = ZIP_TIME,
    edit: Callable[[str, bytes], bytes] | None = None,
) -> bytes:
    """The same zip with every entry stamped `date_time` instead of the clock (zipfile and
    LibreOffice stamp the time of writing), so a rebuilt XLSX/DOCX has the same bytes;
    `edit(name, content)` may rewrite a member on the way."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=date_time)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = item.external_attr
            content = source.read(item)
            target.writestr(info, edit(item.filename, content) if edit else content)
    return out.getvalue()
