"""The scale check's range reader: Indonesian wording and symbols to exact intervals."""

from __future__ import annotations

from decimal import Decimal

import pytest

from auditor.checks.scale import Range, parse_range


def _r(lo: str | None, lo_closed: bool, hi: str | None, hi_closed: bool) -> Range:
    return Range(
        Decimal(lo) if lo is not None else None,
        lo_closed,
        Decimal(hi) if hi is not None else None,
        hi_closed,
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lebih dari 95%", _r("95", False, None, True)),
        ("80 - Kurang dari 95%", _r("80", True, "95", False)),
        ("Kurang dari 50%", _r(None, True, "50", False)),
        ("> 95", _r("95", False, None, True)),
        ("≥ 80", _r("80", True, None, True)),
        ("80 – 95", _r("80", True, "95", True)),
        ("85 s.d. 100", _r("85", True, "100", True)),
        ("85% s/d 100%", _r("85", True, "100", True)),
        ("<= 50", _r(None, True, "50", True)),
        ("Di atas 90", _r("90", False, None, True)),
        ("di bawah 70", _r(None, True, "70", False)),
        ("70% s.d. kurang dari 85%", _r("70", True, "85", False)),
        ("> 80 - 90", _r("80", False, "90", True)),
        ("80 ≤ x < 95", _r("80", True, "95", False)),
        ("95 > X ≥ 80", _r("80", True, "95", False)),
        ("60 < Nilai ≤ 70", _r("60", False, "70", True)),
        ("95 ke atas", _r("95", True, None, True)),
        ("Lebih dari atau sama dengan 90", _r("90", True, None, True)),
        ("kurang dari sama dengan 50,5", _r(None, True, "50.5", True)),
        ("90,01 sampai dengan 100", _r("90.01", True, "100", True)),
        ("antara 80 dan 95", _r("80", True, "95", True)),
        ("≥ 80 dan < 95", _r("80", True, "95", False)),
        ("s.d. 50", _r(None, True, "50", True)),
        ("100", _r("100", True, "100", True)),
    ],
)
def test_parse_range(text: str, expected: Range) -> None:
    assert parse_range(text) == expected


@pytest.mark.parametrize(
    "text",
    ["Sangat Baik", "", "x < 50 atau x > 100", "80 -", "95 - 80", "kurang 50", "> baik"],
)
def test_unreadable_or_empty_ranges_are_refused(text: str) -> None:
    assert parse_range(text) is None


def test_english_convention_bounds() -> None:
    assert parse_range("89.99 - 100", "en") == _r("89.99", True, "100", True)
