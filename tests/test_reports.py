"""The committed files in reports/ are exactly what `python reports/regenerate.py` writes."""

from __future__ import annotations

import difflib
import importlib.util
from pathlib import Path

import pytest

REPORTS = Path(__file__).resolve().parent.parent / "reports"
spec = importlib.util.spec_from_file_location("regenerate", REPORTS / "regenerate.py")
regenerate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(regenerate)


@pytest.mark.parametrize(
    ("name", "args"), regenerate.OUTPUTS, ids=[o[0] for o in regenerate.OUTPUTS]
)
def test_report_has_not_drifted(name, args):
    expected = (REPORTS / name).read_text(encoding="utf-8")
    actual = regenerate.render(args)
    if actual != expected:
        diff = "".join(
            list(
                difflib.unified_diff(
                    expected.splitlines(True),
                    actual.splitlines(True),
                    f"reports/{name} (committed)",
                    f"reports/{name} (now)",
                )
            )[:80]
        )
        pytest.fail(f"reports/{name} drifted; run `python reports/regenerate.py`:\n{diff}")
