"""Great Expectations (GX): an optional second engine and an exporter, same verdicts.

GX costs ~2 s to import and ~5 ms per expectation, so the native engine stays the default
and nothing here imports GX until `--engine gx` or `export-gx` asks for it. The modules:

- `frames`: the recognised tables as flat frames (numbers as `Decimal` that keep their
  printed decimals, plus companion columns for alternative readings, exactness and the
  cells a row sums), and their CSV form — no GX needed;
- `conditions`: the row-wise verdicts of our custom expectations, computed with the same
  interval arithmetic as the checks — no GX needed;
- `suites`: the rule packs as GX expectation configurations, one suite per table kind, and
  which rules GX cannot express (and why) — no GX needed;
- `expectations`: the custom GX 1.x expectations (imports GX; importing registers them);
- `engine`: `--engine gx`, run through an ephemeral GX context;
- `export`: `export-gx`, the datasets, suites and a snippet for a user's own GX context.
"""

from __future__ import annotations

from types import ModuleType

from auditor.errors import AuditorError
from auditor.i18n import Lang, label


class GXMissingError(AuditorError):
    """Great Expectations is not installed (exit 3, with the command that installs it)."""


def require_gx(lang: Lang = Lang.ID) -> ModuleType:
    """Import Great Expectations, or fail with one line saying how to install it."""
    try:
        import great_expectations
    except ImportError:
        raise GXMissingError(label("gx_missing", lang)) from None
    return great_expectations
