"""Sum, total and sequence checks: the sample's findings, and no false errors on
generated correct tables whether the report rounds or truncates."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.arith import as_printed
from auditor.engine import audit
from auditor.findings import Outcome
from auditor.ingest.text import parse_text
from auditor.model import Document
from auditor.numbers import format_number
from auditor.recognise.profiles import load_profiles
from auditor.resources import bundled_path
from auditor.rules import load_rules, select_rules

PROFILES = load_profiles()
RULES = select_rules(load_rules([], PROFILES), ["LKJ101", "LKJ111", "LKJ601", "LKJ602"], [])


def outcomes(text: str) -> list[Outcome]:
    document = Document(path="test", format="text", sha256="", blocks=parse_text(text))
    return audit(document, RULES, PROFILES).outcomes


def findings(text: str) -> set[tuple[str, str, str | None]]:
    return {(o.rule.code, o.subject.row, o.subject.column) for o in outcomes(text) if not o.passed}


def test_sample_findings():
    sample = bundled_path("datasets", "lkjip-sumenep-dinsos-p3a-2023.txt").read_text()
    assert findings(sample) == {
        # Section A prints the grand total, not the sum of its six programs.
        ("LKJ101", "A", "anggaran"),
        ("LKJ101", "A", "realisasi"),
        # B.2.3's spending was copied from B.2.2; B.2 keeps the right figure.
        ("LKJ101", "B.2.3", "realisasi"),
        ("LKJ101", "B.2", "realisasi"),
        # The total row equals section A, not A + B.
        ("LKJ111", "76", "anggaran"),
        ("LKJ111", "76", "realisasi"),
        ("LKJ601", "A.2.1.2", "no"),
        ("LKJ601", "A.4.1.2", "no"),
    }


# True amounts in juta Rupiah (four decimals): sections › programs › kegiatan › sub kegiatan.
LEAF = st.integers(min_value=1, max_value=99_999_999).map(lambda n: Decimal(n).scaleb(-4))
TREE = st.lists(
    st.lists(
        st.lists(st.lists(LEAF, min_size=1, max_size=3), min_size=1, max_size=3),
        min_size=1,
        max_size=3,
    ),
    min_size=1,
    max_size=2,
)


def _sum(node) -> Decimal:
    return node if isinstance(node, Decimal) else sum((_sum(n) for n in node), Decimal(0))


def _render(tree, rounding: str, decimals: int, sections: bool) -> str:
    """A realisation table (spending mirrors the budget) printed by a report that rounds
    or truncates; without section letters only the first section is printed."""

    def row(code: str, label: str, value: Decimal) -> str:
        amount = format_number(as_printed(value, decimals, rounding), decimals)
        return f"{code}\t{label}\t{amount}\t{amount}"

    tree = tree if sections else tree[:1]
    rows = []
    for s, programs in enumerate(tree):
        if sections:
            rows.append(row(f"{chr(ord('A') + s)}.", f"URUSAN {s}", _sum(programs)))
        for p, kegiatan in enumerate(programs, 1):
            rows.append(row(f"{p}.", f"PROGRAM {s}.{p}", _sum(kegiatan)))
            for k, subs in enumerate(kegiatan, 1):
                rows.append(row(f"{p}.{k}", f"Kegiatan {s}.{p}.{k}", _sum(subs)))
                rows.extend(
                    row(f"{p}.{k}.{n}", f"Sub kegiatan {s}.{p}.{k}.{n}", v)
                    for n, v in enumerate(subs, 1)
                )
    rows.append(row("", "JUMLAH", _sum(tree)))
    header = "Tabel 9 Realisasi Anggaran (juta rupiah)\n\nNO\tURAIAN\tPAGU\tREALISASI\n"
    return header + "\n".join(rows) + "\n"


@settings(max_examples=40, deadline=None)
@given(
    tree=TREE,
    rounding=st.sampled_from(["round", "truncate"]),
    decimals=st.sampled_from([1, 2]),
    sections=st.booleans(),
)
def test_correct_rounded_or_truncated_tables_pass(tree, rounding, decimals, sections):
    sums = [
        o
        for o in outcomes(_render(tree, rounding, decimals, sections))
        if o.rule.code in ("LKJ101", "LKJ111")
    ]
    assert sums
    assert all(o.passed for o in sums), [o.message("en") for o in sums if not o.passed]


@settings(max_examples=40, deadline=None)
@given(tree=TREE, shift=st.integers(min_value=0, max_value=6), sections=st.booleans())
def test_a_changed_whole_rupiah_leaf_breaks_its_parent(tree, shift, sections):
    whole = [[[[v.scaleb(4) for v in k] for k in p] for p in sec] for sec in tree]
    # Whole Rupiah (not juta): exact amounts, so a change of 1 Rupiah must show.
    lines = _render(whole, "round", 0, sections).replace("(juta rupiah)", "(rupiah)").splitlines()
    # Change the budget of the first sub kegiatan only: kegiatan 1.1 no longer adds up.
    n = next(i for i, line in enumerate(lines) if line.startswith("1.1.1\t"))
    code, label, budget, spending = lines[n].split("\t")
    changed = Decimal(budget.replace(".", "")) + Decimal(10) ** shift
    lines[n] = "\t".join([code, label, format_number(changed, 0), spending])
    key = "A.1.1" if sections else "1.1"
    assert ("LKJ101", key, "anggaran") in findings("\n".join(lines))
