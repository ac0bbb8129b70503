"""Readers: turn a file of any supported format into one `Document`."""

from __future__ import annotations

from pathlib import Path

from auditor.errors import InputError
from auditor.model import Document

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown"}


def read_document(path: str | Path) -> Document:
    """Read `path` with the reader its suffix names; raise `InputError` if it cannot."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        from auditor.ingest.text import read_text

        return read_text(path)
    raise InputError(
        f"unsupported file type '{suffix or path.name}': expected one of "
        + ", ".join(sorted(TEXT_SUFFIXES))
    )
