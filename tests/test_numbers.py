from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from auditor.numbers import (
    Convention,
    ParsedNumber,
    Reading,
    detect_convention,
    format_number,
    parse_number,
)

D = Decimal
AMB = {"ambiguous_separator"}
UNUSUAL = {"unusual_convention"}

# raw, convention, value, decimals, unit, flags, alternatives as (value, decimals)
NUMBERS = [
    ("31.294.422.433", "id", D("31294422433"), 0, None, set(), []),
    ("Rp. 7.345.924.628", "id", D("7345924628"), 0, "Rp", set(), []),
    ("Rp 36.586.672.662", "id", D("36586672662"), 0, "Rp", set(), []),
    ("IDR1.000", "id", D("1000"), 0, "Rp", AMB, [(D("1.000"), 3)]),
    ("86,11%", "id", D("86.11"), 2, "%", set(), []),
    ("0,90 %", "id", D("0.90"), 2, "%", set(), []),
    ("1 %", "id", D("1"), 0, "%", set(), []),
    ("100,00 %", "id", D("100.00"), 2, "%", set(), []),
    ("9.403%", "id", D("9403"), 0, "%", AMB, [(D("9.403"), 3)]),
    ("9.403%", "en", D("9.403"), 3, "%", AMB, [(D("9403"), 0)]),
    ("1.567,16", "id", D("1567.16"), 2, None, set(), []),
    ("1.567,16", "en", D("1567.16"), 2, None, UNUSUAL, []),
    ("1,447", "id", D("1.447"), 3, None, AMB, [(D("1447"), 0)]),
    ("1,447", "en", D("1447"), 0, None, AMB, [(D("1.447"), 3)]),
    ("0,904", "id", D("0.904"), 3, None, set(), []),
    ("93.6", "id", D("93.6"), 1, None, UNUSUAL, []),
    ("93.6", "en", D("93.6"), 1, None, set(), []),
    ("1,004,422,800", "id", D("1004422800"), 0, None, UNUSUAL, []),
    ("1,004,422,800", "en", D("1004422800"), 0, None, set(), []),
    ("106.439.453.000,00", "id", D("106439453000.00"), 2, None, set(), []),
    ("1,234.56", "en", D("1234.56"), 2, None, set(), []),
    ("(1.234)", "id", D("-1234"), 0, None, {"negative_parentheses"} | AMB, [(D("-1.234"), 3)]),
    ("-12,5", "id", D("-12.5"), 1, None, {"negative"}, []),
    ("61,68%", "id", D("61.68"), 2, "%", set(), []),
    ("7,21", "id", D("7.21"), 2, None, set(), []),
    ("0,61", "id", D("0.61"), 2, None, set(), []),
    ("100", "id", D("100"), 0, None, set(), []),
    ("Rp 50.000,-", "id", D("50000"), 0, "Rp", set(), []),
    ("Rp 50.000,-", "en", D("50000"), 0, "Rp", UNUSUAL, []),
    ("**86,11%**", "id", D("86.11"), 2, "%", set(), []),
    ("\u00a01.234.567\u202f", "en", D("1234567"), 0, None, UNUSUAL, []),
]


@pytest.mark.parametrize(("raw", "conv", "value", "decimals", "unit", "flags", "alts"), NUMBERS)
def test_numbers(
    raw: str,
    conv: Convention,
    value: Decimal,
    decimals: int,
    unit: str | None,
    flags: set[str],
    alts: list[tuple[Decimal, int]],
) -> None:
    parsed = parse_number(raw, conv)
    assert parsed.is_number and parsed.raw == raw
    # Compare as strings too: Decimal("86.11") == Decimal("86.110") would hide lost precision.
    assert (str(parsed.value), parsed.decimals) == (str(value), decimals)
    assert parsed.unit == unit
    assert parsed.flags == flags
    assert [(str(r.value), r.decimals) for r in parsed.alternatives] == [
        (str(v), d) for v, d in alts
    ]


def test_readings_put_primary_first() -> None:
    parsed = parse_number("9.403%")
    assert parsed.readings == (Reading(D("9403"), 0, "id"), Reading(D("9.403"), 3, "en"))
    assert parse_number("abc").readings == ()


