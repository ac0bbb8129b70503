"""Readers: turn a file of any supported format into one `Document`."""

from __future__ import annotations

import importlib
import stat
from collections.abc import Callable
from pathlib import Path

from auditor.errors import InputError
from auditor.limits import LimitError, check_file_size
from auditor.model import Document

# Suffix → (module, function). Modules are imported only when a file of theirs is read, so
# `--help` and text input never load python-docx (or any other format's library).
READERS: dict[str, tuple[str, str]] = {
    ".txt": ("auditor.ingest.text", "read_text"),
    ".text": ("auditor.ingest.text", "read_text"),
    ".md": ("auditor.ingest.text", "read_text"),
    ".markdown": ("auditor.ingest.text", "read_text"),
    ".docx": ("auditor.ingest.docx", "read_docx"),
    ".pdf": ("auditor.ingest.pdf", "read_pdf"),
    ".xlsx": ("auditor.ingest.xlsx", "read_xlsx"),
    ".xlsm": ("auditor.ingest.xlsx", "read_xlsx"),
}


def read_document(path: str | Path) -> Document:
    """Read `path` with the reader its suffix names; raise `InputError` if it cannot.

    The size limits in force (`auditor.limits.current()`) apply: the file's size is checked
    before it is read, the readers check the rest.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:  # a dangling symbolic link too
        raise InputError(f"{path}: file not found") from None
    except OSError as exc:  # a symbolic link loop, a folder we may not enter
        raise InputError(f"{path}: cannot open: {exc.strerror}") from None
    if not stat.S_ISREG(info.st_mode):  # a folder; a pipe or a device might never end
        raise InputError(f"{path}: not a file")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(
            f"unsupported file type '{suffix or path.name}': expected one of "
            + ", ".join(sorted(READERS))
        )
    module, function = READERS[suffix]
    try:
        check_file_size(info.st_size)
        read: Callable[[Path], Document] = getattr(importlib.import_module(module), function)
        return read(path)
    except LimitError as exc:
        raise InputError(f"{path}: {exc}") from None
