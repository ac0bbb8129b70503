"""Errors the CLI turns into one clear line on stderr and exit code 3, and the escaping
that keeps any text it prints (a file name, a document's words) to what it says."""

import re

# C0 controls (newline and tab included), DEL, C1 controls, the Unicode line and paragraph
# separators, and the bidirectional overrides and isolates, which reorder what is shown.
_BEYOND_C0 = "\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069"
CONTROL = re.compile(f"[\x00-\x1f{_BEYOND_C0}]")
_CONTROL_IN_LINES = re.compile(f"[\x00-\x08\x0b-\x1f{_BEYOND_C0}]")  # TAB and LF kept


def printable(text: str) -> str:
    """`text` with each control character shown as an escape (`\\n`, `\\x1b`, `\\u202e`):
    printed, a file name or a document's text can neither clear the screen, retitle the
    window, reorder what follows nor start a line of its own."""
    return CONTROL.sub(lambda m: repr(m.group())[1:-1], text)


def printable_lines(text: str) -> str:
    """`printable`, but line breaks and TABs stay: for text laid out in lines (Markdown,
    a document's TAB-separated table)."""
    return _CONTROL_IN_LINES.sub(lambda m: repr(m.group())[1:-1], text)


class AuditorError(Exception):
    """Base class: unreadable input or an invalid rule pack / table profile."""

    exit_code = 3


class InputError(AuditorError):
    """The input document cannot be read (missing, wrong format, corrupt, too large)."""


class ConfigError(AuditorError):
    """A rule pack or table profile is invalid; the message names the file and line."""


class OutputError(AuditorError):
    """An output cannot be written; the message names the output, not the input."""
