"""Readers: turn a file of any supported format into one `Document`."""

from __future__ import annotations

import importlib
from pathlib import Path

from auditor.errors import InputError
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
    """Read `path` with the reader its suffix names; raise `InputError` if it cannot."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"file not found: {path}")
    if not path.is_file():
        raise InputError(f"not a file: {path}")
    suffix = path.suffix.lower()
    if suffix not in READERS:
        raise InputError(
            f"unsupported file type '{suffix or path.name}': expected one of "
            + ", ".join(sorted(READERS))
        )
    module, function = READERS[suffix]
    return getattr(importlib.import_module(module), function)(path)
