"""Write outputs atomically, so an interrupted run never leaves half a report behind; and
the CSV cells a spreadsheet would run as formulas, neutralised."""

from __future__ import annotations

import errno
import io
import os
import re
import secrets
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

from auditor.errors import OutputError

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


def csv_text(value: object) -> object:
    """`csv_cell` made reversible, for CSVs this tool reads back (`csv_text_read`): text
    that starts with an apostrophe gets one more, so every leading apostrophe but the
    first is the text's own."""
    if isinstance(value, str) and value.startswith("'"):
        return "'" + value
    return csv_cell(value)


def csv_text_read(value: object) -> object:
    """A cell written by `csv_text`, as it was."""
    if isinstance(value, str) and value.startswith("'"):
        return value[1:]
    return value


def check_output(path: Path) -> None:
    """Refuse, before any work, an output that `write_atomic` would refuse: a symbolic link
    (replacing it would break whatever it serves; writing through it could land anywhere,
    so the file itself must be named), something that is not a file, or a path in a
    folder that cannot be written."""
    try:
        info = os.lstat(path)
    except (FileNotFoundError, NotADirectoryError):  # the folders are checked below
        info = None
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    if info is not None and stat.S_ISLNK(info.st_mode):
        raise OutputError(
            f"{path}: cannot write: it is a symbolic link; name the file itself "
            "(a link is neither replaced nor written through)"
        )
    if info is not None and not stat.S_ISREG(info.st_mode):
        raise OutputError(f"{path}: cannot write: it exists and is not a regular file")
    _check_folders(path, path.parent)


def check_folder(folder: Path) -> None:
    """Refuse, before any work, an output folder that is a file, is under a file or cannot
    be written."""
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{folder}: cannot write: it exists and is not a folder")
    _check_folders(folder, folder)


def make_folder(folder: Path) -> None:
    """Create the output folder `folder` (and its parents); an `OutputError` naming it if
    it cannot be."""
    check_folder(folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise _cannot_write(folder, exc) from None


def _check_folders(output: Path, folder: Path) -> None:
    """The nearest of `folder` and its parents that exists is a folder `output` can be
    created in."""
    for parent in (folder.absolute(), *folder.absolute().parents):
        if parent.exists():
            if not parent.is_dir():
                raise OutputError(f"{output}: cannot write: {parent} is not a folder")
            if not os.access(parent, os.W_OK | os.X_OK):
                raise OutputError(f"{output}: cannot write: {parent}: Permission denied")
            return


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write to a temporary file beside `path`, then rename it over `path`.

    The file gets the mode a new file gets (0666 less the umask), or keeps the mode of the
    file it replaces. The temporary name is short (a long output name must not fail on
    it) and hidden. Any failure is an `OutputError` naming `path`.
    """
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
        fd, tmp = _create_beside(path)
    except OSError as exc:
        raise _cannot_write(path, exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise _cannot_write(path, exc) from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _create_beside(path: Path) -> tuple[int, str]:
    """A new, empty, hidden file in `path`'s folder, created with mode 0666 so the umask
    applies as to any new file (tempfile.mkstemp's are always 0600)."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    for _ in range(100):
        tmp = os.path.join(path.parent, f".lkjip-{secrets.token_hex(6)}.tmp")
        try:
            return os.open(tmp, flags | getattr(os, "O_CLOEXEC", 0), 0o666), tmp
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(path.parent))


def _cannot_write(path: Path, exc: OSError) -> OutputError:
    return OutputError(f"{path}: cannot write: {exc.strerror or exc}")


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