@pytest.mark.parametrize(
    ("raw", "kind"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("-", "dash"),
        ("\u2014", "dash"),
        ("--", "dash"),
        ("N/A", "not_available"),
        ("n.a.", "not_available"),
        ("#N/A", "not_available"),
        ("Tidak Tersedia", "not_available"),
        ("abc", "text"),
        ("1.23.456", "text"),
        ("1,234,5.6", "text"),
        ("0.123.456", "text"),
        ("(1.234", "text"),
        ("Rp 5%", "text"),
        ("(-5)", "text"),
        ("1.", "text"),
    ],
)
def test_non_numbers(raw: str, kind: str) -> None:
    parsed = parse_number(raw)
    assert (parsed.kind, parsed.value, parsed.decimals, parsed.unit) == (kind, None, 0, None)
    assert not parsed.is_number


@pytest.mark.parametrize(
    ("raw", "rank"),
    [
        ("Pratama", 1),
        ("Madya", 2),
        ("strata nindya", 3),
        ("UTAMA", 4),
        ("Kategori KLA", 5),
        ("Kota Layak Anak", 5),
    ],
)
def test_ordinals(raw: str, rank: int) -> None:
    parsed = parse_number(raw)
    assert (parsed.kind, parsed.rank, parsed.value, parsed.decimals) == (
        "ordinal",
        rank,
        D(rank),
        0,
    )


@pytest.mark.parametrize(
    ("value", "decimals", "conv", "text"),
    [
        (D("31294422433"), 0, "id", "31.294.422.433"),
        (D("1567.16"), 2, "id", "1.567,16"),
        (D("-1234"), 0, "id", "-1.234"),
        (D("1234567.5"), 2, "en", "1,234,567.50"),
        (D("99.545"), 2, "id", "99,55"),  # half up, not banker's rounding
        (D("-0.001"), 2, "id", "0,00"),
    ],
)
def test_format_number(value: Decimal, decimals: int, conv: Convention, text: str) -> None:
    assert format_number(value, decimals, conv) == text


@pytest.mark.parametrize(
    ("raws", "expected"),
    [
        (["1.567,16", "31.294.422.433", "86,11"], "id"),
        (["1,004,422,800", "93.6", "1,234.5"], "en"),
        (["93.6", "86,11"], "id"),  # tie
        (["9.403", "1,447", "100", "abc"], "id"),  # no evidence
    ],
)
def test_detect_convention(raws: list[str], expected: Convention) -> None:
    assert detect_convention(raws) == expected


LIMIT = 10**15 - 1


@st.composite
def printed(draw: st.DrawFn) -> tuple[Decimal, int]:
    places = draw(st.integers(0, 4))
    value = draw(st.decimals(-LIMIT, LIMIT, places=places, allow_nan=False))
    return value, places


@pytest.mark.parametrize("conv", ["id", "en"])
@given(printed())
def test_format_parse_round_trip(conv: Convention, case: tuple[Decimal, int]) -> None:
    value, places = case
    parsed = parse_number(format_number(value, places, conv), conv)
    assert (parsed.value, parsed.decimals) == (value, places)
    assert "unusual_convention" not in parsed.flags


@given(st.text())
def test_never_raises(raw: str) -> None:
    parsed = parse_number(raw)
    assert isinstance(parsed, ParsedNumber) and parsed.raw == raw
    assert (parsed.value is None) == (parsed.kind not in {"number", "ordinal"})


@given(st.lists(printed(), min_size=1))
def test_detect_convention_of_id_numbers(cases: list[tuple[Decimal, int]]) -> None:
    assert detect_convention(format_number(v, d) for v, d in cases) == "id"


@pytest.mark.parametrize(
    ("raw", "numeric", "readings"),
    [
        ("168.988.6760", True, [("168988676", 0), ("1689886760", 0)]),  # one digit too many
        ("73,41%1", True, [("73.41", 2)]),  # a stray character after the percent sign
        ("1 234 567", True, [("1234567", 0)]),  # spaces as thousands separators
        ("Rp 2.500.0000", True, [("2500000", 0), ("25000000", 0)]),
        ("12,5,6", True, []),  # two decimal separators: nothing plausible
        ("belum dirilis BPS", False, []),  # a remark, not a slip
        ("N/A", False, []),
    ],
)
def test_malformed_numbers_and_their_plausible_readings(raw, numeric, readings):
    from auditor.numbers import looks_numeric, malformed_readings

    assert parse_number(raw).kind in ("text", "not_available")
    assert looks_numeric(raw) is numeric
    got = [(str(r.value), r.decimals) for r in malformed_readings(raw)] if numeric else []
    assert got == readings


@given(st.integers(min_value=1, max_value=10**12))
def test_a_well_formed_number_is_never_called_malformed(value):
    from auditor.numbers import looks_numeric

    text = format_number(Decimal(value), 0, "id")
    assert parse_number(text).is_number
    assert looks_numeric(text)  # numeric-looking, and parsed: no problem is recorded
